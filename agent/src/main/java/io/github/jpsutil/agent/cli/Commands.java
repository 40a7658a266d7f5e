package io.github.jpsutil.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.jpsutil.agent.AgentMain;
import io.github.jpsutil.agent.Options;
import net.bytebuddy.agent.ByteBuddyAgent;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import java.io.File;
import java.io.IOException;
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
                Target t = Target.check(Long.parseLong(d.id()));
                // the property only says where to ask: the agent's MBean answers (a JVM that sets it alone shows "no")
                String options = t.agentHint() == null ? null : t.agentOptions();
                state = options == null ? "no" : "yes";
                if (options != null) main += "  (" + options + ")";
            } catch (Cli.Failure f) {
                state = "?";
                main += "  (" + f.getMessage() + ")";
            }
            out.printf("%8s  %-8s  %s%n", d.id(), state, Cli.printable(main));
        }
        return 0;
    }

    static int attach(File agentJar, long pid, String options, PrintStream out) throws Cli.Failure {
        Target t = Target.check(pid);
        String wanted = Options.parse(options).toString();
        try (JMXConnector c = t.localJmx()) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            String before = Target.agentOptions(mbs);
            if (wanted.equals(before)) {
                out.println("jpsutil already runs in pid " + pid + " with " + Cli.printable(before) + "; nothing changed");
                return 0;
            }
            if (t.refusesDynamicAgents())
                throw Cli.failed("pid " + pid + " was started with -XX:-EnableDynamicAgentLoading: it refuses agents "
                        + "loaded while it runs; start it with -javaagent:" + agentJar + " instead");
            // the agent takes looser options than it ran with (even before a detach) only with the proof
            String proof = t.attachProofIfAny();
            load(t, agentJar, options.isBlank() ? proofField(proof) : options + (proof == null ? "" : "," + proofField(proof)));
            String after = settle(mbs, wanted);
            if (!wanted.equals(after))
                throw Cli.failed(before == null ? "jpsutil did not start in pid " + pid + " (its stderr says why)"
                        : "jpsutil in pid " + pid + " keeps " + Cli.printable(String.valueOf(after)) + " (its stderr says why)");
            out.println(before == null ? "jpsutil started in pid " + pid + " with " + after
                    : "jpsutil in pid " + pid + " now runs with " + after + " (was " + Cli.printable(before) + ")");
            return 0;
        } catch (IOException e) {
            throw t.lost(e);
        }
    }

    private static String proofField(String proof) {
        return proof == null ? "" : AgentMain.PROOF + "=" + proof;
    }

    static int detach(File agentJar, long pid, PrintStream out) throws Cli.Failure {
        Target t = Target.check(pid);
        try (JMXConnector c = t.localJmx()) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            if (Target.agentOptions(mbs) == null) {
                out.println("jpsutil does not run in pid " + pid + "; nothing changed");
                return 0;
            }
            load(t, agentJar, AgentMain.DETACH);
            if (settle(mbs, null) != null) throw Cli.failed("jpsutil did not stop in pid " + pid + " (its stderr says why)");
        } catch (IOException e) {
            throw t.lost(e);
        }
        out.println("jpsutil stopped in pid " + pid + "; its MBeans are gone");
        return 0;
    }

    /** Loads the agent jar into the target through Byte Buddy's attach, which also works from a JRE. */
    static void load(Target t, File agentJar, String argument) throws Cli.Failure {
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

    /** Waits until the agent's MBean reports {@code wanted} (null: not running); returns what it reports last. */
    private static String settle(MBeanServerConnection mbs, String wanted) throws IOException {
        return awaitChange(() -> Target.agentOptions(mbs), now -> Objects.equals(now, wanted));
    }

    interface Reading<T> {
        T read() throws IOException;
    }

    /** Reads until {@code done} holds or {@link #SETTLE_MILLIS} pass; returns the last reading. */
    static <T> T awaitChange(Reading<T> reading, java.util.function.Predicate<T> done) throws IOException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        T now = reading.read();
        while (!done.test(now) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = reading.read();
        }
        return now;
    }
}
