package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** utmp records written by util-linux's utmpdump, read as who reads them. */
class UtmpTest {
    @Test
    void userProcessesOnly() {
        List<User> users = Utmp.parse(Samples.bytes("utmp-debian12-utmpdump.bin"));
        assertThat(users).containsExactly(
                new User("alice", "pts/0", "192.0.2.9", Instant.parse("2026-12-01T02:00:00Z").getEpochSecond() + 0.25, 4242),
                new User("bob", "tty1", "", Instant.parse("2026-12-01T02:05:00Z").getEpochSecond(), 4343),
                new User("carol", ":0", "localhost", Instant.parse("2026-12-01T02:07:00Z").getEpochSecond(), 4545));
    }

    @Test
    void theSameUsersAsWho() {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/who").canExecute(), "coreutils who");
        java.nio.file.Path f;
        try {
            f = java.nio.file.Files.createTempFile("utmp", ".bin");
            java.nio.file.Files.write(f, Samples.bytes("utmp-debian12-utmpdump.bin"));
            Process p = new ProcessBuilder("/usr/bin/who", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.nio.file.Files.delete(f);
            List<String> who = out.lines().map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]).toList();
            assertThat(Utmp.parse(Samples.bytes("utmp-debian12-utmpdump.bin")).stream().map(u -> u.name() + " " + u.terminal())
                    .toList()).isEqualTo(who);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFileOfPartRecordsIsAParseError() {
        assertThatThrownBy(() -> Utmp.parse(new byte[100])).isInstanceOf(JpsutilException.class).hasMessageContaining("384");
        assertThat(Utmp.parse(new byte[0])).isEmpty();
    }
}
