package io.github.jpsutil.bench;

import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * What the agent's Flight Recorder exit event costs on the path where a descendant's exit is
 * handled (the agent's FlightEvents.exited): with no recording that enables it, the event object
 * and one isEnabled check; with a recording that enables it, the commit. The event here has the
 * shape and annotations of the agent's jpsutil.ProcessExit (the agent's classes are not on this
 * module's class path); the periodic sample needs no figure, since Flight Recorder never calls its
 * hook unless a recording enables it.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar FlightEventBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlightEventBenchmark {
    @Name("jpsutil.bench.ProcessExit")
    @Enabled(false)
    @StackTrace(false)
    static final class ExitEvent extends Event {
        long pid;
        String name;
        boolean statusKnown;
        int status;
        long lifetime;
    }

    /** The values an exit event carries. */
    @State(Scope.Thread)
    public static class Exit {
        long pid = 4242;
        String name = "sleep";
        int status = 3;
    }

    /** A recording that enables the event, for the cost when someone records. */
    @State(Scope.Benchmark)
    public static class Recorded {
        Recording recording;

        @Setup(Level.Trial)
        public void start() {
            recording = new Recording();
            recording.enable("jpsutil.bench.ProcessExit");
            recording.setToDisk(false);
            recording.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            recording.close();
        }
    }

    /** The exit handled without any event: what the others are compared with. */
    @Benchmark
    public long noEvent(Exit x) {
        return x.pid + x.status;
    }

    @Benchmark
    public long noRecording(Exit x) {
        return exited(x);
    }

    @Benchmark
    public long recording(Exit x, Recorded r) {
        return exited(x);
    }

    private static long exited(Exit x) {
        ExitEvent e = new ExitEvent();
        if (!e.isEnabled()) return x.pid + x.status;
        e.pid = x.pid;
        e.name = x.name;
        e.statusKnown = true;
        e.status = x.status;
        e.lifetime = 1;
        e.commit();
        return x.pid + x.status;
    }
}
