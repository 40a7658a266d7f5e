package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Every value jpsutil reports for a {@link Cgroup}, and the pressure figures the machine shares with
 * it. Keys are the controller ("memory", "cpu", "pids", "io", "pressure") and fields the figure. A
 * value reads as null where the Java record has no number: the controller is absent (the whole
 * group is then left out of JSON), the limit is not set ("max"), or the kernel does not keep that
 * figure; the MBean attribute is then null, and the exporters skip it.
 */
public final class CgroupMetrics {
    static final Table<CgroupIo> IO_ROWS = new Table<>("jpsutil.CgroupIo", "I/O of the cgroup on one block device",
            "device", List.of(
            new Column<>("device", "device", Type.STRING, "The device as major:minor", CgroupIo::device),
            new Column<>("read_bytes", "readBytes", Type.LONG, "Bytes read", CgroupIo::readBytes),
            new Column<>("write_bytes", "writeBytes", Type.LONG, "Bytes written", CgroupIo::writeBytes),
            new Column<>("read_count", "readCount", Type.LONG, "Read operations", CgroupIo::readOps),
            new Column<>("write_count", "writeCount", Type.LONG, "Write operations", CgroupIo::writeOps)));

    /** Every value of a cgroup, in the order JSON output and MBean attributes list them. */
    public static final List<Metric<Cgroup>> ALL = Metric.flatten(
            Metric.<Cgroup>of("version", null, Type.STRING, Cgroup::version)
                    .mbean("CgroupVersion", "v2, v1, or hybrid (v1 controllers beside a v2 hierarchy)").label().done(),
            Metric.<Cgroup>of("path", null, Type.STRING, Cgroup::path)
                    .mbean("CgroupPath", "The cgroup's path, as /proc/<pid>/cgroup gives it").done(),
            memory("limit", "MemoryLimitBytes", "Memory limit (memory.max, memory.limit_in_bytes); null when unlimited",
                    m -> limit(m.limit()), false),
            memory("current", "MemoryCurrentBytes", "Memory in use by the cgroup and its descendants", m -> m.current(), false),
            memory("peak", "MemoryPeakBytes", "Highest memory use seen (memory.peak, max_usage_in_bytes)", m -> m.peak(), false),
            memory("swap_current", "MemorySwapCurrentBytes", "Swap in use", m -> m.swapCurrent(), false),
            memory("swap_limit", "MemorySwapLimitBytes", "Swap limit; null when unlimited or not accounted",
                    m -> limit(m.swapLimit()), false),
            memory("anon", "MemoryAnonBytes", "Anonymous memory (heap, stacks)", m -> m.anon(), false),
            memory("file", "MemoryFileBytes", "Page cache", m -> m.file(), false),
            memory("kernel", "MemoryKernelBytes", "Kernel memory", m -> m.kernel(), false),
            memory("sock", "MemorySockBytes", "Network buffers", m -> m.sock(), false),
            memory("shmem", "MemoryShmemBytes", "Shared memory and tmpfs", m -> m.shmem(), false),
            memory("events_low", "MemoryLowEventsTotal", "Times the cgroup was reclaimed below its low boundary (v2)",
                    m -> m.events().low(), true),
            memory("events_high", "MemoryHighEventsTotal", "Times it went over its high boundary and was throttled (v2)",
                    m -> m.events().high(), true),
            memory("events_max", "MemoryMaxEventsTotal", "Times it was about to go over its limit (v1: failcnt)",
                    m -> m.events().max(), true),
            memory("events_oom", "MemoryOomEventsTotal", "Times it hit its limit and reclaim failed (v2)",
                    m -> m.events().oom(), true),
            memory("events_oom_kill", "MemoryOomKillsTotal", "Processes the OOM killer killed in the cgroup",
                    m -> m.events().oomKill(), true),
            cpu("quota", Type.DOUBLE, "CpuQuotaSeconds", "CPU time allowed per period; null when unlimited",
                    c -> optional(c.quota()), Unit.SECONDS, false),
            cpu("period", Type.DOUBLE, "CpuPeriodSeconds", "The length of the quota's period", c -> c.period(), Unit.SECONDS, false),
            cpu("limit_cpus", Type.DOUBLE, "CpuLimitCpus", "quota / period: CPUs' worth the cgroup may use; null when unlimited",
                    c -> optional(c.limitCpus()), Unit.NONE, false),
            cpu("effective_cpus", Type.INTEGER, "CpuEffectiveCount",
                    "CPUs the cgroup can use: limit rounded up, cpuset and CPUs online, whichever is least",
                    c -> c.effectiveCpus() < 0 ? null : c.effectiveCpus(), Unit.NONE, false),
            cpu("usage", Type.DOUBLE, "CpuUsageSecondsTotal", "CPU time used by the cgroup", c -> c.usage(), Unit.SECONDS, true),
            cpu("user", Type.DOUBLE, "CpuUserSecondsTotal", "CPU time used in user mode", c -> c.user(), Unit.SECONDS, true),
            cpu("system", Type.DOUBLE, "CpuSystemSecondsTotal", "CPU time used in kernel mode", c -> c.system(), Unit.SECONDS, true),
            cpu("periods", Type.LONG, "CpuPeriodsTotal", "Quota periods elapsed while runnable (nr_periods)",
                    c -> c.periods(), Unit.NONE, true),
            cpu("throttled_periods", Type.LONG, "CpuThrottledPeriodsTotal", "Periods in which the quota ran out (nr_throttled)",
                    c -> c.throttledPeriods(), Unit.NONE, true),
            cpu("throttled", Type.DOUBLE, "CpuThrottledSecondsTotal", "Time the cgroup's threads were throttled",
                    c -> c.throttled(), Unit.SECONDS, true),
            Metric.<Cgroup>of("pids", "current", Type.LONG, c -> c.pids() == null ? null : c.pids().current())
                    .mbean("PidsCurrent", "Tasks in the cgroup (pids.current)").prometheus("jpsutil_cgroup_pids").done(),
            Metric.<Cgroup>of("pids", "limit", Type.LONG, c -> c.pids() == null ? null : limit(c.pids().limit()))
                    .mbean("PidsLimit", "Tasks allowed (pids.max); null when unlimited").prometheus("jpsutil_cgroup_pids_limit").done(),
            // a table is never null (JMX has no null table): without an I/O controller it is empty here, absent in JSON
            Metric.<Cgroup>of("io", null, Type.TABLE, c -> c.io() == null ? List.of() : c.io())
                    .mbean("Io", "Bytes and operations per block device; empty without an I/O controller")
                    .table(IO_ROWS).done(),
            pressure("pressure", "", "jpsutil_cgroup", Cgroup::pressure));

    private CgroupMetrics() {
    }

    /** A cgroup's values keyed by controller, a controller the cgroup does not have left out. */
    public static Map<String, Object> asDict(Cgroup c) {
        Map<String, Object> d = Metric.asDict(ALL, c, null, null);
        if (c.memory() == null) d.remove("memory");
        if (c.cpu() == null) d.remove("cpu");
        if (c.pids() == null) d.remove("pids");
        if (c.io() == null) d.remove("io");
        if (c.pressure() == null) d.remove("pressure");
        return d;
    }

    static Long limit(OptionalLong l) {
        return l.isPresent() ? l.getAsLong() : null;
    }

    private static Double optional(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    /** -1, the records' "not known", as null. */
    private static Object known(Number n) {
        return n.doubleValue() < 0 ? null : n;
    }

    private static Metric<Cgroup> memory(String field, String attribute, String what, Function<CgroupMemory, Object> f,
                                         boolean counter) {
        Metric.Builder<Cgroup> b = Metric.<Cgroup>of("memory", field, Type.LONG, c -> {
            if (c.memory() == null) return null;
            Object v = f.apply(c.memory());
            return v instanceof Number n ? known(n) : v;
        }).mbean(attribute, withUnit(what, counter ? "" : ", in bytes")).unit(counter ? Unit.NONE : Unit.BYTES)
                .prometheus("jpsutil_cgroup_memory_" + field + (counter ? "_total" : "_bytes"));
        if (counter) b.counter();
        return b.done();
    }

    private static Metric<Cgroup> cpu(String field, Type type, String attribute, String what, Function<CgroupCpu, Object> f,
                                      Unit unit, boolean counter) {
        Metric.Builder<Cgroup> b = Metric.<Cgroup>of("cpu", field, type, c -> {
            if (c.cpu() == null) return null;
            Object v = f.apply(c.cpu());
            return v instanceof Number n ? known(n) : v;
        }).mbean(attribute, withUnit(what, unit == Unit.SECONDS ? ", in seconds" : "")).unit(unit)
                .prometheus("jpsutil_cgroup_cpu_" + field + (unit == Unit.SECONDS ? "_seconds" : "") + (counter ? "_total" : ""));
        if (counter) b.counter();
        return b.done();
    }

    /**
     * Pressure stall figures (some and full; avg10, avg60, avg300 and the total) of cpu, memory and
     * io, under {@code key}, with attributes prefixed by {@code attributePrefix}: the machine's in
     * {@link SystemMetrics}, a cgroup's here.
     */
    static <S> List<Metric<S>> pressure(String key, String attributePrefix, String prometheusPrefix,
                                        Function<S, Pressure> read) {
        List<Object> out = new java.util.ArrayList<>();
        for (String resource : List.of("cpu", "memory", "io")) {
            for (String kind : List.of("some", "full")) {
                Function<S, Pressure.Line> line = s -> {
                    Pressure p = read.apply(s);
                    Pressure.Stall st = p == null ? null : switch (resource) {
                        case "cpu" -> p.cpu();
                        case "memory" -> p.memory();
                        default -> p.io();
                    };
                    return st == null ? null : kind.equals("some") ? st.some() : st.full();
                };
                String name = attributePrefix + "Pressure" + cap(resource) + cap(kind);
                String prom = prometheusPrefix + "_pressure_" + resource + "_" + kind;
                for (String window : List.of("avg10", "avg60", "avg300")) {
                    out.add(Metric.<S>of(key, resource + "_" + kind + "_" + window, Type.DOUBLE, s -> {
                        Pressure.Line l = line.apply(s);
                        return l == null ? null : switch (window) {
                            case "avg10" -> l.avg10();
                            case "avg60" -> l.avg60();
                            default -> l.avg300();
                        };
                    }).mbean(name + cap(window) + "Percent", "Percent of the last " + window.substring(3) + " seconds that "
                            + kind + " tasks stalled on " + resource).unit(Unit.PERCENT).prometheus(prom + "_" + window + "_ratio")
                            .done());
                }
                out.add(Metric.<S>of(key, resource + "_" + kind + "_total", Type.DOUBLE, s -> {
                    Pressure.Line l = line.apply(s);
                    return l == null ? null : l.totalSeconds();
                }).mbean(name + "SecondsTotal", "Time " + kind + " tasks stalled on " + resource + ", in seconds")
                        .unit(Unit.SECONDS).counter().prometheus(prom + "_seconds_total").done());
            }
        }
        return Metric.flatten(out.toArray());
    }

    /** The unit after the figure, before a "; null when ..." clause. */
    private static String withUnit(String what, String unit) {
        int semi = what.indexOf(';');
        return semi < 0 ? what + unit : what.substring(0, semi) + unit + what.substring(semi);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
