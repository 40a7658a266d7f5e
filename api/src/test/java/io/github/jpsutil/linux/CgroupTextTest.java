package io.github.jpsutil.linux;

import io.github.jpsutil.Pressure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cgroup and pressure parsers on samples of each file (cgroup-samples/README.md says where they came from). */
class CgroupTextTest {

    private static String sample(String name) {
        return CgroupSamples.text(name);
    }

    @Test
    void procCgroupOfAHybridMachineGivesEachControllerItsPathAndTheV2HierarchyTheEmptyKey() {
        Map<String, String> p = CgroupText.procCgroup(sample("proc-self-cgroup-6.x-hybrid.txt"));
        assertThat(p).containsEntry("", "/").containsEntry("name=systemd", "/").containsEntry("cpu", "/")
                .containsEntry("pids", "/");
        assertThat(p.get("memory")).startsWith("/process_api/");
    }

    @Test
    void procCgroupSplitsJoinedControllersAndKeepsColonsInPaths() {
        assertThat(CgroupText.procCgroup("4:cpu,cpuacct:/a:b/c\n0::/x y\n"))
                .containsEntry("cpu", "/a:b/c").containsEntry("cpuacct", "/a:b/c").containsEntry("", "/x y");
        assertThat(CgroupText.procCgroup(sample("v2-handwritten/proc-cgroup")))
                .containsOnlyKeys("").containsValue("/kubepods.slice/kubepods-burstable.slice/cri-containerd-0123abcd.scope");
        assertThatThrownBy(() -> CgroupText.procCgroup("garbage\n")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> CgroupText.procCgroup("0::relative\n")).isInstanceOf(ParseError.class);
    }

    @Test
    void unlimitedIsEmptyWhetherWrittenMaxMinusOneOrV1sHugeNumber() {
        assertThat(CgroupText.limit("memory.max", sample("v2-handwritten/memory.max.unlimited"))).isEmpty();
        assertThat(CgroupText.limit("memory.limit_in_bytes", sample("v1-6.x/memory.memsw.limit_in_bytes"))).isEmpty();
        assertThat(CgroupText.limit("cpu.cfs_quota_us", "-1\n")).isEmpty();
        assertThat(CgroupText.limit("memory.max", sample("v2-handwritten/memory.max"))).hasValue(268435456);
        assertThat(CgroupText.limit("memory.limit_in_bytes", sample("v1-6.x/memory.limit_in_bytes"))).hasValue(64L << 20);
        assertThat(CgroupText.limit("pids.max", sample("v1-6.x/pids.max"))).hasValue(64);
        assertThatThrownBy(() -> CgroupText.limit("x", "-5")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> CgroupText.limit("x", "lots")).isInstanceOf(ParseError.class);
    }

    @Test
    void cpuMaxGivesQuotaAndPeriodWithMaxAsNoQuota() {
        assertThat(CgroupText.cpuMax(sample("v2-handwritten/cpu.max"))).containsExactly(50000, 100000);
        assertThat(CgroupText.cpuMax(sample("v2-handwritten/cpu.max.unlimited"))).containsExactly(-1, 100000);
        assertThatThrownBy(() -> CgroupText.cpuMax("100000")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> CgroupText.cpuMax("max 0")).isInstanceOf(ParseError.class);
    }

    @Test
    void flatKeyedFilesOfBothVersions() {
        Map<String, Long> v1 = CgroupText.flatKeyed("memory.stat", sample("v1-6.x/memory.stat"));
        assertThat(v1).containsKeys("total_rss", "total_cache", "total_shmem", "hierarchical_memory_limit");
        assertThat(CgroupText.flatKeyed("oom_control", sample("v1-6.x/memory.oom_control"))).containsEntry("oom_kill", 0L);
        assertThat(CgroupText.flatKeyed("cpu.stat", sample("v1-6.x/cpu.stat"))).containsEntry("nr_periods", 14L)
                .containsEntry("throttled_time", 0L);
        assertThat(CgroupText.flatKeyed("cpuacct.stat", sample("v1-6.x/cpuacct.stat"))).containsEntry("user", 25L);
        Map<String, Long> events = CgroupText.flatKeyed("memory.events", sample("v2-handwritten/memory.events"));
        assertThat(events).containsEntry("max", 1234L).containsEntry("oom_kill", 2L);
        assertThat(CgroupText.flatKeyed("cpu.stat", sample("v2-handwritten/cpu.stat")))
                .containsEntry("throttled_usec", 3456789L).containsEntry("core_sched.force_idle_usec", 0L);
        assertThatThrownBy(() -> CgroupText.flatKeyed("x", "a 1 2\n")).isInstanceOf(ParseError.class);
    }

    @Test
    void ioStatKeepsEachDeviceAndLeavesOutTheDecimalCostFigures() {
        Map<String, Map<String, Long>> io = CgroupText.nestedKeyed("io.stat", sample("v2-handwritten/io.stat"));
        assertThat(io).containsOnlyKeys("253:0", "8:16");
        assertThat(io.get("8:16")).containsEntry("wbytes", 1048576L).containsEntry("wios", 16L)
                .containsEntry("cost.usage", 12L).doesNotContainKey("cost.vrate");
        assertThat(io.get("253:0")).containsEntry("rbytes", 1466368L).containsEntry("rios", 64L);
    }

    @Test
    void blkioCountersByDeviceAndOperationSkipTheTotalLine() {
        Map<String, Map<String, Long>> b = CgroupText.blkio("b", sample("v1-6.x/blkio.throttle.io_service_bytes_recursive.handwritten"));
        assertThat(b).containsOnlyKeys("8:0", "253:0");
        assertThat(b.get("8:0")).containsEntry("Read", 4194304L).containsEntry("Write", 65536L);
        // this machine's real file: no device has done I/O through blkio
        assertThat(CgroupText.blkio("b", sample("v1-6.x/blkio.throttle.io_service_bytes_recursive"))).isEmpty();
        assertThatThrownBy(() -> CgroupText.blkio("b", "sda Read 1\n")).isInstanceOf(ParseError.class);
    }

    @Test
    void pressureOfTheMachineAndOfACgroupInSeconds() {
        for (String r : List.of("cpu", "memory", "io")) {
            Pressure.Stall s = CgroupText.pressure(r, sample("proc-pressure-" + r + "-6.x.txt"));
            assertThat(s.some().avg10()).isBetween(0.0, 100.0);
            assertThat(s.full()).isNotNull();
        }
        Pressure.Stall m = CgroupText.pressure("memory.pressure", sample("v2-handwritten/memory.pressure"));
        assertThat(m.some()).isEqualTo(new Pressure.Line(12.34, 5.67, 1.00, 9.876543));
        assertThat(m.full().totalSeconds()).isEqualTo(8.765432);
        // before 5.13 the machine's CPU had no "full" line
        assertThat(CgroupText.pressure("cpu", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n").full()).isNull();
        assertThatThrownBy(() -> CgroupText.pressure("x", "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"))
                .isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> CgroupText.pressure("x", "some avg10=NaN avg60=0.00 avg300=0.00 total=5\n"))
                .isInstanceOf(ParseError.class);
    }

    @Test
    void numbersOfTheSamplesReadAsWritten() {
        assertThat(CgroupText.number("cpuacct.usage", sample("v1-6.x/cpuacct.usage"))).isPositive();
        assertThat(CgroupText.number("memory.current", sample("v2-handwritten/memory.current"))).isEqualTo(201326592);
    }
}
