package io.github.jpsutil;

/**
 * psutil's CPU-percent formulas, in one place: for a process (percent of one CPU, so up to 100 x
 * CPUs) and for the machine (0-100), each rounded to one decimal as psutil rounds.
 */
public final class CpuPercent {
    private CpuPercent() {
    }

    /** Percent of one CPU that a process used between two readings {@code seconds} apart; never negative. */
    public static double ofProcess(CpuTimes a, CpuTimes b, double seconds) {
        if (seconds <= 0) return 0.0;
        double used = b.total() - a.total();
        return Math.max(0.0, Math.round(used / seconds * 1000.0) / 10.0);
    }

    /** Busy share of the machine's CPU time between two readings, 0-100. */
    public static double ofMachine(SystemCpuTimes a, SystemCpuTimes b) {
        double all = b.total() - a.total();
        double busy = b.busy() - a.busy();
        if (all <= 0) return 0.0;
        double p = Math.max(0.0, Math.min(100.0, busy / all * 100.0));
        return Math.round(p * 10.0) / 10.0;
    }

    /**
     * Share of each mode in the machine's CPU time between two readings (psutil's
     * {@code cpu_times_percent}): each mode's growth over all time's growth (guest modes over the
     * same total, which does not count them twice), rounded to one decimal, within 0-100.
     */
    public static SystemCpuTimes timesOfMachine(SystemCpuTimes a, SystemCpuTimes b) {
        double[] d = {b.user() - a.user(), b.nice() - a.nice(), b.system() - a.system(), b.idle() - a.idle(),
                b.iowait() - a.iowait(), b.irq() - a.irq(), b.softirq() - a.softirq(), b.steal() - a.steal(),
                b.guest() - a.guest(), b.guestNice() - a.guestNice()};
        double all = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, d[i]);
            if (i < 8) all += d[i];
        }
        // psutil divides by at least 1 (one second of CPU time or one tick's worth, whichever is more)
        double scale = 100.0 / Math.max(1, all);
        for (int i = 0; i < d.length; i++) d[i] = Math.min(100.0, Math.max(0.0, Math.round(d[i] * scale * 10.0) / 10.0));
        return new SystemCpuTimes(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
    }
}
