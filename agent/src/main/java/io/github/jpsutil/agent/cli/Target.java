package io.github.jpsutil.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.agent.AgentMain;

import java.io.IOException;
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

    /** The options jpsutil runs with in the target, or null when it does not run there. */
    String agentOptions() throws Cli.Failure {
        return systemProperties().getProperty(AgentMain.STATE_PROPERTY);
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
