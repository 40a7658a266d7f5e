package io.github.jpsutil.agent;

/**
 * How a tracked process ended.
 *
 * @param status          psutil's exit status (the code, or minus the signal); null when unknown
 * @param time            when, in seconds since the epoch
 * @param lifetimeSeconds how long it lived; NaN when its start is unknown
 */
record Exit(Integer status, double time, double lifetimeSeconds) {
    /**
     * An exit at {@code exitNanos} (the kernel's monotonic clock, which is System.nanoTime's on
     * Linux; 0: now) of a process forked at {@code forkNanos} (0: unknown, then its start time in
     * ticks is used).
     */
    static Exit of(Integer status, long exitNanos, Tracked t) {
        double time = epochSeconds(exitNanos > 0 ? exitNanos : System.nanoTime());
        double lifetime = t.forkNanos > 0 && exitNanos > 0 ? (exitNanos - t.forkNanos) / 1e9 : time - t.createTime;
        return new Exit(status, time, lifetime);
    }

    /** Wall-clock seconds of a moment of the kernel's monotonic clock. */
    static double epochSeconds(long monotonicNanos) {
        return System.currentTimeMillis() / 1000.0 - (System.nanoTime() - monotonicNanos) / 1e9;
    }
}
