package io.github.jpsutil.examples;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo}: a host for the jpsutil agent. It starts a few children (an idle one, one that keeps
 * a core busy a quarter of the time at the lowest priority, and a shell with a child of its own),
 * then every few seconds prints what the jpsutil MBeans of this JVM show, until Ctrl-C or
 * {@code --seconds N}; its children die with it.
 * Run it as {@code java -javaagent:agent/target/jpsutil-agent.jar -jar examples/target/jpsutil-examples.jar demo}.
 * It reads the MBeans through the platform MBeanServer only, as any JMX client would, and needs
 * nothing of the agent's classes.
 */
public final class Demo {
    private static final String[] COLUMNS = {"Pid", "Ppid", "Name", "Status", "CpuPercent", "ResidentMemoryBytes"};
    private static final long PERIOD_MILLIS = 5000;

    private Demo() {
    }

    public static void main(String[] args) {
        run(args);
    }

    public static void run(String[] args) {
        long seconds = parseSeconds(args);
        PrintStream out = System.out;
        List<Process> children = Collections.synchronizedList(new ArrayList<>());
        List<ProcessHandle> grandchildren = Collections.synchronizedList(new ArrayList<>());
        Thread reaper = new Thread(() -> killAll(children, grandchildren), "demo-children-reaper");
        Runtime.getRuntime().addShutdownHook(reaper); // Ctrl-C ends the children too
        try {
            children.add(start("sleep", "3600"));
            List<String> busy = new ArrayList<>(dutyCycleCommand());
            busy.add(Long.toString(ProcessHandle.current().pid()));
            children.add(start(busy));
            Process shell = start("sh", "-c", "sleep 3600 & wait");
            children.add(shell);
            // Its sleep ignores SIGINT (a shell's background job does) and outlives a shell that a
            // terminal's Ctrl-C ended first: kept here, so that the reaper ends it by itself.
            for (int i = 0; i < 100 && shell.children().findAny().isEmpty(); i++) Thread.sleep(10);
            shell.children().forEach(grandchildren::add);
            long pid = ProcessHandle.current().pid();
            out.println("jpsutil demo host, pid " + pid + ", with children "
                    + children.stream().map(p -> Long.toString(p.pid())).toList() + "."
                    + (seconds > 0 ? " Stops after " + seconds + " s." : " Ctrl-C stops it."));
            out.println("Open it in JConsole with `jconsole " + pid + "` (or pick it under Local Process),"
                    + " then look under MBeans > jpsutil.");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long end = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
            awaitAgent(server, end);
            while (true) {
                print(server, out);
                long left = seconds > 0 ? end - System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
                if (left <= 0) break;
                Thread.sleep(Math.min(PERIOD_MILLIS, left / 1_000_000 + 1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the demo's children: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            killAll(children, grandchildren);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /**
     * The agent registers its MBeans on its own thread shortly after start: when this JVM was started
     * with it, wait for them (up to 15 s on a busy machine).
     */
    private static void awaitAgent(MBeanServer server, long end) throws InterruptedException {
        if (!agentOnCommandLine()) return;
        try {
            ObjectName agent = new ObjectName("jpsutil:type=Agent");
            for (int i = 0; i < 500 && !sampled(server, agent) && System.nanoTime() < end; i++) Thread.sleep(30);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this JVM was started with -javaagent:...jpsutil... */
    static boolean agentOnCommandLine() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("jpsutil"));
    }

    /** Whether the agent has taken its first sample, which finds the children. */
    private static boolean sampled(MBeanServer server, ObjectName agent) {
        try {
            return server.isRegistered(agent) && ((Long) server.getAttribute(agent, "SamplesTotal")) > 0;
        } catch (JMException e) {
            return false;
        }
    }

    private static long parseSeconds(String[] args) {
        if (args.length == 0) return 0;
        if (args.length == 2 && args[0].equals("--seconds")) {
            try {
                long s = Long.parseLong(args[1]);
                if (s > 0) return s;
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("--seconds takes a whole number of seconds above 0, got '" + args[1] + "'");
        }
        throw new IllegalArgumentException("expected no options or --seconds N, got " + String.join(" ", args));
    }

    /**
     * A child that shows CPU use without taking a core from the person's machine: this JVM's java
     * running {@link DutyCycle}, at nice 19; its last argument, to add, is the pid whose life bounds its own.
     * (A shell busy loop would burn a whole core for as long as the demo runs.)
     */
    static List<String> dutyCycleCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of("nice", "-n", "19", java, "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DutyCycle.class.getName());
    }

    /** Busy {@value #BUSY_MILLIS} ms out of every {@value #CYCLE_MILLIS} ms, until the process given by pid is gone. */
    public static final class DutyCycle {
        static final long BUSY_MILLIS = 100, CYCLE_MILLIS = 400;

        private DutyCycle() {
        }

        public static void main(String[] args) throws InterruptedException {
            // The pid, not parent(): a parent that died before this JVM started would be init.
            ProcessHandle owner = ProcessHandle.of(Long.parseLong(args[0])).orElse(null);
            long sink = 0;
            while (owner != null && owner.isAlive()) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_MILLIS);
                while (System.nanoTime() < end) sink += end % 7; // busy, in the user's CPU time
                Thread.sleep(CYCLE_MILLIS - BUSY_MILLIS);
            }
            if (sink == 42) System.out.println(); // keeps the loop from being optimised away
        }
    }

    private static Process start(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Process start(String... cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void killAll(List<Process> children, List<ProcessHandle> grandchildren) {
        synchronized (grandchildren) {
            grandchildren.forEach(ProcessHandle::destroyForcibly); // a handle kills only the process it named
        }
        synchronized (children) {
            for (Process p : children) {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // the shell's own sleep
                p.destroyForcibly();
            }
            for (Process p : children) {
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** One table of what the jpsutil MBeans show now. */
    static void print(MBeanServer server, PrintStream out) {
        print(server, out, agentOnCommandLine());
    }

    /** {@code withAgent}: the agent was on the command line, so no MBeans means it refused to start. */
    static void print(MBeanServer server, PrintStream out, boolean withAgent) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            for (ObjectName n : server.queryNames(new ObjectName("jpsutil:type=Process,*"), null)) {
                try {
                    AttributeList l = server.getAttributes(n, COLUMNS);
                    Map<String, Object> row = new HashMap<>();
                    row.put("scope", n.getKeyProperty("scope"));
                    for (Attribute a : l.asList()) row.put(a.getName(), a.getValue());
                    rows.add(row);
                } catch (JMException | RuntimeException e) {
                    // exited between the query and the read: its MBean goes with the next sample
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        out.println();
        if (rows.isEmpty()) {
            out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + (withAgent
                    ? "  no jpsutil MBeans: the agent is on the command line but did not start; its line on stderr says why"
                    + " (bad options?)"
                    : "  no jpsutil MBeans (yet): run the demo with -javaagent:agent/target/jpsutil-agent.jar"));
            return;
        }
        out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + system(server));
        out.printf("%-7s %7s %7s %-8s %-9s %6s %10s%n", "SCOPE", "PID", "PPID", "NAME", "STATUS", "CPU%", "RSS");
        rows.sort(Comparator.comparing((Map<String, Object> r) -> !"self".equals(r.get("scope")))
                .thenComparing(r -> (Long) r.getOrDefault("Pid", 0L)));
        for (Map<String, Object> r : rows) {
            out.printf("%-7s %7s %7s %-8s %-9s %6s %10s%n", r.get("scope"), r.get("Pid"), r.get("Ppid"),
                    r.get("Name"), r.get("Status"), r.get("CpuPercent") == null ? "?" : String.format("%.1f", (Double) r.get("CpuPercent")),
                    mib(r.get("ResidentMemoryBytes")));
        }
    }

    private static String system(MBeanServer server) {
        try {
            AttributeList l = server.getAttributes(new ObjectName("jpsutil:type=System"),
                    new String[]{"NumCpus", "CpuPercent", "MemoryPercent"});
            Map<String, Object> m = new HashMap<>();
            for (Attribute a : l.asList()) m.put(a.getName(), a.getValue());
            return String.format("system: %s CPUs, %.1f%% busy, memory %.1f%% used",
                    m.get("NumCpus"), (Double) m.get("CpuPercent"), (Double) m.get("MemoryPercent"));
        } catch (JMException | RuntimeException e) {
            return "system: unavailable (" + e.getMessage() + ")";
        }
    }

    private static String mib(Object bytes) {
        return bytes instanceof Long b ? String.format("%.1f MiB", b / 1048576.0) : "?";
    }
}
