package io.github.jpsutil.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.jpsutil.agent.AgentMain;
import io.github.jpsutil.agent.Options;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** list, attach and detach. */
final class Commands {
    /** How long to wait for the agent's thread in the target to act on an attach. */
    private static final long SETTLE_MILLIS = 10_000;

    private Commands() {
    }

    static int list(PrintStream out) {
        List<VirtualMachineDescriptor> vms = VirtualMachine.list();
        vms.sort(Comparator.comparingLong(d -> Long.parseLong(d.id())));
        out.printf("%8s  %-8s  %s%n", "PID", "JPSUTIL", "MAIN");
        long self = ProcessHandle.current().pid();
        for (VirtualMachineDescriptor d : vms) {
            if (d.id().equals(Long.toString(self))) continue;
            String main = d.displayName().isBlank() ? "?" : d.displayName().split(" ")[0];
            String state;
            try {
                String options = Target.check(Long.parseLong(d.id())).agentOptions();
                state = options == null ? "no" : "yes";
                if (options != null) main += "  (" + options + ")";
            } catch (Cli.Failure f) {
                state = "?";
                main += "  (" + f.getMessage() + ")";
            }
            out.printf("%8s  %-8s  %s%n", d.id(), state, main);
        }
        return 0;
    }

    static int attach(File agentJar, long pid, String options, PrintStream out) throws Cli.Failure {
        Target t = Target.check(pid);
        String wanted = Options.parse(options).toString();
        String before = t.agentOptions();
        if (wanted.equals(before)) {
            out.println("jpsutil already runs in pid " + pid + " with " + before + "; nothing changed");
            return 0;
        }
        if (t.refusesDynamicAgents())
            throw Cli.failed("pid " + pid + " was started with -XX:-EnableDynamicAgentLoading: it refuses agents "
                    + "loaded while it runs; start it with -javaagent:" + agentJar + " instead");
        load(t, agentJar, options);
        String after = settle(t, wanted);
        if (!wanted.equals(after))
            throw Cli.failed("jpsutil did not start in pid " + pid + " (its stderr says why)");
        out.println(before == null ? "jpsutil started in pid " + pid + " with " + after
                : "jpsutil in pid " + pid + " now runs with " + after + " (was " + before + ")");
        return 0;
    }

    static int detach(File agentJar, long pid, PrintStream out) throws Cli.Failure {
        Target t = Target.check(pid);
        if (t.agentOptions() == null) {
            out.println("jpsutil does not run in pid " + pid + "; nothing changed");
            return 0;
        }
        load(t, agentJar, AgentMain.DETACH);
        if (settle(t, null) != null) throw Cli.failed("jpsutil did not stop in pid " + pid + " (its stderr says why)");
        out.println("jpsutil stopped in pid " + pid + "; its MBeans are gone");
        return 0;
    }

    /** Loads the agent jar into the target through Byte Buddy's attach, which also works from a JRE. */
    private static void load(Target t, File agentJar, String argument) throws Cli.Failure {
        try {
            ByteBuddyAgent.attach(agentJar, Long.toString(t.pid), argument);
        } catch (RuntimeException e) {
            String why = Target.firstLine(String.valueOf(e.getCause() != null ? e.getCause() : e));
            if (!t.process.isRunning()) throw Cli.failed("pid " + t.pid + " exited");
            if (why.contains("AgentLoadException") || why.contains("EnableDynamicAgentLoading"))
                throw Cli.failed("pid " + t.pid + " refused to load the agent (" + why + "); on Java 21 and later a JVM "
                        + "started with -XX:-EnableDynamicAgentLoading does so");
            throw Cli.failed("cannot load jpsutil into pid " + t.pid + ": " + why);
        }
    }

    /** Waits until the agent in the target reports {@code wanted} (null: not running); returns what it reports last. */
    private static String settle(Target t, String wanted) throws Cli.Failure {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        String now = t.agentOptions();
        while (!Objects.equals(now, wanted) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = t.agentOptions();
        }
        return now;
    }
}
