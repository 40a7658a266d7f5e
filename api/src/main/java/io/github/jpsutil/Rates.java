package io.github.jpsutil;

/**
 * The formulas of the rates a person reads off a device (bytes per second, busy percent), in one
 * place, as {@link CpuPercent} has those of CPU use: each from two readings of a counter
 * {@code seconds} apart, never negative (a counter that went back, a device replaced, reads as 0).
 */
public final class Rates {
    private Rates() {
    }

    /** Growth per second, rounded to one decimal. */
    public static double perSecond(long before, long after, double seconds) {
        if (seconds <= 0 || after < before) return 0.0;
        return Math.round((after - before) / seconds * 10.0) / 10.0;
    }

    /** Share of the window a device had I/O in flight, from its busy milliseconds: 0-100, one decimal. */
    public static double busyPercent(long busyMillisBefore, long busyMillisAfter, double seconds) {
        if (seconds <= 0 || busyMillisAfter < busyMillisBefore) return 0.0;
        double p = (busyMillisAfter - busyMillisBefore) / (seconds * 1000.0) * 100.0;
        return Math.round(Math.min(100.0, p) * 10.0) / 10.0;
    }
}
