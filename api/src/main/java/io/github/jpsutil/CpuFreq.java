package io.github.jpsutil;

/**
 * A CPU's clock in MHz (psutil's {@code scpufreq}): the current frequency and the bounds the
 * kernel may scale it between; min and max are 0 where only {@code /proc/cpuinfo} tells the clock.
 */
public record CpuFreq(double current, double min, double max) {
    /** The mean of each field over the CPUs, as psutil's {@code cpu_freq()} gives it; empty for none. */
    static java.util.Optional<CpuFreq> mean(java.util.List<CpuFreq> all) {
        if (all.isEmpty()) return java.util.Optional.empty();
        double cur = 0, min = 0, max = 0;
        for (CpuFreq f : all) {
            cur += f.current();
            min += f.min();
            max += f.max();
        }
        int n = all.size();
        return java.util.Optional.of(new CpuFreq(cur / n, min / n, max / n));
    }
}
