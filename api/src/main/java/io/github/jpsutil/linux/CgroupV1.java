package io.github.jpsutil.linux;

import io.github.jpsutil.CgroupCpu;
import io.github.jpsutil.CgroupIo;
import io.github.jpsutil.CgroupMemory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static io.github.jpsutil.linux.LinuxCgroups.get;

/** The controllers of cgroup v1 directories (Documentation/admin-guide/cgroup-v1/). */
final class CgroupV1 {
    private CgroupV1() {
    }

    /** memory.*_in_bytes, or null without a memory controller. */
    static CgroupMemory memory(LinuxCgroups cg, Path dir) {
        String usage = cg.file(dir, "memory.usage_in_bytes");
        if (usage == null) return null;
        long current = CgroupText.number("memory.usage_in_bytes", usage);
        OptionalLong limit = cg.limit(dir, "memory.limit_in_bytes");
        // memsw counts memory and swap together: swap is the difference
        long memsw = cg.number(dir, "memory.memsw.usage_in_bytes");
        OptionalLong memswLimit = cg.limit(dir, "memory.memsw.limit_in_bytes");
        OptionalLong swapLimit = memswLimit.isPresent() && limit.isPresent()
                ? OptionalLong.of(Math.max(0, memswLimit.getAsLong() - limit.getAsLong())) : OptionalLong.empty();
        Map<String, Long> oom = cg.keyed(dir, "memory.oom_control");
        Map<String, Long> stat = cg.keyed(dir, "memory.stat");
        return new CgroupMemory(limit, current, cg.number(dir, "memory.max_usage_in_bytes"),
                memsw < 0 ? -1 : Math.max(0, memsw - current), swapLimit,
                LinuxCgroups.events(-1, -1, cg.number(dir, "memory.failcnt"), -1, get(oom, "oom_kill")),
                get(stat, "total_rss"), get(stat, "total_cache"), cg.number(dir, "memory.kmem.usage_in_bytes"),
                cg.number(dir, "memory.kmem.tcp.usage_in_bytes"), get(stat, "total_shmem"));
    }

    /**
     * The cpu controller (quota, throttling) and cpuacct (usage) together; null when neither is
     * there. cpuacct.stat counts in USER_HZ ticks, cpuacct.usage and throttled_time in nanoseconds.
     */
    static CgroupCpu cpu(LinuxCgroups cg, Path cpuDir, Path cpuacctDir, Path cpusetDir, long clockTicks) {
        Map<String, Long> stat = cg.keyed(cpuDir, "cpu.stat");
        String usage = cg.file(cpuacctDir, "cpuacct.usage");
        if (stat == null && usage == null) return null;
        long quotaMicros = cg.limit(cpuDir, "cpu.cfs_quota_us").orElse(-1);
        long periodMicros = cg.number(cpuDir, "cpu.cfs_period_us");
        OptionalDouble quota = quotaMicros < 0 ? OptionalDouble.empty() : OptionalDouble.of(quotaMicros / 1e6);
        double period = periodMicros <= 0 ? -1 : periodMicros / 1e6;
        Map<String, Long> acct = cg.keyed(cpuacctDir, "cpuacct.stat");
        long user = get(acct, "user");
        long system = get(acct, "system");
        long throttled = get(stat, "throttled_time");
        return LinuxCgroups.cpu(quota, period,
                cg.effectiveCpus(LinuxCgroups.ratio(quota, period), cg.file(cpusetDir, "cpuset.effective_cpus")),
                usage == null ? -1 : CgroupText.number("cpuacct.usage", usage) / 1e9,
                user < 0 ? -1 : (double) user / clockTicks, system < 0 ? -1 : (double) system / clockTicks,
                get(stat, "nr_periods"), get(stat, "nr_throttled"), throttled < 0 ? -1 : throttled / 1e9);
    }

    /** blkio's throttle counters (which count every device, whatever its scheduler), or null without blkio. */
    static List<CgroupIo> io(LinuxCgroups cg, Path dir) {
        String bytes = cg.file(dir, "blkio.throttle.io_service_bytes_recursive");
        String ops = cg.file(dir, "blkio.throttle.io_serviced_recursive");
        if (bytes == null) {
            bytes = cg.file(dir, "blkio.throttle.io_service_bytes");
            ops = cg.file(dir, "blkio.throttle.io_serviced");
        }
        if (bytes == null) return null;
        return LinuxCgroups.io(CgroupText.blkio("blkio.throttle.io_service_bytes", bytes), "Read", "Write", "Read", "Write",
                ops == null ? Map.of() : CgroupText.blkio("blkio.throttle.io_serviced", ops));
    }
}
