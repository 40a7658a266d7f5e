package io.github.jpsutil.agent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own figures that jpsutil:type=Agent shows: rounds, faults, how long a round took,
 * and how the tracked processes came and went.
 */
final class AgentStats {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile String lastError = "";
    volatile double lastSampleSeconds;
    final AtomicLong started = new AtomicLong();
    final AtomicLong exited = new AtomicLong();
    final AtomicLong exitedNonZero = new AtomicLong();
    final AtomicLong killedBySignal = new AtomicLong();
    final AtomicLong eventsLost = new AtomicLong();

    /** A fault of the agent: counted, kept as the last error, and logged once per kind of place. */
    void error(String where, Throwable e) {
        errors.incrementAndGet();
        String m = where + ": " + Errors.message(e);
        lastError = m;
        Log.once(where.replaceAll("\\d+", "N"), m + " (further errors are counted in jpsutil:type=Agent ErrorsTotal)");
    }

    /** An exit, by its status (psutil's form; null when unknown). */
    void exited(Integer status) {
        exited.incrementAndGet();
        if (status == null) return;
        if (status > 0) exitedNonZero.incrementAndGet();
        else if (status < 0) killedBySignal.incrementAndGet();
    }
}
