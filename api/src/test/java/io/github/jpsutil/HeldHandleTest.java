package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A handle read again and again keeps its /proc files open, and still never reads another process. */
public class HeldHandleTest {
    @TempDir
    Path dir;
    final Live live = new Live();

    @AfterEach
    void reap() throws InterruptedException {
        live.reapAll();
    }

    /** This JVM's descriptors open on /proc/PID/... */
    static long descriptorsOn(long pid) throws IOException {
        return descriptorsOnto(Path.of("/proc/" + pid));
    }

    /**
     * This JVM's open descriptors onto {@code dir} or below it. Only a test's own directories
     * are counted: other threads of the JVM may open and close files of their own meanwhile.
     */
    public static long descriptorsOnto(Path dir) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException e) {
                    return false; // the directory stream's own descriptor, closed meanwhile
                }
            }).count();
        }
    }

    @Test
    void aHandleReadInALoopHoldsItsFilesAndReadsGoneOnceReaped() throws Exception {
        Popen child = live.start("sleep", "1000");
        OsProcess p = Psutil.local().process(child.pid());
        for (int i = 0; i < 50; i++) {
            p.cpuTimes();
            p.memoryInfo();
            p.ioCounters();
            p.numThreads();
            assertThat(p.cmdline()).containsExactly("sleep", "1000");
        }
        assertThat(descriptorsOn(child.pid())).isEqualTo(5); // stat, statm, io, status, cmdline: once each
        child.process().destroyForcibly();
        child.process().waitFor();
        assertThatThrownBy(p::cpuTimes).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::cmdline).isInstanceOf(NoSuchProcess.class);
        assertThat(p.isRunning()).isFalse();
        assertThat(descriptorsOn(child.pid())).isZero(); // closed with the process
    }

    @Test
    void aFakeTreesEndedProcessReadsGoneThroughItsHeldFilesAndItsPidsNewOwnerIsNotRead() {
        FakeProc fake = new FakeProc(dir);
        fake.process(1, "init", 'S', 0, 5, "/sbin/init\0");
        fake.process(400, "ephemeral", 'S', 1, 3000, "ephemeral\0--x\0");
        Psutil ps = fake.psutil();
        ps.holdFiles(64);
        OsProcess p = ps.process(400);
        for (int i = 0; i < 3; i++) {
            assertThat(p.cmdline()).containsExactly("ephemeral", "--x");
            assertThat(p.ppid()).isEqualTo(1);
            p.memoryInfo();
        }
        fake.delete(400);
        fake.process(400, "newowner", 'S', 1, 4000, "newowner\0");
        assertThatThrownBy(p::ppid).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::cmdline).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::memoryInfo).isInstanceOf(NoSuchProcess.class);
        assertThat(p.isRunning()).isFalse();
        assertThat(ps.process(400).cmdline()).containsExactly("newowner");
        ps.holdFiles(0);
    }

    @Test
    void holdFilesRejectsANegativeCount() {
        assertThatThrownBy(() -> Psutil.local().holdFiles(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
