package io.github.jpsutil.agent;

/**
 * How a tracked process ended.
 *
 * @param status          psutil's exit status (the code, or minus the signal); null when unknown
 * @param time            when, in seconds since the epoch
 * @param lifetimeSeconds how long it lived; NaN when its start is unknown
 * @param oomKilled       whether the OOM killer ended it (see CgroupWatch.exited); null when that cannot be known
 */
record Exit(Integer status, double time, double lifetimeSeconds, Boolean oomKilled) {
    /**
     * An exit at {@code exitNanos} (the kernel's monotonic clock, which is System.nanoTime's on
     * Linux; 0: now) of a process forked at {@code forkNanos} (0: unknown, then its start time in
     * ticks is used).
     */
    static Exit of(Integer status, long exitNanos, Tracked t, Boolean oomKilled) {
        double time = epochSeconds(exitNanos > 0 ? exitNanos : System.nanoTime());
        double lifetime = t.forkNanos > 0 && exitNanos > 0 ? (exitNanos - t.forkNanos) / 1e9 : time - t.createTime;
        return new Exit(status, time, lifetime, oomKilled);
    }

    /** Wall-clock seconds of a moment of the kernel's monotonic clock. */
    static double epochSeconds(long monotonicNanos) {
        return System.currentTimeMillis() / 1000.0 - (System.nanoTime() - monotonicNanos) / 1e9;
    }
}
