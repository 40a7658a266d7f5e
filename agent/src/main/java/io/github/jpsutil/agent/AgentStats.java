package io.github.jpsutil.agent;

import java.util.concurrent.atomic.AtomicLong;

/** The agent's own figures that jpsutil:type=Agent shows: rounds, faults and how long a round took. */
final class AgentStats {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile String lastError = "";
    volatile double lastSampleSeconds;

    /** A fault of the agent: counted, kept as the last error, and logged once per kind of place. */
    void error(String where, Throwable e) {
        errors.incrementAndGet();
        String m = where + ": " + Errors.message(e);
        lastError = m;
        Log.once(where.replaceAll("\\d+", "N"), m + " (further errors are counted in jpsutil:type=Agent ErrorsTotal)");
    }
}
