package io.github.jpsutil.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NSpid of /proc/&lt;pid&gt;/status, and this JVM found in a proc tree. */
class NamespacePidsTest {

    @Test
    void nspidListsThePidInEachNamespaceOutermostFirst() {
        assertThat(NamespacePids.nspid("Name:\tjava\nTgid:\t4242\nNSpid:\t4242\t7\t1\nNSpgid:\t4242\n")).containsExactly(4242, 7, 1);
        assertThat(NamespacePids.nspid(Samples.text("status-6.x-cat.txt"))).hasSize(1);
        assertThat(NamespacePids.nspid(Samples.text("status-2.6.18-handwritten.txt"))).isNull(); // before 4.1
        assertThatThrownBy(() -> NamespacePids.nspid("NSpid:\tx\n")).isInstanceOf(ParseError.class);
    }

    @Test
    void thisJvmInItsOwnProcTreeIsItsOwnPid() {
        assertThat(NamespacePids.selfIn(new LinuxSystem(Path.of("/proc"), Path.of("/sys")))).isEqualTo(ProcessHandle.current().pid());
    }

    /**
     * A tree as the host's /proc looks from a container: this JVM under its host pid, whose last
     * NSpid is its own pid, and a process of another namespace with the same last NSpid.
     */
    @Test
    void inAnotherNamespacesTreeThisJvmIsTheOneWithItsNamespaceAndLastNspid(@TempDir Path dir) throws Exception {
        long own = ProcessHandle.current().pid();
        String ownNs = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        Path proc = dir.resolve("proc");
        fakeProcess(proc, 500, own, "pid:[1]");
        fakeProcess(proc, 900, own, ownNs);
        fakeProcess(proc, 901, own + 1, ownNs);
        assertThat(NamespacePids.selfIn(new LinuxSystem(proc, Path.of("/sys")))).isEqualTo(900);
        Files.delete(proc.resolve("900/ns/pid"));
        assertThatThrownBy(() -> NamespacePids.selfIn(new LinuxSystem(proc, Path.of("/sys"))))
                .hasMessageContaining("is not among the processes of " + proc);
    }

    private static void fakeProcess(Path proc, long hostPid, long nsPid, String namespace) throws Exception {
        Path d = Files.createDirectories(proc.resolve(hostPid + "/ns"));
        Files.writeString(d.resolveSibling("status"), "Name:\tjava\nTgid:\t" + hostPid + "\nNSpid:\t" + hostPid + "\t" + nsPid + "\n");
        Files.createSymbolicLink(d.resolve("pid"), Path.of(namespace));
    }
}
