package io.github.jpsutil.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A committed file that is generated from the code (MBean reference, exporter rules): the test
 * fails when the file differs from what the code generates now, and rewrites it when run with
 * {@code -D<property>=true}.
 */
final class GeneratedFile {
    private GeneratedFile() {
    }

    static void check(Path file, String generated, String property, String regenerate) throws Exception {
        if (Boolean.getBoolean(property)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(file).as("%s is missing; write it with: %s", file.toAbsolutePath(), regenerate).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s differs from what the code generates; rewrite it with: %s", file.toAbsolutePath(), regenerate)
                .isEqualTo(generated);
    }
}
