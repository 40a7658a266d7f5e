package io.github.jpsutil;

import io.github.jpsutil.linux.CgroupSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.jpsutil.FakeProc.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Cgroups read from fixture trees of a v2, a v1 and a hybrid machine, with and without each
 * controller, at nested paths and with "max" limits; every file is a sample of cgroup-samples/.
 */
class CgroupTreeTest {
    private static final String NESTED = "/kubepods.slice/kubepods-burstable.slice/cri-containerd-0123abcd.scope";
    private static final List<String> V2_FILES = List.of("memory.max", "memory.current", "memory.peak", "memory.swap.current",
            "memory.swap.max", "memory.events", "memory.stat", "cpu.max", "cpu.stat", "cpuset.cpus.effective", "pids.current",
            "pids.max", "io.stat", "cpu.pressure", "memory.pressure", "io.pressure");

    @TempDir
    Path dir;
    FakeProc fake;
    Path fs;

    @BeforeEach
    void machine() {
        fake = new FakeProc(dir);
        fake.process(100, "java", 'S', 1, 1000, "java\0");
        fs = fake.sys.resolve("fs/cgroup");
    }

    private Cgroup cgroupOf100(String procCgroup) {
        write(fake.proc.resolve("100/cgroup"), procCgroup);
        return fake.psutil().process(100).cgroup();
    }

    private void v2Tree() {
        write(fs.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        for (String f : V2_FILES) write(fs.resolve(NESTED.substring(1)).resolve(f), CgroupSamples.text("v2-handwritten/" + f));
    }

    @Test
    void v2AtANestedPathReadsEveryController() {
        v2Tree();
        Cgroup c = cgroupOf100("0::" + NESTED + "\n");
        assertThat(c.version()).isEqualTo("v2");
        assertThat(c.path()).isEqualTo(NESTED);
        CgroupMemory m = c.memory();
        assertThat(m.limit()).hasValue(268435456);
        assertThat(m.current()).isEqualTo(201326592);
        assertThat(m.peak()).isEqualTo(268427264);
        assertThat(m.swapCurrent()).isEqualTo(4096);
        assertThat(m.swapLimit()).isEmpty();
        assertThat(m.events()).isEqualTo(new CgroupMemory.Events(0, 0, 1234, 3, 2));
        assertThat(List.of(m.anon(), m.file(), m.kernel(), m.sock(), m.shmem()))
                .containsExactly(180355072L, 16384000L, 4718592L, 8192L, 65536L);
        CgroupCpu cpu = c.cpu();
        assertThat(cpu.quota()).hasValue(0.05);
        assertThat(cpu.period()).isEqualTo(0.1);
        assertThat(cpu.limitCpus().getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(cpu.effectiveCpus()).isEqualTo(1); // 0.5 CPUs rounds up to 1, below the cpuset's 4 and 5 online
        assertThat(cpu.usage()).isEqualTo(8.123456);
        assertThat(cpu.user()).isEqualTo(7.0);
        assertThat(cpu.system()).isEqualTo(1.123456);
        assertThat(cpu.periods()).isEqualTo(420);
        assertThat(cpu.throttledPeriods()).isEqualTo(77);
        assertThat(cpu.throttled()).isEqualTo(3.456789);
        assertThat(c.pids()).isEqualTo(new CgroupPids(17, java.util.OptionalLong.of(100)));
        assertThat(c.io()).containsExactly(new CgroupIo("253:0", 1466368, 8192, 64, 2), new CgroupIo("8:16", 4096, 1048576, 1, 16));
        assertThat(c.pressure().memory().some().avg10()).isEqualTo(12.34);
        assertThat(c.pressure().cpu().full()).isNotNull();
    }

    @Test
    void v2MaxLimitsAreUnlimitedAndAControllerNotEnabledIsAbsent() throws IOException {
        v2Tree();
        Path g = fs.resolve(NESTED.substring(1));
        write(g.resolve("memory.max"), CgroupSamples.text("v2-handwritten/memory.max.unlimited"));
        write(g.resolve("cpu.max"), CgroupSamples.text("v2-handwritten/cpu.max.unlimited"));
        write(g.resolve("pids.max"), "max\n");
        Cgroup c = cgroupOf100("0::" + NESTED + "\n");
        assertThat(c.memory().limit()).isEmpty();
        assertThat(c.cpu().quota()).isEmpty();
        assertThat(c.cpu().limitCpus()).isEmpty();
        assertThat(c.cpu().effectiveCpus()).isEqualTo(4); // the cpuset 0-3, fewer than the 5 online
        assertThat(c.pids().limit()).isEmpty();

        for (String f : List.of("memory.max", "memory.current", "memory.peak", "memory.swap.current", "memory.swap.max",
                "memory.events", "memory.stat", "pids.current", "pids.max", "io.stat", "cpu.max"))
            Files.delete(g.resolve(f));
        write(g.resolve("cpu.stat"), CgroupSamples.text("v2-handwritten/cpu.stat.no-cpu-controller"));
        Cgroup bare = cgroupOf100("0::" + NESTED + "\n");
        assertThat(bare.memory()).isNull();
        assertThat(bare.pids()).isNull();
        assertThat(bare.io()).isNull();
        assertThat(bare.cpu().usage()).isEqualTo(8.123456); // usage is the core's, throttling the controller's
        assertThat(bare.cpu().quota()).isEmpty();
        assertThat(bare.cpu().periods()).isEqualTo(-1);
        assertThat(bare.cpu().throttled()).isEqualTo(-1);
        assertThat(CgroupMetrics.asDict(bare)).containsKeys("version", "path", "cpu", "pressure")
                .doesNotContainKeys("memory", "pids", "io");
    }

    private void v1Tree(String path, boolean joinedCpu) {
        String[][] files = {
                {"memory", "memory.stat", "memory.oom_control", "memory.limit_in_bytes", "memory.usage_in_bytes",
                        "memory.max_usage_in_bytes", "memory.memsw.usage_in_bytes", "memory.memsw.limit_in_bytes",
                        "memory.kmem.usage_in_bytes", "memory.kmem.tcp.usage_in_bytes", "memory.failcnt"},
                {joinedCpu ? "cpu,cpuacct" : "cpu", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.stat"},
                {joinedCpu ? "cpu,cpuacct" : "cpuacct", "cpuacct.usage", "cpuacct.stat"},
                {"pids", "pids.max", "pids.current"},
                {"cpuset", "cpuset.effective_cpus"}};
        for (String[] c : files)
            for (int i = 1; i < c.length; i++) write(fs.resolve(c[0]).resolve(path.substring(1)).resolve(c[i]), CgroupSamples.text("v1-6.x/" + c[i]));
        Path blkio = fs.resolve("blkio").resolve(path.substring(1));
        write(blkio.resolve("blkio.throttle.io_service_bytes_recursive"),
                CgroupSamples.text("v1-6.x/blkio.throttle.io_service_bytes_recursive.handwritten"));
        write(blkio.resolve("blkio.throttle.io_serviced_recursive"),
                CgroupSamples.text("v1-6.x/blkio.throttle.io_serviced_recursive.handwritten"));
    }

    private static String v1ProcCgroup(String path, boolean joinedCpu) {
        return "12:pids:" + path + "\n8:blkio:" + path + "\n5:memory:" + path + "\n"
                + (joinedCpu ? "4:cpu,cpuacct:" + path + "\n" : "4:cpu:" + path + "\n3:cpuacct:" + path + "\n")
                + "2:cpuset:" + path + "\n1:name=systemd:/init.scope\n";
    }

    @Test
    void v1ReadsEachControllerFromItsOwnHierarchy() {
        v1Tree("/docker/abc", false);
        Cgroup c = cgroupOf100(v1ProcCgroup("/docker/abc", false));
        assertThat(c.version()).isEqualTo("v1");
        assertThat(c.path()).isEqualTo("/docker/abc");
        CgroupMemory m = c.memory();
        assertThat(m.limit()).hasValue(64L << 20);
        assertThat(m.current()).isEqualTo(Long.parseLong(CgroupSamples.text("v1-6.x/memory.usage_in_bytes").trim()));
        assertThat(m.swapLimit()).isEmpty(); // memsw unlimited
        assertThat(m.events().oomKill()).isZero();
        assertThat(m.events().low()).isEqualTo(-1); // v1 does not count it
        assertThat(m.anon()).isEqualTo(statLine("total_rss"));
        assertThat(m.file()).isEqualTo(statLine("total_cache"));
        assertThat(c.cpu().quota()).hasValue(0.05);
        assertThat(c.cpu().effectiveCpus()).isEqualTo(1);
        assertThat(c.cpu().user()).isEqualTo(25.0 / fake.psutil().clockTicks()); // cpuacct.stat counts ticks
        assertThat(c.cpu().periods()).isEqualTo(14);
        assertThat(c.pids().limit()).hasValue(64);
        assertThat(c.io()).containsExactly(new CgroupIo("8:0", 4194304, 65536, 64, 1), new CgroupIo("253:0", 4096, 0, 1, 0));
        assertThat(c.pressure()).isNull(); // pure v1: no cgroup pressure
    }

    @Test
    void v1WithCpuAndCpuacctJoinedAndWithoutPidsOrBlkio() throws IOException {
        v1Tree("/a/b/c", true);
        deleteTree(fs.resolve("pids"));
        deleteTree(fs.resolve("blkio"));
        Cgroup c = cgroupOf100(v1ProcCgroup("/a/b/c", true));
        assertThat(c.cpu().usage()).isPositive();
        assertThat(c.cpu().quota()).hasValue(0.05);
        assertThat(c.pids()).isNull();
        assertThat(c.io()).isNull();
    }

    @Test
    void hybridTakesPressureFromTheUnifiedHierarchy() {
        v1Tree("/app", false);
        Path unified = fs.resolve("unified");
        write(unified.resolve("cgroup.controllers"), "");
        for (String r : List.of("cpu", "memory", "io"))
            write(unified.resolve("app/" + r + ".pressure"), CgroupSamples.text("v2-handwritten/" + r + ".pressure"));
        Cgroup c = cgroupOf100(v1ProcCgroup("/app", false) + "0::/app\n");
        assertThat(c.version()).isEqualTo("hybrid");
        assertThat(c.memory().limit()).hasValue(64L << 20);
        assertThat(c.pressure().io().full().totalSeconds()).isEqualTo(0.000444);
    }

    @Test
    void theOomKillCountAloneComesFromTheFileTheWholeCgroupTakesItFrom() throws IOException {
        v2Tree();
        Map<String, String> v2 = Map.of("", NESTED);
        OsProcess p = fake.psutil().process(100);
        assertThat(p.oomKills(v2)).isEqualTo(2).isEqualTo(cgroupOf100("0::" + NESTED + "\n").memory().events().oomKill());
        assertThat(p.oomKills(Map.of("", "/"))).as("the v2 root has no memory.events").isEqualTo(-1);
        assertThat(p.oomKills(Map.of("cpu", NESTED))).as("no v2 path").isEqualTo(-1);
        Path events = fs.resolve(NESTED.substring(1)).resolve("memory.events");
        Files.delete(events);
        assertThat(p.oomKills(v2)).as("no memory controller").isEqualTo(-1);
        Files.createDirectory(events);
        assertThat(p.oomKills(v2)).as("unreadable").isEqualTo(-1);
        Files.delete(events);
        write(events, "low 0\noom_kill\n");
        assertThat(p.oomKills(v2)).as("unparsable").isEqualTo(-1);
    }

    @Test
    void theOomKillCountOfV1AndHybridIsMemoryOomControls() {
        v1Tree("/app", false);
        write(fs.resolve("memory/app/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 7\n");
        write(fs.resolve("unified/cgroup.controllers"), "");
        write(fs.resolve("unified/app/memory.events"), "oom_kill 99\n"); // not what a hybrid machine counts in
        Cgroup c = cgroupOf100(v1ProcCgroup("/app", false) + "0::/app\n");
        OsProcess p = fake.psutil().process(100);
        Map<String, String> paths = p.cgroupPaths();
        assertThat(paths).isEqualTo(c.paths());
        assertThat(p.oomKills(paths)).isEqualTo(7).isEqualTo(c.memory().events().oomKill());
        write(fs.resolve("memory/app/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n"); // before Linux 4.13
        assertThat(p.oomKills(paths)).isEqualTo(-1);
        assertThat(p.oomKills(Map.of("cpu", "/app", "", "/app"))).as("no memory controller listed").isEqualTo(-1);
    }

    @Test
    void machinePressureFromTheProcRootOrNullWithoutPsi() {
        Psutil ps = fake.psutil();
        assertThat(ps.pressure()).isNull();
        for (String r : List.of("cpu", "memory", "io"))
            write(fake.proc.resolve("pressure/" + r), CgroupSamples.text("proc-pressure-" + r + "-6.x.txt"));
        assertThat(ps.pressure().cpu().some().totalSeconds()).isPositive();
        Map<String, Object> d = SystemMetrics.asDict(ps.oneshot(), java.util.Set.of("pressure"));
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) d.get("pressure")).keySet())).contains("cpu_some_avg10", "memory_full_total", "io_some_avg300");
    }

    @Test
    void aPathThatLeadsOutOfTheMountIsAnError() {
        v2Tree();
        assertThatThrownBy(() -> cgroupOf100("0::/../../../etc\n")).isInstanceOf(JpsutilException.class)
                .hasMessageContaining("leads out of");
    }

    @Test
    void aGoneProcessIsNoSuchProcess() {
        v2Tree();
        OsProcess p = fake.psutil().process(100);
        fake.delete(100);
        assertThatThrownBy(p::cgroup).isInstanceOf(NoSuchProcess.class);
    }

    /** A figure of the v1 memory.stat sample, found by plain text search. */
    private static long statLine(String key) {
        return CgroupSamples.text("v1-6.x/memory.stat").lines().filter(l -> l.startsWith(key + " "))
                .mapToLong(l -> Long.parseLong(l.substring(key.length() + 1))).findFirst().orElseThrow();
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
