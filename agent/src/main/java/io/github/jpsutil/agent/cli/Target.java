package io.github.jpsutil.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.agent.AgentMain;

import io.github.jpsutil.agent.AttachProof;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A JVM to attach to, checked first so that each reason attach can fail becomes one clear
 * sentence, rather than the Attach API's ten-second timeout and stack trace.
 */
final class Target {
    static final ObjectName AGENT = agentName();
    final long pid;
    final OsProcess process;
    final List<String> cmdline;

    private Target(long pid, OsProcess process, List<String> cmdline) {
        this.pid = pid;
        this.process = process;
        this.cmdline = cmdline;
    }

    static long parsePid(String text) throws Cli.Failure {
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Cli.usage("'" + text + "' is not a pid (expected a positive number)");
        }
        if (pid <= 0 || pid > Integer.MAX_VALUE) throw Cli.usage("pid " + text + " is out of range");
        if (pid == ProcessHandle.current().pid()) throw Cli.usage("pid " + pid + " is this command itself");
        return pid;
    }

    /** Checks that pid is a JVM this user may attach to. */
    static Target check(long pid) throws Cli.Failure {
        OsProcess p;
        List<String> cmdline;
        try {
            p = Psutil.local().process(pid);
            cmdline = p.cmdline();
            long owner = p.uids().effective();
            long me = Psutil.local().self().uids().effective();
            if (owner != me && me != 0)
                throw Cli.failed("pid " + pid + " belongs to user " + p.username() + "; only its own user (or root) can attach to a JVM");
            if (!isJvm(pid)) throw Cli.failed("pid " + pid + " (" + p.name() + ") is not a Java virtual machine");
        } catch (NoSuchProcess e) {
            throw Cli.failed("no process with pid " + pid);
        } catch (AccessDenied e) {
            throw Cli.failed("pid " + pid + " belongs to another user; only its own user (or root) can attach to a JVM");
        }
        if (cmdline.contains("-XX:+DisableAttachMechanism"))
            throw Cli.failed("pid " + pid + " was started with -XX:+DisableAttachMechanism: it accepts no attach");
        return new Target(pid, p, cmdline);
    }

    /** A HotSpot (or OpenJ9) JVM maps its VM library. */
    private static boolean isJvm(long pid) {
        try {
            String maps = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/maps")), StandardCharsets.UTF_8);
            return maps.contains("/libjvm.so") || maps.contains("/libj9vm");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this JVM refuses agents loaded while it runs (the default from some future Java on). */
    boolean refusesDynamicAgents() {
        return cmdline.contains("-XX:-EnableDynamicAgentLoading");
    }

    /** Attaches with the JDK's Attach API, translating its failures. */
    VirtualMachine attach() throws Cli.Failure {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            if (!process.isRunning()) throw Cli.failed("pid " + pid + " exited");
            throw Cli.failed("cannot attach to pid " + pid + ": " + firstLine(e.getMessage())
                    + " (is attach disabled there, or is it another user's JVM?)");
        }
    }

    /** The target's system properties, through a short attach. */
    Properties systemProperties() throws Cli.Failure {
        VirtualMachine vm = attach();
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw Cli.failed("cannot read the system properties of pid " + pid + ": " + firstLine(e.getMessage()));
        } finally {
            detachQuietly(vm);
        }
    }

    /** The property the agent sets: only a hint that it may run there (any JVM can set a property). */
    String agentHint() throws Cli.Failure {
        return systemProperties().getProperty(AgentMain.STATE_PROPERTY);
    }

    /** A connection to the target's local JMX connector, which the Attach API starts if it is not running yet. */
    JMXConnector localJmx() throws Cli.Failure {
        String address;
        VirtualMachine vm = attach();
        try {
            address = vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw Cli.failed("pid " + pid + " did not start its local JMX connector: " + firstLine(e.getMessage()));
        } finally {
            detachQuietly(vm);
        }
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (IOException | SecurityException e) {
            if (!process.isRunning()) throw Cli.failed("pid " + pid + " exited");
            throw Cli.failed("cannot connect to the local JMX connector of pid " + pid + ": " + firstLine(e.getMessage()));
        }
    }

    /** An attribute of the agent's MBean (jpsutil:type=Agent), or null when jpsutil does not run there. */
    static Object agentAttribute(MBeanServerConnection mbs, String attribute) throws IOException {
        try {
            return mbs.getAttribute(AGENT, attribute);
        } catch (InstanceNotFoundException | AttributeNotFoundException e) {
            return null;
        } catch (JMException e) {
            throw new IOException("cannot read " + attribute + " of " + AGENT + ": " + e.getMessage(), e);
        }
    }

    /** The options jpsutil runs with in the target, as its MBean says, or null when it does not run there. */
    static String agentOptions(MBeanServerConnection mbs) throws IOException {
        return agentAttribute(mbs, "Options") instanceof String s ? s : null;
    }

    /** The same, over a connection of its own. */
    String agentOptions() throws Cli.Failure {
        try (JMXConnector c = localJmx()) {
            return agentOptions(c.getMBeanServerConnection());
        } catch (IOException e) {
            throw lost(e);
        }
    }

    Cli.Failure lost(IOException e) {
        if (!process.isRunning()) return Cli.failed("pid " + pid + " exited");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return Cli.failed("lost the JMX connection to pid " + pid + ": " + firstLine(e.getMessage()) + (root == e ? "" : " (" + root + ")"));
    }

    /**
     * The agent's attach proof (see AttachProof): the secret in a deleted file that the target holds
     * open. The kernel opens /proc/PID/fd/N only for the target's own user and root, the same users
     * the Attach API admits, so reading it shows the agent that the load comes from one of them.
     */
    String attachProof() throws Cli.Failure {
        String proof = attachProofIfAny();
        if (proof == null)
            throw Cli.failed("cannot read jpsutil's attach proof among the open files of pid " + pid + " (/proc/" + pid + "/fd)");
        return proof;
    }

    /**
     * The attach proof, or null when the target holds none (jpsutil was never loaded there) or its
     * descriptors cannot be read (a JVM made non-dumpable): then a load may only tighten.
     */
    String attachProofIfAny() {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String link;
                try {
                    link = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                // a regular file only: a FIFO of that name would block the read
                if (!link.contains("/" + AttachProof.FILE_PREFIX) || !link.endsWith(" (deleted)") || !Files.isRegularFile(fd)) continue;
                try (InputStream in = Files.newInputStream(fd)) {
                    String secret = new String(in.readNBytes(128), StandardCharsets.US_ASCII).trim();
                    if (secret.matches("[0-9a-f]{64}")) return secret;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static ObjectName agentName() {
        try {
            return new ObjectName("jpsutil:type=Agent");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the target went away: nothing left to release
        }
    }

    static String firstLine(String s) {
        if (s == null) return "no detail";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
