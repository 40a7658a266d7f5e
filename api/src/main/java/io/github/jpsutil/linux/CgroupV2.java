package io.github.jpsutil.linux;

import io.github.jpsutil.CgroupCpu;
import io.github.jpsutil.CgroupIo;
import io.github.jpsutil.CgroupMemory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static io.github.jpsutil.linux.LinuxCgroups.get;

/** The controllers of a cgroup v2 directory (Documentation/admin-guide/cgroup-v2.rst). */
final class CgroupV2 {
    private CgroupV2() {
    }

    /** memory.*, or null without the memory controller (memory.current is then absent, as in the root). */
    static CgroupMemory memory(LinuxCgroups cg, Path dir) {
        String current = cg.file(dir, "memory.current");
        if (current == null) return null;
        Map<String, Long> events = cg.keyed(dir, "memory.events");
        Map<String, Long> stat = cg.keyed(dir, "memory.stat");
        return new CgroupMemory(cg.limit(dir, "memory.max"), CgroupText.number("memory.current", current),
                cg.number(dir, "memory.peak"), cg.number(dir, "memory.swap.current"), cg.limit(dir, "memory.swap.max"),
                LinuxCgroups.events(get(events, "low"), get(events, "high"), get(events, "max"), get(events, "oom"),
                        get(events, "oom_kill")),
                get(stat, "anon"), get(stat, "file"), get(stat, "kernel"), get(stat, "sock"), get(stat, "shmem"));
    }

    /**
     * cpu.stat (always there: usage comes from the core) with cpu.max and the throttling counts
     * when the cpu controller is enabled; null only when the directory has no cpu.stat.
     */
    static CgroupCpu cpu(LinuxCgroups cg, Path dir) {
        Map<String, Long> stat = cg.keyed(dir, "cpu.stat");
        if (stat == null) return null;
        String max = cg.file(dir, "cpu.max");
        OptionalDouble quota = OptionalDouble.empty();
        double period = -1;
        if (max != null) {
            long[] qp = CgroupText.cpuMax(max);
            if (qp[0] >= 0) quota = OptionalDouble.of(qp[0] / 1e6);
            period = qp[1] / 1e6;
        }
        String cpuset = cg.file(dir, "cpuset.cpus.effective");
        long throttled = get(stat, "throttled_usec");
        return LinuxCgroups.cpu(quota, period, cg.effectiveCpus(LinuxCgroups.ratio(quota, period), cpuset),
                micros(get(stat, "usage_usec")), micros(get(stat, "user_usec")), micros(get(stat, "system_usec")),
                get(stat, "nr_periods"), get(stat, "nr_throttled"), micros(throttled));
    }

    /** io.stat, or null without the io controller. */
    static List<CgroupIo> io(LinuxCgroups cg, Path dir) {
        String stat = cg.file(dir, "io.stat");
        if (stat == null) return null;
        return LinuxCgroups.io(CgroupText.nestedKeyed("io.stat", stat), "rbytes", "wbytes", "rios", "wios", null);
    }

    private static double micros(long v) {
        return v < 0 ? -1 : v / 1e6;
    }
}
