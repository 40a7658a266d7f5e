package io.github.jpsutil.agent;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A periodic sample of the host or a descendant the agent tracks. Off unless a recording enables
 * it; its {@code pid} is that of the JDK's {@code jdk.ProcessStart} for a child the JVM started.
 */
@Name("jpsutil.ProcessSample")
@Label("Process Sample")
@Category({"jpsutil", "Process"})
@Description("CPU, memory and threads of the host process or one of its descendants")
@Enabled(false)
@Period("1 s")
@StackTrace(false)
final class ProcessSampleEvent extends Event {
    @Label("PID")
    long pid;

    @Label("Parent PID")
    long ppid;

    @Label("Name")
    String name;

    @Label("Scope")
    @Description("self (the host), child (a descendant) or watched")
    String scope;

    @Label("CPU User Time")
    @Timespan(Timespan.NANOSECONDS)
    long cpuUser;

    @Label("CPU System Time")
    @Timespan(Timespan.NANOSECONDS)
    long cpuSystem;

    @Label("CPU Load")
    @Description("CPU use over the agent's last sampling window, as a fraction of one CPU")
    @Percentage
    double cpuLoad;

    @Label("Resident Memory")
    @DataAmount
    long rss;

    @Label("Virtual Memory")
    @DataAmount
    long vms;

    @Label("Threads")
    int threads;
}
