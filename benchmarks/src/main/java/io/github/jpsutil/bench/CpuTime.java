package io.github.jpsutil.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark thread's CPU time (user + kernel) and the processes it covered, summed over an
 * iteration. On a busy machine the elapsed time per process also counts waiting for a CPU; the
 * CPU time per process ({@code cpuNanos / items}) is the cost itself. Read once per listing or
 * per batch, so that reading the clock (a system call) stays out of the figure.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long items;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        items = 0;
    }

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void add(long since, long count) {
        cpuNanos += now() - since;
        items += count;
    }
}
