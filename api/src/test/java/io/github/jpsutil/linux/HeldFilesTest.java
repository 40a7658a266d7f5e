package io.github.jpsutil.linux;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Descriptors held on a live child's /proc files: read again, bounded, and bound to the process, not its pid. */
class HeldFilesTest {
    static final List<String> FILES = List.of("stat", "status", "statm", "io", "cmdline");
    static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    static long startTicks(long pid) throws IOException {
        return PidStat.parse(ProcFiles.readString(Path.of("/proc/" + pid + "/stat"))).startTicks();
    }

    static long startTicksOf(byte[] stat) {
        return PidStat.parse(text(stat)).startTicks();
    }

    /** A held file's text, copied out of the thread's buffer it was read into. */
    static byte[] read(HeldFiles held, Path dir, long pid, long ticks, String file) throws IOException {
        int n = held.readProcessFile(dir, pid, ticks, file);
        return java.util.Arrays.copyOf(ProcFiles.bytes(), n);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void readsAgainTheKernelsCurrentText() throws Exception {
        HeldFiles held = new HeldFiles(64);
        long self = ProcessHandle.current().pid();
        Path dir = Path.of("/proc/" + self);
        long ticks = startTicks(self);
        for (String f : FILES) held.readProcessFile(dir, self, ticks, f);
        assertThat(held.size()).isEqualTo(FILES.size());
        long readsBefore = Long.parseLong(text(read(held, dir, self, ticks, "io")).split("\n")[2].split(" ")[1]);
        for (int i = 0; i < 20; i++) held.readProcessFile(dir, self, ticks, "stat");
        long readsAfter = Long.parseLong(text(read(held, dir, self, ticks, "io")).split("\n")[2].split(" ")[1]);
        assertThat(readsAfter).isGreaterThanOrEqualTo(readsBefore + 20); // syscr counts the preads: fresh text
        assertThat(held.size()).isEqualTo(FILES.size()); // no new descriptor per read
        held.clear();
        assertThat(held.size()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityClosingTheLeastRecentlyUsed() throws Exception {
        HeldFiles held = new HeldFiles(3);
        long self = ProcessHandle.current().pid();
        Path dir = Path.of("/proc/" + self);
        long ticks = startTicks(self);
        for (String f : FILES) held.readProcessFile(dir, self, ticks, f);
        assertThat(held.size()).isEqualTo(3);
        assertThat(new HeldFiles(Integer.MAX_VALUE).capacity()).isLessThanOrEqualTo((int) (HeldFiles.openFilesLimit() / HeldFiles.NOFILE_SHARE));
        assertThatThrownBy(() -> new HeldFiles(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeldDescriptorOfAReapedChildFailsEvenWhenItsPidHasANewOwner() throws Exception {
        assumeThat(Files.isWritable(NS_LAST_PID)).as("needs root to choose the next pid").isTrue();
        HeldFiles held = new HeldFiles(64);
        Process first = new ProcessBuilder("sleep", "1000").start();
        Process second = null;
        try {
            long pid = first.pid();
            Path dir = Path.of("/proc/" + pid);
            long ticks = startTicks(pid);
            for (String f : FILES) held.readProcessFile(dir, pid, ticks, f);
            assertThat(text(read(held, dir, pid, ticks, "cmdline"))).isEqualTo("sleep\0" + "1000\0");
            // the kernel's side, which HeldFiles relies on: descriptors of the first process, kept here
            List<FileChannel> raw = new ArrayList<>();
            for (String f : FILES) raw.add(FileChannel.open(dir.resolve(f)));
            first.destroyForcibly();
            first.waitFor(); // reaped: the pid is free
            // a process's identity is its pid and its start in clock ticks: a new owner started within
            // the same tick would be the same process to anyone (psutil too); start it a few ticks later
            Thread.sleep(50);
            second = respawnOn(pid);
            assumeThat(second).as("another process took pid " + pid + " first, every time").isNotNull();
            assertThat(text(ProcFiles.readRecord(dir.resolve("cmdline")))).isEqualTo("sleep\0" + "999\0");
            for (FileChannel ch : raw) {
                assertThatThrownBy(() -> ProcFiles.readAll(ch, true)).isInstanceOf(IOException.class); // ESRCH
                ch.close();
            }
            // through HeldFiles: a held descriptor fails (or, once dropped as gone, a fresh open is refused)
            for (String f : FILES.subList(1, FILES.size())) {
                assertThatThrownBy(() -> held.readProcessFile(dir, pid, ticks, f)).as(f).isInstanceOf(IOException.class);
            }
            try {
                assertThat(startTicksOf(read(held, dir, pid, ticks, "stat"))).isNotEqualTo(ticks); // not ours: the caller says gone
            } catch (IOException expected) {
                // the held stat's ESRCH
            }
            assertThat(held.size()).isZero(); // every descriptor of the gone process is closed
            // nothing of the new owner is kept under the old identity
            assertThat(startTicks(pid)).isNotEqualTo(ticks);
            assertThatThrownBy(() -> held.readProcessFile(dir, pid, ticks, "cmdline")).isInstanceOf(IOException.class);
            assertThat(held.size()).isZero();
            // the new owner, by its own identity, is read and held
            long newTicks = startTicks(pid);
            assertThat(text(read(held, dir, pid, newTicks, "cmdline"))).isEqualTo("sleep\0" + "999\0");
            assertThat(text(read(held, dir, pid, newTicks, "cmdline"))).isEqualTo("sleep\0" + "999\0");
        } finally {
            first.destroyForcibly();
            first.waitFor();
            if (second != null) {
                second.destroyForcibly();
                second.waitFor();
            }
            held.clear();
        }
    }

    @Test
    void theDescriptorsOfAProcessThatIsGoneAndNoLongerReadAreClosed() throws Exception {
        HeldFiles held = new HeldFiles(64);
        long self = ProcessHandle.current().pid();
        Path selfDir = Path.of("/proc/" + self);
        long selfTicks = startTicks(self);
        Process child = new ProcessBuilder("sleep", "1000").start();
        try {
            long pid = child.pid();
            for (String f : FILES) held.readProcessFile(Path.of("/proc/" + pid), pid, startTicks(pid), f);
            held.readProcessFile(selfDir, self, selfTicks, "stat");
            assertThat(held.size()).isEqualTo(FILES.size() + 1);
            child.destroyForcibly();
            child.waitFor();
            // only this process is read from now on, as a sampler reads what it still tracks
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (held.size() > 1 && System.nanoTime() < deadline) {
                held.readProcessFile(selfDir, self, selfTicks, "stat");
                Thread.sleep(50);
            }
            assertThat(held.size()).isEqualTo(1);
        } finally {
            child.destroyForcibly();
            child.waitFor();
            held.clear();
        }
    }

    /** A child on this pid: the kernel gives the pid after ns_last_pid to the next fork (others may race). */
    static Process respawnOn(long pid) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Files.writeString(NS_LAST_PID, Long.toString(pid - 1));
            Process p = new ProcessBuilder("sleep", "999").start();
            if (p.pid() == pid) return p;
            p.destroyForcibly();
            p.waitFor();
        }
        return null;
    }

    @Test
    void theMachinesFilesAreHeldAndReadAfresh() throws Exception {
        LinuxSystem sys = new LinuxSystem(Path.of("/proc"), Path.of("/sys"));
        sys.holdFiles(16);
        try {
            String first = sys.systemFile(Path.of("/proc/stat"));
            sys.systemFile(Path.of("/proc/meminfo"));
            assertThat(sys.heldFiles().size()).isEqualTo(2);
            long ctxt = ctxt(first);
            for (int i = 0; i < 20 && ctxt(sys.systemFile(Path.of("/proc/stat"))) == ctxt; i++) Thread.sleep(50);
            assertThat(ctxt(sys.systemFile(Path.of("/proc/stat")))).isGreaterThan(ctxt); // the kernel's current text
            assertThat(sys.heldFiles().size()).isEqualTo(2);
            assertThat(sys.virtualMemory().total()).isPositive();
        } finally {
            sys.holdFiles(0);
        }
        assertThat(sys.heldFiles()).isNull();
    }

    static long ctxt(String stat) {
        for (String line : stat.split("\n")) if (line.startsWith("ctxt ")) return Long.parseLong(line.substring(5).trim());
        throw new AssertionError("no ctxt line");
    }
}
