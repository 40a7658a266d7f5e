package io.github.jpsutil.bench;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Issue 6, item 4: a do-nothing agent that notes {@code System.nanoTime()} and the CPU time of the
 * thread that runs it (the main thread, from ThreadMXBean, nanoseconds) in the system
 * property {@code bench.premain.ARGS}, as "NANOTIME CPUNANOS". run.sh puts it before and after the
 * jpsutil agent ({@code -javaagent:timer.jar=before -javaagent:jpsutil-agent.jar -javaagent:timer.jar=after});
 * the JVM runs premains one after the other, in command-line order, on the main thread, so the
 * difference is the jpsutil premain's duration, loading its class included (an upper bound: it also
 * counts the JVM's own step from one agent to the next, which a run with only the two timers measures).
 * With {@code =noop} it does nothing at all: the do-nothing agent that run.sh's start-up times compare with.
 */
public final class PremainTimer {
    private PremainTimer() {
    }

    public static void premain(String args, Instrumentation inst) {
        if ("noop".equals(args)) return; // run.sh's do-nothing agent: what any -javaagent costs the JVM
        // No string concatenation with +: its first use at a call site bootstraps java.lang.invoke,
        // tens of milliseconds this early, which would land between the readings. The thread's CPU
        // time from ThreadMXBean (clock_gettime, exact; schedstat lags by up to a scheduler tick):
        // the first timer loads it before its readings, the jpsutil premain does not use it.
        String key = "bench.premain.".concat(args);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long now = System.nanoTime();
        System.setProperty(key, Long.toString(now).concat(" ").concat(Long.toString(cpu)));
    }
}
