package io.github.jpsutil.agent;

import io.github.jpsutil.CpuPercent;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.OsProcess;

import javax.management.ObjectName;
import java.util.List;

/**
 * A process the agent follows from its start to its exit. It has an MBean while it can be read
 * ({@link #registered}); one learnt from the kernel's events that ended before it could be read
 * has none, but is still announced. The sampler thread alone writes it.
 */
final class Tracked {
    static final String SELF = "self", CHILD = "child", WATCHED = "watched";
    /** The shortest window a process' CpuPercent is computed over (5 ticks of the usual 100 Hz). */
    static final double MIN_WINDOW_SECONDS = 0.05;

    /** Null when the process was gone before it could be read. */
    final OsProcess handle;
    final long pid;
    final long ppid;
    final String scope;
    /**
     * Its MBean's name, made when the MBean is registered (null for a process announced from its
     * events alone, which never has one): with option objectNames=name it holds the process name,
     * which an exec changes.
     */
    volatile ObjectName objectName;
    /** Whether the host is its parent, so that its exit status can be learnt. */
    final boolean hostChild;
    /** Start time in seconds since the epoch; NaN when unknown. */
    final double createTime;
    /** When the kernel reported its fork (monotonic nanoseconds since boot); 0 when found by looking. */
    final long forkNanos;
    /** The name and command line last seen (a fork starts with its parent's; an exec changes them). */
    volatile String name;
    volatile List<String> cmdline;
    boolean registered;
    /** Whether its end comes from a pidfd (Sampler.watchExit) rather than from looking. */
    boolean exitWatched;
    /** Completed with the exit status (null when unknown) once the agent has seen it exit. */
    final java.util.concurrent.CompletableFuture<Integer> exited = new java.util.concurrent.CompletableFuture<>();

    private CpuTimes lastCpu, latestCpu;
    private long lastNanos;
    /** The largest resident set seen, in bytes; -1 before any reading. */
    long peakRssBytes = -1;
    /** CPU use over the last sampling window, in percent of one CPU. */
    volatile double cpuPercent;

    Tracked(OsProcess handle, long pid, long ppid, String scope, boolean hostChild, double createTime, long forkNanos,
            String name, List<String> cmdline) {
        this.handle = handle;
        this.pid = pid;
        this.ppid = ppid;
        this.scope = scope;
        this.hostChild = hostChild;
        this.createTime = createTime;
        this.forkNanos = forkNanos;
        this.name = name;
        this.cmdline = cmdline;
    }

    long pid() {
        return pid;
    }

    /** The CPU times of the latest reading; null before any. */
    CpuTimes latestCpu() {
        return latestCpu;
    }

    void rss(long bytes) {
        peakRssBytes = Math.max(peakRssBytes, bytes);
    }

    /**
     * The first reading: until its first full window, CpuPercent is the average since the process
     * started (the start time is only as fine as a clock tick, so a brand-new process is kept within
     * what {@code cpus} CPUs can do).
     */
    void firstCpu(CpuTimes cpu, long nanos, double ageSeconds, int cpus) {
        lastCpu = latestCpu = cpu;
        lastNanos = nanos;
        cpuPercent = Math.min(CpuPercent.ofProcess(new CpuTimes(0, 0, 0, 0, 0), cpu, ageSeconds), 100.0 * cpus);
    }

    /**
     * A new reading closes the window, unless the window is shorter than a few clock ticks (the
     * first sample right after registration, or a refresh): CPU time comes in ticks, so one tick in
     * 5 ms would read as 200%. Then the last figure stays.
     */
    void nextCpu(CpuTimes cpu, long nanos) {
        latestCpu = cpu;
        double seconds = (nanos - lastNanos) / 1e9;
        if (seconds < MIN_WINDOW_SECONDS) return;
        cpuPercent = CpuPercent.ofProcess(lastCpu, cpu, seconds);
        lastCpu = cpu;
        lastNanos = nanos;
    }

    static ObjectName objectName(String scope, long pid) {
        return objectName(scope, null, pid);
    }

    /** Whether an ObjectName value may hold the text unquoted. */
    private static boolean plainValue(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (",=:\"*?\n".indexOf(s.charAt(i)) >= 0) return false;
        return true;
    }

    /**
     * {@code jpsutil:type=Process,scope=S,pid=N}, or with a {@code name} (not null)
     * {@code jpsutil:type=Process,scope=S,name=NAME,pid=N}: JConsole's MBean tree then shows the
     * process name above its pid. A name with characters an ObjectName value may not hold is quoted.
     */
    static ObjectName objectName(String scope, String name, long pid) {
        try {
            String key = name == null ? "" : ",name=" + (plainValue(name) ? name : ObjectName.quote(name));
            return new ObjectName("jpsutil:type=Process,scope=" + scope + key + ",pid=" + pid);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
