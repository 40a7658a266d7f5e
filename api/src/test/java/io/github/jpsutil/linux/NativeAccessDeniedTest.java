package io.github.jpsutil.linux;

import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library in a Java 25 program run with {@code --illegal-native-access=deny}: /proc reads and
 * user names work, and a call that needs a system call names the flag that allows it.
 */
class NativeAccessDeniedTest {
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    /** Run in the forked JVM: one line per step. */
    public static void main(String[] args) {
        OsProcess self = Psutil.local().self();
        System.out.println("name " + self.name() + " nice " + self.nice() + " user " + self.username());
        try {
            self.setNice(self.nice());
            System.out.println("renice done");
        } catch (RuntimeException e) {
            System.out.println("renice failed: " + e.getMessage());
        }
    }

    private static List<String> run(String... jvmArgs) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(JAVA_25.toString()));
        cmd.addAll(List.of(jvmArgs));
        // the api is a module: under the build's tests its classes and JNA lie on the module path
        String cp = System.getProperty("java.class.path") + java.io.File.pathSeparator + System.getProperty("jdk.module.path", "");
        cmd.addAll(List.of("-cp", cp, NativeAccessDeniedTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return out.lines().toList();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void deniedReadsWorkAndASystemCallNamesTheFlag() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), JAVA_25 + " is not installed");
        List<String> out = run("--illegal-native-access=deny");
        assertThat(out).containsExactly("name java nice 0 user " + System.getProperty("user.name"),
                "renice failed: setpriority needs native access, which is denied on this JVM (--illegal-native-access=deny):"
                        + " add --enable-native-access=ALL-UNNAMED to its command line");
    }

    @Test
    void withTheFlagItActsWithoutAWarning() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), JAVA_25 + " is not installed");
        assertThat(run("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED"))
                .containsExactly("name java nice 0 user " + System.getProperty("user.name"), "renice done");
    }
}
