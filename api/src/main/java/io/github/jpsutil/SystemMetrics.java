package io.github.jpsutil;

import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Every machine-wide value jpsutil reports, keyed as psutil's module-level functions name them. */
public final class SystemMetrics {
    private static final Metric.Otel CPU_TIME = Metric.instrument("system.cpu.time", "counter", "s",
            "CPU time of all logical CPUs, by mode");
    private static final Metric.Otel CPU_COUNT = Metric.instrument("system.cpu.logical.count", "updowncounter", "{cpu}",
            "Logical CPUs online");
    private static final Metric.Otel MEMORY_LIMIT = Metric.instrument("system.memory.limit", "updowncounter", "By",
            "Physical memory of the machine");
    private static final Metric.Otel MEMORY_USAGE = Metric.instrument("system.memory.usage", "updowncounter", "By",
            "Physical memory, by state");
    private static final Metric.Otel MEMORY_AVAILABLE = Metric.instrument("system.linux.memory.available", "updowncounter",
            "By", "Memory available to new programs without swapping");
    private static final Metric.Otel PAGING_USAGE = Metric.instrument("system.paging.usage", "updowncounter", "By",
            "Swap space, by state");
    private static final Metric.Otel PROCESS_COUNT = Metric.instrument("system.process.count", "updowncounter", "{process}",
            "Processes on the machine");

    /** Every machine-wide value, in the order JSON output and MBean attributes list them. */
    public static final List<Metric<SystemView>> ALL = Metric.flatten(
            of("cpu_count", null, Type.INTEGER, s -> s.cpuCount()).mbean("NumCpus", "Logical CPUs online")
                    .prometheus("jpsutil_system_cpus").otel(CPU_COUNT).done(),
            of("boot_time", null, Type.DOUBLE, s -> s.bootTime())
                    .mbean("BootTimeSeconds", "When the machine booted, in seconds since the epoch").unit(Unit.SECONDS)
                    .prometheus("jpsutil_system_boot_time_seconds").done(),
            of("cpu_percent", null, Type.DOUBLE, s -> s.cpuPercent()).mbean("CpuPercent",
                    "Machine-wide CPU use over the agent's last sampling window, 0-100; the same for every client")
                    .unit(Unit.PERCENT).sampled().prometheus("jpsutil_system_cpu_usage_ratio").done(),
            cpu("user", "User", "in user mode (guest time included)", c -> c.user(), "user"),
            cpu("nice", "Nice", "in user mode at a positive nice value", c -> c.nice(), "nice"),
            cpu("system", "System", "in kernel mode", c -> c.system(), "system"),
            cpu("idle", "Idle", "idle", c -> c.idle(), "idle"),
            cpu("iowait", "Iowait", "idle while waiting for I/O", c -> c.iowait(), "iowait"),
            cpu("irq", "Irq", "serving hardware interrupts", c -> c.irq(), "interrupt"),
            cpu("softirq", "Softirq", "serving software interrupts", c -> c.softirq(), "softirq"),
            cpu("steal", "Steal", "taken by the hypervisor for other guests", c -> c.steal(), "steal"),
            cpu("guest", "Guest", "running guests' virtual CPUs (also counted in user)", c -> c.guest(), null),
            cpu("guest_nice", "GuestNice", "running niced guests' virtual CPUs (also counted in nice)", c -> c.guestNice(), null),
            memory("total", "Total", "Physical memory", m -> m.total(), MEMORY_LIMIT, null),
            memory("available", "Available", "Memory available to new programs without swapping (MemAvailable)",
                    m -> m.available(), MEMORY_AVAILABLE, null),
            of("virtual_memory", "percent", Type.DOUBLE, s -> s.virtualMemory().percent())
                    .mbean("MemoryPercent", "(total - available) / total, in percent").unit(Unit.PERCENT)
                    .prometheus("jpsutil_system_memory_ratio").done(),
            memory("used", "Used", "Memory in use: total - free - cached - buffers, as psutil computes it", m -> m.used(),
                    MEMORY_USAGE, "used"),
            memory("free", "Free", "Memory not used at all (MemFree)", m -> m.free(), MEMORY_USAGE, "free"),
            memory("active", "Active", "Memory used recently, rarely reclaimed (Active)", m -> m.active(), null, null),
            memory("inactive", "Inactive", "Memory not used recently, reclaimed first (Inactive)", m -> m.inactive(), null, null),
            memory("buffers", "Buffers", "Block device buffers", m -> m.buffers(), MEMORY_USAGE, "buffers"),
            memory("cached", "Cached", "Page cache and reclaimable slab (Cached + SReclaimable)", m -> m.cached(),
                    MEMORY_USAGE, "cached"),
            memory("shared", "Shared", "Shared memory and tmpfs (Shmem)", m -> m.shared(), null, null),
            memory("slab", "Slab", "Kernel data structures (Slab)", m -> m.slab(), null, null),
            swap("total", "SwapTotalBytes", "Swap space", s -> s.total(), null),
            swap("used", "SwapUsedBytes", "Swap in use", s -> s.used(), "used"),
            swap("free", "SwapFreeBytes", "Swap not in use", s -> s.free(), "free"),
            of("swap_memory", "percent", Type.DOUBLE, s -> s.swapMemory().percent())
                    .mbean("SwapPercent", "Swap in use, in percent of the total").unit(Unit.PERCENT)
                    .prometheus("jpsutil_system_swap_ratio").done(),
            swapped("sin", "SwapInBytesTotal", "Bytes swapped in from disk since boot", s -> s.sin()),
            swapped("sout", "SwapOutBytesTotal", "Bytes swapped out to disk since boot", s -> s.sout()),
            of("process_count", null, Type.INTEGER, s -> s.processCount())
                    .mbean("ProcessCount", "Number of processes on the machine (len(psutil.pids()))")
                    .prometheus("jpsutil_system_processes").otel(PROCESS_COUNT).done(),
            // ---- beyond psutil's classic values, each group declared in its own file ----
            CpuMetrics.ALL, DiskMetrics.ALL, NetMetrics.ALL, SensorMetrics.ALL,
            CgroupMetrics.pressure("pressure", "", "jpsutil_system", SystemView::pressure));

    private SystemMetrics() {
    }

    private static Metric.Builder<SystemView> of(String key, String field, Type type, Function<SystemView, Object> read) {
        return Metric.of(key, field, type, read);
    }

    /** The machine's values keyed as psutil's functions and their fields; {@code keys} null for all. */
    public static Map<String, Object> asDict(SystemView s, Set<String> keys) {
        return Metric.asDict(ALL, s, keys, null);
    }

    private static Metric<SystemView> cpu(String field, String mode, String what, Function<SystemCpuTimes, Double> f,
                                          String otelMode) {
        Metric.Builder<SystemView> b = of("cpu_times", field, Type.DOUBLE, s -> f.apply(s.cpuTimes()))
                .mbean("Cpu" + mode + "SecondsTotal", "Time all CPUs spent " + what + ", in seconds since boot")
                .unit(Unit.SECONDS).counter().prometheus("jpsutil_system_cpu_" + field + "_seconds_total");
        if (otelMode != null) b.otel(CPU_TIME, "cpu.mode", otelMode);
        return b.done();
    }

    private static Metric<SystemView> memory(String field, String name, String what, Function<VirtualMemory, Long> f,
                                             Metric.Otel otel, String state) {
        Metric.Builder<SystemView> b = of("virtual_memory", field, Type.LONG, s -> f.apply(s.virtualMemory()))
                .mbean("Memory" + name + "Bytes", what + ", in bytes").unit(Unit.BYTES)
                .prometheus("jpsutil_system_memory_" + name.toLowerCase(Locale.ROOT) + "_bytes");
        if (otel != null && state != null) b.otel(otel, "system.memory.state", state);
        else if (otel != null) b.otel(otel);
        return b.done();
    }

    private static Metric<SystemView> swap(String field, String attribute, String what, Function<SwapMemory, Long> f,
                                           String state) {
        Metric.Builder<SystemView> b = of("swap_memory", field, Type.LONG, s -> f.apply(s.swapMemory()))
                .mbean(attribute, what + ", in bytes").unit(Unit.BYTES)
                .prometheus("jpsutil_system_swap_" + field + "_bytes");
        if (state != null) b.otel(PAGING_USAGE, "system.paging.state", state);
        return b.done();
    }

    private static Metric<SystemView> swapped(String field, String attribute, String what, Function<SwapMemory, Long> f) {
        return of("swap_memory", field, Type.LONG, s -> f.apply(s.swapMemory())).mbean(attribute, what)
                .unit(Unit.BYTES).counter().prometheus("jpsutil_system_swap_" + (field.equals("sin") ? "in" : "out")
                        + "_bytes_total").done();
    }
}
