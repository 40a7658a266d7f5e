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
import java.util.concurrent.ThreadLocalRandom;

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
