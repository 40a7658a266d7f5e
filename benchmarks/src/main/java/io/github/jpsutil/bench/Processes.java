package io.github.jpsutil.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the processes a listing benchmark read. JMH reports the count as a rate
 * (processes per second) next to the listings per second; run.sh turns the rate into
 * microseconds per process, so the figure does not depend on how many processes there were.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Processes {
    public long processes;

    @Setup(Level.Iteration)
    public void reset() {
        processes = 0;
    }
}
