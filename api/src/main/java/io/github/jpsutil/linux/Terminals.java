package io.github.jpsutil.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** psutil's {@code terminal()}: the device file under /dev whose device number is a process' tty_nr. */
final class Terminals {
    static final Path DEV = Path.of("/dev");

    private Terminals() {
    }

    /**
     * The path of the terminal device {@code ttyNr} (stat's field 7), among /dev/tty* and
     * /dev/pts/* as psutil looks; null for 0 (no controlling terminal) or a device with no file.
     */
    static String path(Path dev, long ttyNr) {
        if (ttyNr == 0) return null;
        String found = find(dev, "tty*", ttyNr);
        return found != null ? found : find(dev.resolve("pts"), "*", ttyNr);
    }

    private static String find(Path dir, String glob, long rdev) {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, glob)) {
            for (Path p : d) {
                try {
                    if (rdev == ((Number) Files.getAttribute(p, "unix:rdev")).longValue()) return p.toString();
                } catch (IOException | UnsupportedOperationException e) {
                    // gone meanwhile, or not a device file: not this one
                }
            }
        } catch (IOException e) {
            return null; // no such directory (no devpts mounted): no terminal found there
        }
        return null;
    }
}
