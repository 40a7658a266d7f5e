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
}
