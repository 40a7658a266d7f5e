package io.github.jpsutil;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** psutil 5.9.4 (Debian's python3-psutil for /usr/bin/python3) as the reference the oracle tests compare with. */
final class PsutilOracle {
    static final String PYTHON = "/usr/bin/python3";

    private PsutilOracle() {
    }

    /** Skips the test class unless psutil 5.9.4 is there to compare with. */
    static void assumePresent() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON))
                && Live.run(PYTHON, "-c", "import psutil; print(psutil.__version__)").trim().equals("5.9.4"),
                "Debian's python3-psutil 5.9.4 is not installed (apt-get install python3-psutil)");
    }
}
