package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** System-wide readings cross-checked with /proc, /sys, nproc and procps free. */
class LiveSystemTest {
    private final Psutil ps = Psutil.local();
    private final Live live = new Live();

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    private static Set<Long> procListing() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).map(Long::parseLong)
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void pidsAreTheProcListing() throws Exception {
        Set<Long> before = procListing();
        long[] pids = ps.pids();
        Set<Long> after = procListing();
        Set<Long> ours = Arrays.stream(pids).boxed().collect(Collectors.toSet());
        Set<Long> stable = new HashSet<>(before);
        stable.retainAll(after);
        Set<Long> any = new HashSet<>(before);
        any.addAll(after);
        assertThat(ours).containsAll(stable).isSubsetOf(any).contains(ProcessHandle.current().pid(), 1L);
        assertThat(pids).isSorted();
    }

    @Test
    void pidExistsForProcessesNotForThreads() throws Exception {
        long self = ProcessHandle.current().pid();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                // done
            }
        }, "jpsutil-tid-probe");
        t.setDaemon(true);
        t.start();
        started.await();
        try {
            long tid;
            try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
                tid = s.map(p -> Long.parseLong(p.getFileName().toString())).filter(x -> x != self).findFirst().orElseThrow();
            }
            assertThat(Files.exists(Path.of("/proc/" + tid))).as("/proc/<tid> resolves").isTrue();
            assertThat(ps.pidExists(tid)).as("a thread id is not a pid").isFalse();
            assertThat(ps.pids()).doesNotContain(tid);
        } finally {
            t.interrupt();
        }
        assertThat(ps.pidExists(self)).isTrue();
        assertThat(ps.pidExists(1)).isTrue();
        // psutil 5.9.4 answers pid_exists(0) with "0 in pids()": false on Linux, and Process(0) is NoSuchProcess
        assertThat(ps.pidExists(0)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ps.process(0)).isInstanceOf(NoSuchProcess.class);
        assertThat(ps.pidExists(Integer.MAX_VALUE)).isFalse();
        assertThat(ps.pidExists(-1)).isFalse();
        assertThat(ps.pidExists(1L << 40)).isFalse();
    }

    @Test
    void processesSkipsThoseThatExitWhileItRuns() throws Exception {
        Popen gone = live.start("sleep", "30");
        Stream<OsProcess> stream = ps.processes(); // the pid list is taken here
        gone.process().destroyForcibly();
        gone.process().waitFor();
        List<OsProcess> all = stream.toList();
        assertThat(all).extracting(OsProcess::pid).doesNotContain(gone.pid()).contains(ProcessHandle.current().pid());
        assertThat(all).extracting(OsProcess::pid).doesNotHaveDuplicates().isSorted();
        // and a listing while children come and go raises nothing
        for (int i = 0; i < 20; i++) live.start("sleep", "0.0" + (i % 10));
        for (int round = 0; round < 5; round++) {
            long n = ps.processes().map(p -> {
                try {
                    return p.name();
                } catch (NoSuchProcess e) {
                    return "";
                }
            }).count();
            assertThat(n).isPositive();
        }
    }

    private static long[] cpuLine() {
        String line = Live.read("/proc/stat").lines().filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow();
        return Arrays.stream(line.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    @Test
    void cpuTimesLieBetweenTwoReadingsOfProcStat() {
        double hz = ps.clockTicks();
        long[] a = cpuLine();
        SystemCpuTimes t = ps.cpuTimes();
        long[] b = cpuLine();
        double[] ours = {t.user(), t.nice(), t.system(), t.idle(), t.iowait(), t.irq(), t.softirq(), t.steal(), t.guest(), t.guestNice()};
        for (int i = 0; i < 10; i++) assertThat(ours[i]).as("field %d", i).isBetween(a[i] / hz, b[i] / hz);
        assertThat(t.total()).isGreaterThan(t.busy());
    }

    @Test
    void cpuPercentIsAPercentage() throws Exception {
        // the kernel's own busy share over a window that holds the call's (clamped values prove nothing)
        long[] k0 = kernelCpuTicks();
        double blocking = ps.cpuPercent(Duration.ofMillis(300));
        long[] k1 = kernelCpuTicks();
        assertThat(blocking).isCloseTo(busyShare(k0, k1), within(15.0));
        // a busy thread for the next interval makes it visibly non-zero on a machine of few CPUs
        Thread spin = new Thread(() -> {
            long end = System.nanoTime() + 400_000_000L;
            long x = 0;
            while (System.nanoTime() < end) x += System.nanoTime() % 7;
            if (x == 42) System.out.print("");
        });
        spin.start();
        double busy = ps.cpuPercent(Duration.ofMillis(300));
        spin.join();
        assertThat(busy).isBetween(100.0 / ps.cpuCount() * 0.5, 100.0);
        assertThat(ps.self().cpuPercent(Duration.ofMillis(100))).isBetween(0.0, 100.0 * ps.cpuCount());
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal, in ticks. */
    private static long[] kernelCpuTicks() throws Exception {
        String cpu = Live.read("/proc/stat").lines().findFirst().orElseThrow();
        return Arrays.stream(cpu.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong).toArray();
    }

    /** Busy percent between two readings: all but idle and iowait, as psutil counts it. */
    private static double busyShare(long[] a, long[] b) {
        long all = 0, idle = 0;
        for (int i = 0; i < 8; i++) all += b[i] - a[i];
        idle += (b[3] - a[3]) + (b[4] - a[4]);
        return all == 0 ? 0.0 : (all - idle) * 100.0 / all;
    }

    @Test
    void cpuCountAgreesWithSysfsAndNproc() throws Exception {
        int n = ps.cpuCount();
        assertThat(n).isEqualTo(Integer.parseInt(Live.run("getconf", "_NPROCESSORS_ONLN").trim()));
        assertThat(n).isLessThanOrEqualTo(Integer.parseInt(Live.run("nproc", "--all").trim()));
        assertThat(Runtime.getRuntime().availableProcessors()).isLessThanOrEqualTo(n);
        Set<String> cores = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/devices/system/cpu"))) {
            for (Path cpu : s.filter(p -> p.getFileName().toString().matches("cpu[0-9]+")).toList()) {
                Path core = cpu.resolve("topology/core_cpus_list");
                if (!Files.exists(core)) core = cpu.resolve("topology/thread_siblings_list");
                if (Files.exists(core)) cores.add(Files.readString(core).trim());
            }
        }
        assertThat(ps.cpuCount(false)).isEqualTo(cores.isEmpty() ? -1 : cores.size());
        assertThat(ps.cpuCount(false)).isLessThanOrEqualTo(n);
    }

    @Test
    void bootTimeIsBtime() {
        long btime = Long.parseLong(Live.read("/proc/stat").lines().filter(l -> l.startsWith("btime ")).findFirst()
                .orElseThrow().substring(6).trim());
        assertThat(ps.bootTime()).isEqualTo((double) btime);
        double uptime = Double.parseDouble(Live.read("/proc/uptime").split(" ")[0]);
        assertThat(ps.bootTime()).isCloseTo(System.currentTimeMillis() / 1000.0 - uptime, within(2.0));
        assertThat(ps.clockTicks()).isEqualTo(Long.parseLong(Live.run("getconf", "CLK_TCK").trim()));
        assertThat(ps.pageSize()).isEqualTo(Long.parseLong(Live.run("getconf", "PAGESIZE").trim()));
    }

    /** psutil's formulas applied to a reading of /proc/meminfo: total, free, buffers, cached, shared, used. */
    private static long[] formulas(Map<String, Long> m) {
        long total = m.get("MemTotal"), free = m.get("MemFree"), buffers = m.get("Buffers");
        long cached = m.get("Cached") + m.getOrDefault("SReclaimable", 0L);
        long used = total - free - cached - buffers;
        if (used < 0) used = total - free;
        return new long[]{total, free, buffers, cached, m.get("Shmem"), used, m.get("MemAvailable")};
    }

    @Test
    void virtualMemoryFollowsPsutilsFormulasOnMeminfo() {
        long[] a = formulas(Live.keyValues(Live.read("/proc/meminfo")));
        VirtualMemory v = ps.virtualMemory();
        long[] b = formulas(Live.keyValues(Live.read("/proc/meminfo")));
        long[] ours = {v.total(), v.free(), v.buffers(), v.cached(), v.shared(), v.used(), v.available()};
        String[] names = {"total", "free", "buffers", "cached", "shared", "used", "available"};
        for (int i = 0; i < ours.length; i++)
            assertThat(ours[i]).as(names[i]).isBetween(Math.min(a[i], b[i]), Math.max(a[i], b[i]));
        assertThat(v.percent()).isCloseTo(100.0 * (v.total() - v.available()) / v.total(), within(0.051));
    }

    @Test
    void memoryAgreesWithFree() {
        VirtualMemory v = ps.virtualMemory();
        SwapMemory s = ps.swapMemory();
        String[] lines = Live.run("free", "-b").split("\n");
        long[] mem = Arrays.stream(lines[1].trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        long[] swap = Arrays.stream(lines[2].trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        // free -b: total used free shared buff/cache available; procps 4 computes used as total - available
        long slack = v.total() / 50; // other work on the machine moves memory between the two reads
        assertThat(v.total()).isEqualTo(mem[0]);
        assertThat(v.free()).isCloseTo(mem[2], within(slack));
        assertThat(v.shared()).isCloseTo(mem[3], within(slack));
        assertThat(v.buffers() + v.cached()).isCloseTo(mem[4], within(slack));
        assertThat(v.available()).isCloseTo(mem[5], within(slack));
        assertThat(s.total()).isEqualTo(swap[0]);
        assertThat(s.used()).isCloseTo(swap[1], within(slack));
        assertThat(s.free()).isCloseTo(swap[2], within(slack));
        Map<String, Long> meminfo = Live.keyValues(Live.read("/proc/meminfo"));
        assertThat(s.free()).isCloseTo(meminfo.get("SwapFree"), within(slack)); // Fields gives bytes
        Map<String, Long> vm = Live.keyValues(Live.read("/proc/vmstat"));
        assertThat(s.sin()).isLessThanOrEqualTo(vm.getOrDefault("pswpin", 0L) * ps.pageSize());
    }
}
