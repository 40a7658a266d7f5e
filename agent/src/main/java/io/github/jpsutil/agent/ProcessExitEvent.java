package io.github.jpsutil.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A tracked descendant has exited. Off unless a recording enables it; {@code pid} lines up with {@code jdk.ProcessStart}. */
@Name("jpsutil.ProcessExit")
@Label("Process Exit")
@Category({"jpsutil", "Process"})
@Description("A descendant of the host has exited: its exit status (when the host is its parent) and lifetime")
@Enabled(false)
@StackTrace(false)
final class ProcessExitEvent extends Event {
    @Label("PID")
    long pid;

    @Label("Name")
    String name;

    @Label("Exit Status Known")
    @Description("Whether the host is its parent, so that its exit status is known")
    boolean statusKnown;

    @Label("Exit Status")
    @Description("As the JDK reports it: the exit code, or 128 + N when signal N ended it; -1 when unknown")
    int status;

    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
