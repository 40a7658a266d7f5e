package io.github.jpsutil.agent;

import io.github.jpsutil.CpuPercent;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.OsProcess;

import javax.management.ObjectName;

/** A process the agent has an MBean for. The sampler thread alone writes its CPU window. */
final class Tracked {
    static final String SELF = "self", CHILD = "child", WATCHED = "watched";
    /** The shortest window a process' CpuPercent is computed over (5 ticks of the usual 100 Hz). */
    static final double MIN_WINDOW_SECONDS = 0.05;

    final OsProcess handle;
    final String scope;
    final ObjectName objectName;
    /** The name when it was first seen, for the exited notification (the process is gone by then). */
    final String name;
    /** Whether the host is its parent, so that its exit status can be learnt. */
    final boolean hostChild;

    private CpuTimes lastCpu;
    private long lastNanos;
    /** CPU use over the last sampling window, in percent of one CPU. */
    volatile double cpuPercent;

    Tracked(OsProcess handle, String scope, ObjectName objectName, String name, boolean hostChild) {
        this.handle = handle;
        this.scope = scope;
        this.objectName = objectName;
        this.name = name;
        this.hostChild = hostChild;
    }

    long pid() {
        return handle.pid();
    }

    /**
     * The first reading: until its first full window, CpuPercent is the average since the process
     * started (the start time is only as fine as a clock tick, so a brand-new process is kept within
     * what {@code cpus} CPUs can do).
     */
    void firstCpu(CpuTimes cpu, long nanos, double ageSeconds, int cpus) {
        lastCpu = cpu;
        lastNanos = nanos;
        cpuPercent = Math.min(CpuPercent.ofProcess(new CpuTimes(0, 0, 0, 0, 0), cpu, ageSeconds), 100.0 * cpus);
    }

    /**
     * A new reading closes the window, unless the window is shorter than a few clock ticks (the
     * first sample right after registration, or a refresh): CPU time comes in ticks, so one tick in
     * 5 ms would read as 200%. Then the last figure stays.
     */
    void nextCpu(CpuTimes cpu, long nanos) {
        double seconds = (nanos - lastNanos) / 1e9;
        if (seconds < MIN_WINDOW_SECONDS) return;
        cpuPercent = CpuPercent.ofProcess(lastCpu, cpu, seconds);
        lastCpu = cpu;
        lastNanos = nanos;
    }

    static ObjectName objectName(String scope, long pid) {
        try {
            return new ObjectName("jpsutil:type=Process,scope=" + scope + ",pid=" + pid);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
