package io.github.jpsutil.linux;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** "No process listing forks a program or re-reads /etc/passwd per process": one lookup per distinct uid. */
class UserLookupTest {

    @Test
    void listingEveryUsernameLooksUpEachUidOnce() {
        LinuxSystem sys = new LinuxSystem(Path.of("/proc"), Path.of("/sys"));
        Set<Long> uids = new HashSet<>();
        int named = 0;
        for (int round = 0; round < 3; round++) {
            for (long pid : sys.pids()) {
                try {
                    var p = sys.process(pid, -1);
                    String user = p.username();
                    uids.add(p.uids().real());
                    assertThat(user).isNotEmpty();
                    named++;
                } catch (NoSuchProcess | AccessDenied gone) {
                    // exited during the listing
                }
            }
        }
        assertThat(named).isGreaterThan(uids.size());
        assertThat(sys.users.lookups.get()).isEqualTo(uids.size());
    }

    @Test
    void namesMatchTheUserDatabase() {
        LinuxSystem sys = new LinuxSystem(Path.of("/proc"), Path.of("/sys"));
        assertThat(sys.users.name(0)).isEqualTo("root");
        assertThat(sys.users.name(0)).isEqualTo("root");
        assertThat(sys.users.lookups.get()).isEqualTo(1);
        // a uid without a name is its number, as in psutil
        assertThat(sys.users.name(4_000_000_123L)).isEqualTo("4000000123");
        assertThat(sys.users.lookups.get()).isEqualTo(2);
    }
}
