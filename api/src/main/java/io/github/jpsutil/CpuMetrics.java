package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The machine's CPU values beyond psutil's classic ones (per-CPU times and percent, mode shares,
 * physical cores, event counts, clocks, load): a part of {@link SystemMetrics#ALL}.
 */
final class CpuMetrics {
    /** One CPU's row of a per-CPU table: its position in the kernel's list and its value. */
    record PerCpu<T>(int cpu, T value) {
        static <T> List<PerCpu<T>> of(List<T> values) {
            List<PerCpu<T>> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) out.add(new PerCpu<>(i, values.get(i)));
            return out;
        }
    }

    private static final Table<PerCpu<SystemCpuTimes>> PER_CPU_TIMES = new Table<>("jpsutil.PerCpuTime",
            "Time one logical CPU spent in each mode since boot, in seconds", "cpu", List.of(
            new Column<>("cpu", "cpu", Type.INTEGER, "Position in the kernel's list of online CPUs", PerCpu::cpu),
            times("user", "userSeconds", SystemCpuTimes::user), times("nice", "niceSeconds", SystemCpuTimes::nice),
            times("system", "systemSeconds", SystemCpuTimes::system), times("idle", "idleSeconds", SystemCpuTimes::idle),
            times("iowait", "iowaitSeconds", SystemCpuTimes::iowait), times("irq", "irqSeconds", SystemCpuTimes::irq),
            times("softirq", "softirqSeconds", SystemCpuTimes::softirq),
            times("steal", "stealSeconds", SystemCpuTimes::steal), times("guest", "guestSeconds", SystemCpuTimes::guest),
            times("guest_nice", "guestNiceSeconds", SystemCpuTimes::guestNice)));

    private static final Table<PerCpu<CpuFreq>> PER_CPU_FREQ = new Table<>("jpsutil.CpuClock",
            "Clock of one CPU (or of a group of CPUs that share one), in MHz", "cpu", List.of(
            new Column<>("cpu", "cpu", Type.INTEGER, "Position in the kernel's list of clocks", PerCpu::cpu),
            new Column<>("current", "currentMegahertz", Type.DOUBLE, "Current clock", r -> r.value().current()),
            new Column<>("min", "minMegahertz", Type.DOUBLE, "Lowest clock the kernel may set; 0 when unknown",
                    r -> r.value().min()),
            new Column<>("max", "maxMegahertz", Type.DOUBLE, "Highest clock the kernel may set; 0 when unknown",
                    r -> r.value().max())));

    static final List<Metric<SystemView>> ALL = Metric.flatten(
            of("cpu_count_physical", null, Type.INTEGER, SystemView::cpuCountPhysical)
                    .mbean("NumPhysicalCores", "Physical cores (psutil's cpu_count(logical=False)); empty where the kernel does not say")
                    .prometheus("jpsutil_system_physical_cores").done(),
            of("cpu_times_percpu", null, Type.TABLE, s -> PerCpu.of(s.cpuTimesPercpu())).table(PER_CPU_TIMES)
                    .mbean("PerCpuTimes", "Time each logical CPU spent in each mode since boot (psutil's cpu_times(percpu=True))")
                    .done(),
            of("cpu_percent_percpu", null, Type.DOUBLE_LIST, s -> s.cpuPercentPercpu()).unit(Unit.PERCENT)
                    .describe("Each logical CPU's use since the previous reading, 0-100 (psutil's cpu_percent(percpu=True))")
                    .done(),
            percent("user", SystemCpuTimes::user), percent("nice", SystemCpuTimes::nice),
            percent("system", SystemCpuTimes::system), percent("idle", SystemCpuTimes::idle),
            percent("iowait", SystemCpuTimes::iowait), percent("irq", SystemCpuTimes::irq),
            percent("softirq", SystemCpuTimes::softirq), percent("steal", SystemCpuTimes::steal),
            percent("guest", SystemCpuTimes::guest), percent("guest_nice", SystemCpuTimes::guestNice),
            stat("ctx_switches", "ContextSwitchesTotal", "Context switches since boot", CpuStats::ctxSwitches,
                    "jpsutil_system_context_switches_total"),
            stat("interrupts", "InterruptsTotal", "Hardware interrupts served since boot", CpuStats::interrupts,
                    "jpsutil_system_interrupts_total"),
            stat("soft_interrupts", "SoftInterruptsTotal", "Software interrupts served since boot",
                    CpuStats::softInterrupts, "jpsutil_system_soft_interrupts_total"),
            of("cpu_stats", "syscalls", Type.LONG, s -> s.cpuStats().syscalls())
                    .describe("System calls since boot: Linux does not count them, so always 0 (as psutil)").done(),
            freq("current", "CpuFrequencyMegahertz", "Mean current clock of the CPUs, in MHz", CpuFreq::current),
            freq("min", "CpuFrequencyMinMegahertz", "Mean lowest clock the kernel may set, in MHz (0: unknown)", CpuFreq::min),
            freq("max", "CpuFrequencyMaxMegahertz", "Mean highest clock the kernel may set, in MHz (0: unknown)", CpuFreq::max),
            of("cpu_freq_percpu", null, Type.TABLE, s -> PerCpu.of(s.cpuFreqPercpu())).table(PER_CPU_FREQ)
                    .mbean("PerCpuFrequency", "Clock of each CPU in MHz (psutil's cpu_freq(percpu=True)); no rows where the machine does not tell")
                    .done(),
            of("getloadavg", null, Type.DOUBLE_LIST, s -> s.getloadavg().asList())
                    .describe("Load average over 1, 5 and 15 minutes (psutil's getloadavg())").done(),
            load("1m", "LoadAverage1m", LoadAverage::load1), load("5m", "LoadAverage5m", LoadAverage::load5),
            load("15m", "LoadAverage15m", LoadAverage::load15));

    private CpuMetrics() {
    }

    private static Metric.Builder<SystemView> of(String key, String field, Type type, Function<SystemView, Object> read) {
        return Metric.of(key, field, type, read);
    }

    private static Column<PerCpu<SystemCpuTimes>> times(String key, String item, Function<SystemCpuTimes, Double> f) {
        return new Column<>(key, item, Type.DOUBLE, "Seconds in " + key + " mode", r -> f.apply(r.value()));
    }

    /** cpu_times_percent is since the previous reading: JSON only, since MBean clients would share one window. */
    private static Metric<SystemView> percent(String field, Function<SystemCpuTimes, Double> f) {
        return of("cpu_times_percent", field, Type.DOUBLE, s -> f.apply(s.cpuTimesPercent())).unit(Unit.PERCENT)
                .describe("Share of all CPU time spent in " + field + " mode since the previous reading, 0-100").done();
    }

    private static Metric<SystemView> stat(String field, String attribute, String what, Function<CpuStats, Long> f,
                                           String prometheus) {
        return of("cpu_stats", field, Type.LONG, s -> f.apply(s.cpuStats())).mbean(attribute, what).counter()
                .prometheus(prometheus).done();
    }

    private static Metric<SystemView> freq(String field, String attribute, String what, Function<CpuFreq, Double> f) {
        return of("cpu_freq", field, Type.DOUBLE, s -> {
            CpuFreq c = s.cpuFreq();
            return c == null ? null : f.apply(c);
        }).mbean(attribute, what + "; empty where the machine does not tell")
                .prometheus("jpsutil_system_cpu_frequency_" + (field.equals("current") ? "" : field + "_") + "megahertz").done();
    }

    /** The load on the MBean, one attribute per period; JSON has psutil's tuple (getloadavg) instead. */
    private static Metric<SystemView> load(String period, String attribute, Function<LoadAverage, Double> f) {
        return of("getloadavg", period, Type.DOUBLE, s -> f.apply(s.getloadavg())).notInAsDict()
                .mbean(attribute, "Runnable and uninterruptible tasks, averaged over " + period.replace("m", " minutes")
                        .replace("1 minutes", "1 minute"))
                .prometheus("jpsutil_system_load" + period.replace("m", "")) // no semantic-convention name for it
                .done();
    }
}
