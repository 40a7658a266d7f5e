package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Cgroups of this machine (v1 controllers beside a v2 mount): as root, each test makes its own
 * cgroups with limits, runs children in them, reads them back through the library and removes the
 * cgroups after. Skipped without root or without the v1 controllers.
 */
class CgroupLiveTest {
    private static final Path FS = Path.of("/sys/fs/cgroup");
    private final Live live = new Live();
    private final List<Path> made = new ArrayList<>();

    /** A fresh cgroup of a v1 controller, removed after the test. */
    private Path cgroup(String controller) throws IOException {
        assumeThat(ProcessHandle.current().info().user().orElse("")).as("root").isEqualTo("root");
        assumeThat(Files.isDirectory(FS.resolve(controller))).as("v1 " + controller + " controller").isTrue();
        Path d = FS.resolve(controller).resolve("jpsutil-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(d);
        made.add(d);
        return d;
    }

    /** A shell that moves itself into the cgroups, then runs {@code command}. */
    private Popen startIn(String command, Path... cgroups) {
        StringBuilder s = new StringBuilder();
        for (Path g : cgroups) s.append("echo $$ > ").append(g.resolve("cgroup.procs")).append(" && ");
        return live.start("sh", "-c", s + "exec " + command);
    }

    @AfterEach
    void cleanUp() throws Exception {
        live.reapAll();
        for (Path d : made) {
            // a cgroup goes once its last task is gone: its kill may take a moment to land
            for (int i = 0; i < 100 && Files.exists(d); i++) {
                try {
                    Files.delete(d);
                } catch (IOException busy) {
                    Thread.sleep(50);
                }
            }
            assertThat(d).as("removed").doesNotExist();
        }
    }

    @Test
    void thisJvmsCgroupIsWhatProcSelfCgroupSays() throws IOException {
        Cgroup c = Psutil.local().self().cgroup();
        String memoryLine = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .filter(l -> l.matches("\\d+:memory:.*")).findFirst().orElse(null);
        assumeThat(memoryLine).as("a v1 memory controller").isNotNull();
        assertThat(c.version()).isEqualTo(Files.exists(FS.resolve("unified/cgroup.controllers")) ? "hybrid" : "v1");
        assertThat(c.path()).isEqualTo(memoryLine.substring(memoryLine.indexOf(":memory:") + 8));
        assertThat(c.memory().current()).isPositive();
        Map<String, Object> d = CgroupMetrics.asDict(c);
        assertThat(d).containsKeys("version", "path", "memory", "cpu");
        for (Metric<Cgroup> m : CgroupMetrics.ALL) {
            Object v = m.readFrom(c);
            if (v != null) assertThat(v).as(m.psutilName()).isInstanceOf(switch (m.type()) {
                case LONG -> Long.class;
                case INTEGER -> Integer.class;
                case DOUBLE -> Double.class;
                case STRING -> String.class;
                default -> List.class;
            });
        }
    }

    @Test
    void aMemoryLimitReadsBackAsSetAndAnAllocationPastItIsAnOomKill() throws Exception {
        Path g = cgroup("memory");
        long limit = 32L << 20;
        Files.writeString(g.resolve("memory.limit_in_bytes"), Long.toString(limit));
        Popen sleeper = startIn("sleep 60", g);
        Live.await("the child in its cgroup", Duration.ofSeconds(10), () -> sleeper.handle().cgroup().path().equals("/" + FS.resolve("memory").relativize(g)));
        Cgroup before = sleeper.handle().cgroup();
        assertThat(before.memory().limit()).hasValue(limit);
        long kernelBefore = Long.parseLong(Files.readString(g.resolve("memory.usage_in_bytes")).trim());
        long read = sleeper.handle().cgroup().memory().current();
        long kernelAfter = Long.parseLong(Files.readString(g.resolve("memory.usage_in_bytes")).trim());
        assertThat(read).isPositive().isBetween(Math.min(kernelBefore, kernelAfter) - (1 << 20), Math.max(kernelBefore, kernelAfter) + (1 << 20));
        assertThat(before.memory().events().oomKill()).isZero();

        Popen hog = startIn("/usr/bin/python3 -c \"b = b'a' * (200 << 20)\"", g);
        OptionalInt status = hog.handle().waitFor(Duration.ofSeconds(60));
        assertThat(status).hasValue(-9); // SIGKILL
        CgroupMemory after = sleeper.handle().cgroup().memory();
        assertThat(after.events().oomKill()).isEqualTo(1);
        assertThat(after.peak()).isGreaterThan(limit - (4 << 20)).isLessThanOrEqualTo(limit);
        assertThat(after.events().max()).isPositive(); // failcnt: it hit the limit
    }

    /**
     * A shell that moves itself into the cgroup, then waits for a line on its standard input
     * ({@link #go}) before it runs {@code command}: the test learns it is in the cgroup first.
     */
    private Popen startWhenToldIn(Path cgroup, String command) {
        return live.start("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && read go && exec " + command);
    }

    /** Waits until the child is in the cgroup; the handle learns its cgroup (and its OOM-kill count) so. */
    private static void awaitIn(Popen p, Path cgroup) {
        String path = "/" + FS.resolve("memory").relativize(cgroup);
        Live.await("pid " + p.pid() + " in " + path, Duration.ofSeconds(10), () -> p.handle().cgroup().path().equals(path));
    }

    private static void go(Popen p) throws IOException {
        p.process().getOutputStream().write('\n');
        p.process().getOutputStream().flush();
    }

    /** The kernel's own count, apart from the library's reader. */
    private static long oomKillsOf(Path cgroup) throws IOException {
        return Files.readAllLines(cgroup.resolve("memory.oom_control")).stream().filter(l -> l.startsWith("oom_kill "))
                .mapToLong(l -> Long.parseLong(l.substring(9))).findFirst().orElseThrow();
    }

    @Test
    void waitingForTheExitTellsAnOomKillFromAKillByHandAndFromAnExit() throws Exception {
        Path g = cgroup("memory");
        Files.writeString(g.resolve("memory.limit_in_bytes"), Long.toString(32L << 20));
        Popen hog = startWhenToldIn(g, "/usr/bin/python3 -c \"b = b'a' * (200 << 20)\"");
        Popen byHand = startWhenToldIn(g, "sleep 60");
        Popen three = startWhenToldIn(g, "sh -c 'exit 3'");
        for (Popen p : List.of(hog, byHand, three)) awaitIn(p, g);
        assertThat(oomKillsOf(g)).isZero();

        // the hog is told to start while the wait runs (or, if the wait starts late, before it)
        CompletableFuture<ProcessExit> hogWait = CompletableFuture.supplyAsync(() -> hog.handle().waitForExit(Duration.ofSeconds(60)));
        Thread.sleep(300);
        go(hog);
        ProcessExit hogExit = hogWait.get(90, TimeUnit.SECONDS);
        assertThat(hogExit.returncode()).hasValue(-9);
        assertThat(hogExit.signal()).hasValue(9);
        assertThat(hogExit.exitCode()).isEmpty();
        assertThat(hogExit.oomKilled()).isEqualTo(ProcessExit.OomKilled.YES);
        assertThat(oomKillsOf(g)).isEqualTo(1);

        // the other two in one wait_procs: a SIGKILL sent by hand, with no OOM kill meanwhile, and an exit 3
        CompletableFuture<WaitProcs> both = CompletableFuture.supplyAsync(() ->
                Psutil.local().waitProcs(List.of(byHand.handle(), three.handle()), Duration.ofSeconds(60), null));
        Thread.sleep(300);
        byHand.handle().kill();
        go(three);
        WaitProcs r = both.get(90, TimeUnit.SECONDS);
        assertThat(r.alive()).isEmpty();
        Map<OsProcess, ProcessExit> exits = new java.util.HashMap<>();
        for (WaitProcs.Gone gone : r.gone()) exits.put(gone.process(), gone.exit());
        assertThat(exits.get(byHand.handle()).signal()).hasValue(9);
        assertThat(exits.get(byHand.handle()).oomKilled()).isEqualTo(ProcessExit.OomKilled.NO);
        assertThat(exits.get(three.handle()).exitCode()).hasValue(3);
        assertThat(exits.get(three.handle()).returncode()).hasValue(3);
        assertThat(exits.get(three.handle()).oomKilled()).isEqualTo(ProcessExit.OomKilled.NO);
        assertThat(oomKillsOf(g)).isEqualTo(1);
    }

    @Test
    void aWaitThatStartsAfterAnOomKillStillTellsItFromTheCgroupReadWhileTheProcessRan() throws Exception {
        Path g = cgroup("memory");
        Files.writeString(g.resolve("memory.limit_in_bytes"), Long.toString(32L << 20));
        Popen hog = startWhenToldIn(g, "/usr/bin/python3 -c \"b = b'a' * (200 << 20)\"");
        awaitIn(hog, g);
        go(hog);
        hog.process().waitFor(60, TimeUnit.SECONDS); // over (and reaped) before the library waits for it
        ProcessExit exit = hog.handle().waitForExit(Duration.ofSeconds(5));
        assertThat(exit.signal()).hasValue(9);
        assertThat(exit.oomKilled()).isEqualTo(ProcessExit.OomKilled.YES);
        assertThat(oomKillsOf(g)).isEqualTo(1);
    }

    @Test
    void aProcessThatIsNotThisJvmsChildIsToldOomKilledToo() throws Exception {
        Path g = cgroup("memory");
        Files.writeString(g.resolve("memory.limit_in_bytes"), Long.toString(32L << 20));
        Path flag = Files.createTempFile("jpsutil-oom-go", "");
        Files.delete(flag);
        try {
            // a shell in the cgroup starts the hog in its background and reaps it: the hog's parent is that shell
            Popen shell = startWhenToldIn(g, "sh -c \"sh -c 'while [ ! -e " + flag + " ]; do sleep 0.05; done;"
                    + " exec /usr/bin/python3 -c \\\"chr(97).encode() * (200 << 20)\\\"' & wait\"");
            go(shell);
            Live.await("the shell's background child", Duration.ofSeconds(10), () -> shell.handle().children(false).size() == 1);
            OsProcess hog = shell.handle().children(false).get(0);
            assertThat(hog.ppid()).isEqualTo(shell.pid());
            assertThat(hog.exitStatus()).as("not this JVM's child").isEmpty();
            CompletableFuture<ProcessExit> wait = CompletableFuture.supplyAsync(() -> hog.waitForExit(Duration.ofSeconds(60)));
            Thread.sleep(300);
            Files.createFile(flag);
            ProcessExit exit = wait.get(90, TimeUnit.SECONDS);
            assertThat(exit.returncode()).as("the kernel's status of a reaped process (Linux 6.15+)").hasValue(-9);
            assertThat(exit.oomKilled()).isEqualTo(ProcessExit.OomKilled.YES);
            assertThat(oomKillsOf(g)).isEqualTo(1);
        } finally {
            Files.deleteIfExists(flag);
        }
    }

    @Test
    void aCgroupReadOnceASigkillIsPendingIsNoReadingBefore() throws Exception {
        Path memory = cgroup("memory");
        Path freezer = cgroup("freezer");
        Popen sleeper = startIn("sleep 60", memory, freezer);
        awaitIn(sleeper, memory);
        OsProcess readWhileItRan = Psutil.local().process(sleeper.pid());
        readWhileItRan.cgroup();
        assertThat(sleeper.handle().runsAndIsNotExiting()).isTrue();
        try {
            // frozen, a killed process keeps its SIGKILL pending until thawed: as one the OOM killer has just chosen
            Files.writeString(freezer.resolve("freezer.state"), "FROZEN");
            Live.await("frozen", Duration.ofSeconds(10), () -> Live.read(freezer.resolve("freezer.state").toString()).trim().equals("FROZEN"));
            sleeper.handle().kill();
            Live.await("SIGKILL pending", Duration.ofSeconds(10),
                    () -> Live.read("/proc/" + sleeper.pid() + "/status").contains("ShdPnd:\t0000000000000100"));
            assertThat(sleeper.handle().runsAndIsNotExiting()).isFalse();
            OsProcess readWhileKilled = Psutil.local().process(sleeper.pid());
            assertThat(readWhileKilled.cgroup().memory().events().oomKill()).isZero();
            OptionalInt killed = OptionalInt.of(-9);
            assertThat(readWhileKilled.attributeExit(killed).oomKilled()).isEqualTo(ProcessExit.OomKilled.UNKNOWN);
            assertThat(readWhileItRan.attributeExit(killed).oomKilled()).isEqualTo(ProcessExit.OomKilled.NO);
        } finally {
            Files.writeString(freezer.resolve("freezer.state"), "THAWED");
        }
        assertThat(sleeper.handle().waitFor(Duration.ofSeconds(20))).hasValue(-9);
        assertThat(sleeper.handle().runsAndIsNotExiting()).isFalse();
    }

    @Test
    void aBusyChildOfACpuLimitedCgroupIsThrottledMoreAndMore() throws Exception {
        Path g = cgroup("cpu");
        Files.writeString(g.resolve("cpu.cfs_period_us"), "100000");
        Files.writeString(g.resolve("cpu.cfs_quota_us"), "10000"); // a tenth of a CPU
        Popen busy = startIn("sh -c 'while :; do :; done'", g);
        Live.await("CPU periods", Duration.ofSeconds(10), () -> busy.handle().cgroup().cpu().periods() > 2);
        CgroupCpu first = busy.handle().cgroup().cpu();
        assertThat(first.quota()).hasValue(0.01);
        assertThat(first.period()).isEqualTo(0.1);
        assertThat(first.limitCpus()).hasValue(0.1);
        assertThat(first.effectiveCpus()).isEqualTo(1);
        Thread.sleep(1500);
        CgroupCpu later = busy.handle().cgroup().cpu();
        assertThat(later.throttledPeriods()).isGreaterThan(first.throttledPeriods());
        assertThat(later.throttled()).isGreaterThan(first.throttled());
        assertThat(later.periods()).isGreaterThan(first.periods());
        // the kernel's own counter, read after ours, is at least as far on
        long kernel = Files.readAllLines(g.resolve("cpu.stat")).stream().filter(l -> l.startsWith("nr_throttled "))
                .mapToLong(l -> Long.parseLong(l.substring(13))).findFirst().orElseThrow();
        assertThat(kernel).isGreaterThanOrEqualTo(later.throttledPeriods());
    }
}
