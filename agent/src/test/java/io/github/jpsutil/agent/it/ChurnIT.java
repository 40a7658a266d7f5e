package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnectionNotification;
import javax.management.remote.JMXConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn: the host starts short-lived descendants (see {@link Churn}: 1 ms to 2 s, some with
 * children and grandchildren of their own, some that exec another program) while four JMX clients
 * read every attribute of every jpsutil MBean in a loop, two with getAttributes and two attribute
 * by attribute; once as root, once as uid 65534. Afterwards: no error but the NoSuchProcess kind (a
 * process that exited mid-read), no MBean of a dead process, started/exited notifications paired
 * once per process, and with the kernel's process events every descendant announced, each child
 * of the host with the exit status the JDK reported to the host, the others with 0; the agent's
 * threads, heap and descriptors back where they were.
 *
 * <p>{@code -Djpsutil.churn.processes=N} sets the size (2,000 by default, about half a minute on 2 cores; the
 * script {@code agent/src/test/churn.sh N} runs it with N). The figures go to
 * {@code target/churn-summary-N.txt}.
 */
class ChurnIT {
    static final int PROCESSES = Integer.getInteger("jpsutil.churn.processes", 2000);
    static final int CLIENTS = 4;
    /** Heap the run may leave behind: the JMX connector's notification buffer keeps up to 1000 notifications. */
    static final long HEAP_SLACK = 4L << 20;

    /** What the clients saw, by kind; anything not expected goes to {@link #unexpected}. */
    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    final LongAdder calls = new LongAdder();
    final LongAdder attributeValues = new LongAdder();
    final AtomicBoolean paused = new AtomicBoolean(false);
    final AtomicBoolean stop = new AtomicBoolean(false);
    final AtomicLong rounds = new AtomicLong();
    /**
     * Whether the host runs without privileges. Then the kernel denies the host's own process'
     * /proc/PID/{fd,io,exe,cwd} for the instant it is between two programs (during execve its new
     * memory map is not yet marked dumpable, and only CAP_SYS_PTRACE passes that check): with every
     * descendant announced at its fork, the readers meet that instant now and then.
     */
    volatile boolean unprivileged;

    @Test
    void survivesChurnWithFourClientsReadingEverything() throws Exception {
        Path javaBin = AgentIT.javas().findFirst().orElseThrow();
        churn(javaBin, "root", javaBin);
    }

    /**
     * The same churn in a host without privileges. Which source the agent uses is the kernel's
     * answer (6.6 and later admit an unprivileged listener to the connector; older ones refuse it);
     * with polling only the processes the agent saw are claimed.
     */
    @Test
    void survivesChurnInAnUnprivilegedHost(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a JVM as uid 65534");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Path javaBin = AgentIT.javas().findFirst().orElseThrow();
        Path wrapper = tmp.resolve("java-as-nobody");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + PermissionsIT.AS_NOBODY + " " + javaBin + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        churn(wrapper, "uid65534", javaBin);
    }

    private void churn(Path launcher, String who, Path javaBin) throws Exception {
        unprivileged = !who.equals("root");
        try (HostJvm host = HostJvm.start(launcher, "interval=100ms")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            String source = (String) mbs.getAttribute(AgentIT.AGENT, "EventSource");
            boolean connector = source.equals("connector");
            if (who.equals("root")) assertThat(source).as("the kernel admits root to the connector").isEqualTo("connector");
            Events events = new Events();
            mbs.addNotificationListener(AgentIT.AGENT, events, null, null);

            List<JMXConnector> connectors = new ArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                JMXConnector c = LocalJmx.connect(host.pid);
                c.addConnectionNotificationListener(events, null, null);
                connectors.add(c);
                boolean bulk = i % 2 == 0;
                MBeanServerConnection cm = c.getMBeanServerConnection();
                Thread t = new Thread(() -> readLoop(cm, bulk), "client-" + i);
                t.setDaemon(true);
                clients.add(t);
            }
            clients.forEach(Thread::start);
            try {
                // Warm-up: classes loaded, connections open, reaper threads started; then the baseline.
                churn(host, 40, 1);
                settle(mbs, events);
                Baseline before = pauseAndMeasure(mbs, host.pid);
                int startedBefore = events.count("jpsutil.process.started");
                int exitedBefore = events.count("jpsutil.process.exited");
                long callsBefore = calls.sum();
                paused.set(false);

                long t0 = System.nanoTime();
                String churned = churn(host, PROCESSES, 7);
                double seconds = (System.nanoTime() - t0) / 1e9;
                settle(mbs, events);
                long roundsNow = rounds.get();
                while (rounds.get() < roundsNow + CLIENTS * 2L) Thread.sleep(20); // a few rounds over the final state
                Baseline after = pauseAndMeasure(mbs, host.pid);

                // ---- the figures ----
                int started = events.count("jpsutil.process.started") - startedBefore;
                int exited = events.count("jpsutil.process.exited") - exitedBefore;
                Map<String, Object> p = parse(churned);
                StatusCheck statusCheck = events.check(host.pid, host.send("statuses"));
                int processes = (Integer) p.get("processes");
                Map<String, Long> k = new TreeMap<>();
                kinds.forEach((n, v) -> k.put(n, v.sum()));
                long errorsTotal = (Long) mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal");
                Set<ObjectName> left = mbs.queryNames(AgentIT.name("jpsutil:type=Process,*"), null);
                List<ObjectName> leaked = left.stream().filter(n -> !alive(Long.parseLong(n.getKeyProperty("pid")))).toList();
                String summary = String.join("\n",
                        "jpsutil churn run, " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", " + Runtime.getRuntime().availableProcessors()
                                + " CPUs, host Java " + javaBin.getParent().getParent().getFileName() + " as " + who + ", agent interval=100ms",
                        "event source: " + source + " (" + mbs.getAttribute(AgentIT.AGENT, "EventSourceReason") + ")",
                        "processes churned: " + processes + " (" + p.get("children") + " children of the host, the rest their"
                                + " children and grandchildren; fork failures " + p.get("failed") + ") in " + Math.round(seconds) + " s",
                        "seen by the agent: " + started + " started / " + exited + " exited notifications; never seen: " + (processes - started),
                        "exit statuses: " + statusCheck.matched + " children of the host as the JDK reported them, "
                                + statusCheck.others + " others 0 as their programs exit; wrong: " + statusCheck.wrong.size()
                                + ", unknown: " + statusCheck.unknown + ", children of the host never announced: " + statusCheck.unseen,
                        "duplicate or unpaired notifications: " + events.problems.size()
                                + (events.lost.get() > 0 ? "; notifications lost by the connector: " + events.lost.get() : ""),
                        "JMX calls by " + CLIENTS + " clients: " + (calls.sum() - callsBefore) + " during the churn ("
                                + calls.sum() + " in all, " + attributeValues.sum() + " attribute values read)",
                        "outcomes by kind: " + k,
                        "unexpected errors: " + unexpected.size() + ", agent ErrorsTotal: " + errorsTotal,
                        "MBeans of dead processes left: " + leaked.size() + "; process MBeans left: " + left.size() + " (the host)",
                        "agent threads (jpsutil-*): " + before.agentThreads + " -> " + after.agentThreads
                                + "; all threads: " + before.threads + " -> " + after.threads,
                        "host heap after GC: " + mib(before.heap) + " -> " + mib(after.heap) + " MiB (limit +"
                                + mib(HEAP_SLACK) + "); file descriptors: " + before.fds + " -> " + after.fds,
                        "threads by kind: " + before.kinds + " -> " + after.kinds);
                System.out.println(summary);
                Path out = Path.of("target", "churn-summary-" + who + "-" + PROCESSES + ".txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, summary + "\n");

                // ---- the claims ----
                assertThat(unexpected).as("errors other than a process that exited mid-read").isEmpty();
                assertThat(errorsTotal).as("agent ErrorsTotal (LastError %s)", mbs.getAttribute(AgentIT.AGENT, "LastError"))
                        .isZero();
                assertThat(leaked).as("MBeans of dead processes").isEmpty();
                assertThat(left).containsExactly(AgentIT.process("self", host.pid));
                assertThat(mbs.getAttribute(AgentIT.AGENT, "TrackedProcesses")).isEqualTo(1);
                assertThat(events.problems).as("duplicate or unpaired notifications").isEmpty();
                assertThat(events.lost.get()).as("notifications lost by the connector").isZero();
                assertThat(events.open()).as("started without exited").isEmpty();
                assertThat(started).isEqualTo(exited).isBetween(1, processes);
                assertThat(statusCheck.wrong).as("exit statuses that differ from what the process exited with").isEmpty();
                if (connector) {
                    assertThat(started).as("every descendant announced").isEqualTo(processes);
                    assertThat(statusCheck.unknown).as("exits without a status").isZero();
                    assertThat(statusCheck.unseen).as("children of the host never announced").isZero();
                }
                assertThat(calls.sum() - callsBefore).isGreaterThan(PROCESSES);
                // the sampler, and the reader of the kernel's events when it is the source
                assertThat(after.agentThreads).isEqualTo(before.agentThreads).isEqualTo(connector ? 2 : 1);
                // Threads of the JDK's own that come and go with the host's work are left out: the reaper
                // of the host's child processes and RMI's connection threads (each lingers idle for a while).
                assertThat(withoutTransient(after.kinds)).isEqualTo(withoutTransient(before.kinds));
                assertThat(after.heap).isLessThan(before.heap + HEAP_SLACK);
                assertThat(after.fds).isBetween(before.fds - 4, before.fds + 4);
                assertThat(host.send("ping")).isEqualTo("PONG");
                assertThat(host.agentLines(0)).as("nothing logged by the agent").isEmpty();
            } finally {
                stop.set(true);
                for (Thread t : clients) t.join(30_000);
                for (JMXConnector c : connectors) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // the host may be gone
                    }
                }
            }
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static Map<String, Integer> withoutTransient(Map<String, Integer> kinds) {
        Map<String, Integer> m = new TreeMap<>(kinds);
        m.keySet().removeIf(n -> n.equals("process reaper") || n.startsWith("RMI TCP Connection")
                || n.startsWith("JMX server connection timeout") || n.startsWith("RMI Scheduler"));
        return m;
    }

    private static Map<String, Object> parse(String churned) {
        Map<String, Object> m = new HashMap<>();
        for (String kv : churned.substring("CHURNED ".length()).split(" ")) {
            String[] p = kv.split("=");
            m.put(p[0], Integer.parseInt(p[1]));
        }
        return m;
    }

    private static String churn(HostJvm host, int n, long seed) throws Exception {
        assertThat(host.send("churn " + n + " " + seed)).isEqualTo("CHURNING");
        return host.send("churned 600", 610); // the host waits up to 600 s for the churn to end
    }

    /** Lets the agent see the last exits: a refresh, then a few intervals with no notification. */
    private static void settle(MBeanServerConnection mbs, Events events) throws Exception {
        mbs.invoke(AgentIT.AGENT, "refresh", null, null);
        int n = -1;
        long deadline = System.nanoTime() + 120_000_000_000L; // then the claims below say what is wrong
        for (int quiet = 0; quiet < 5 && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            int now = events.total();
            quiet = now == n && (Integer) mbs.getAttribute(AgentIT.AGENT, "TrackedProcesses") == 1 ? quiet + 1 : 0;
            n = now;
        }
    }

    record Baseline(long heap, int threads, int agentThreads, int fds, Map<String, Integer> kinds) {
    }

    private Baseline pauseAndMeasure(MBeanServerConnection mbs, long pid) throws Exception {
        paused.set(true);
        long r = rounds.get();
        Thread.sleep(500); // clients finish the round they are in
        assertThat(rounds.get()).isLessThanOrEqualTo(r + CLIENTS);
        long heap = LocalJmx.heapAfterGc(mbs);
        Map<String, Integer> kinds = LocalJmx.threadsByKind(mbs);
        int threads = kinds.values().stream().mapToInt(Integer::intValue).sum();
        int agent = kinds.entrySet().stream().filter(e -> e.getKey().startsWith("jpsutil")).mapToInt(Map.Entry::getValue).sum();
        return new Baseline(heap, threads, agent, Proc.count("/proc/" + pid + "/fd"), kinds);
    }

    private static boolean alive(long pid) {
        try {
            return !new Proc.Stat(pid).get(3).equals("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    // ---- a client ----------------------------------------------------------------------------------

    private void readLoop(MBeanServerConnection mbs, boolean bulk) {
        Map<String, String[]> names = new HashMap<>(); // attribute names by MBean type
        while (!stop.get()) {
            if (paused.get()) {
                sleep(20);
                continue;
            }
            try {
                Set<ObjectName> all = mbs.queryNames(AgentIT.name("jpsutil:*"), null);
                calls.increment();
                for (ObjectName n : all) {
                    if (stop.get()) return;
                    readOne(mbs, n, names, bulk);
                }
                rounds.incrementAndGet();
            } catch (Exception e) {
                if (!stop.get()) unexpected.add("queryNames: " + e);
            }
        }
    }

    private void readOne(MBeanServerConnection mbs, ObjectName n, Map<String, String[]> names, boolean bulk) {
        String type = n.getKeyProperty("type");
        try {
            String[] attrs = names.get(type);
            if (attrs == null) {
                calls.increment();
                attrs = Arrays.stream(mbs.getMBeanInfo(n).getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
                names.put(type, attrs);
            }
            if (bulk) {
                calls.increment();
                AttributeList got = mbs.getAttributes(n, attrs);
                attributeValues.add(got.size());
                if (got.size() < attrs.length) partial(n, got, attrs);
                else count("complete getAttributes");
            } else {
                for (String a : attrs) {
                    calls.increment();
                    try {
                        mbs.getAttribute(n, a);
                        attributeValues.increment();
                    } catch (MBeanException | RuntimeMBeanException e) {
                        processError(n, a, e);
                        if (!e.getMessage().contains("ZombieProcess")) return; // gone: on to the next MBean
                    }
                }
                count("complete attribute-by-attribute pass");
            }
        } catch (InstanceNotFoundException e) {
            count("InstanceNotFound (unregistered after queryNames: the process exited)");
        } catch (RuntimeMBeanException e) {
            processError(n, "getAttributes", e);
        } catch (Exception e) {
            unexpected.add(n + ": " + e);
        }
    }

    private void processError(ObjectName n, String what, Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("ZombieProcess")) count("ZombieProcess (exited, not yet reaped)");
        else if (unprivileged && m.contains("AccessDenied") && (PermissionsIT.DENIED.contains(what) || HEAVY.contains(what)))
            // the heavy values read environ and smaps, which the kernel guards as it guards exe and fd
            count("AccessDenied of an own process during its exec (no CAP_SYS_PTRACE)");
        else if (m.contains("NoSuchProcess") && m.contains("pid=" + n.getKeyProperty("pid"))) count("NoSuchProcess (exited mid-read)");
        else unexpected.add(n + " " + what + ": " + e);
    }

    /** The process MBean's heavy attributes (descriptor heavy=true): a read of every attribute leaves them out. */
    private static final List<String> HEAVY = List.of("UssMemoryBytes", "PssMemoryBytes", "MemoryMaps", "Environ");

    /** getAttributes leaves out what fails alone; for a process that is only right if it is a zombie or gone. */
    private void partial(ObjectName n, AttributeList got, String[] attrs) {
        Map<String, Object> m = new HashMap<>();
        for (Attribute a : got.asList()) m.put(a.getName(), a.getValue());
        String pid = n.getKeyProperty("pid");
        List<String> light = new ArrayList<>(List.of(attrs));
        light.removeAll(HEAVY);
        if (m.keySet().containsAll(light)) count("complete getAttributes (the heavy values are read by name only)");
        else if ("zombie".equals(m.get("Status"))) count("partial getAttributes of a zombie");
        else if (pid != null && !alive(Long.parseLong(pid))) count("partial getAttributes (became a zombie or exited mid-read)");
        else {
            List<String> missing = new ArrayList<>(light); // getAttributes leaves the heavy values out of every read
            missing.removeAll(m.keySet());
            if (unprivileged && PermissionsIT.DENIED.containsAll(missing))
                count("partial getAttributes of an own process during its exec (no CAP_SYS_PTRACE)");
            else unexpected.add(n + ": getAttributes left out " + missing + " of a live process");
        }
    }

    private void count(String kind) {
        kinds.computeIfAbsent(kind, x -> new LongAdder()).increment();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class StatusCheck {
        int matched, others, unknown, unseen;
        final List<String> wrong = new ArrayList<>();
    }

    // ---- the notifications ----------------------------------------------------------------------

    /** Started/exited per pid must alternate, started first; exit statuses are checked against the host's ({@link Events#check}). */
    static final class Events implements javax.management.NotificationListener {
        final Map<Long, String> last = new HashMap<>();
        final Map<String, Integer> counts = new HashMap<>();
        final Set<Long> sequences = new java.util.HashSet<>();
        final List<String> problems = new ArrayList<>();
        /** By pid: {ppid, exitStatus, message} of each exited notification. */
        final Map<Long, List<Object[]>> exits = new HashMap<>();
        final AtomicLong lost = new AtomicLong();

        @Override
        public synchronized void handleNotification(Notification n, Object handback) {
            if (n instanceof JMXConnectionNotification c) {
                if (c.getType().equals(JMXConnectionNotification.NOTIFS_LOST)) lost.addAndGet((Long) c.getUserData());
                return;
            }
            counts.merge(n.getType(), 1, Integer::sum);
            if (!sequences.add(n.getSequenceNumber())) problems.add("sequence number twice: " + n);
            CompositeData d = (CompositeData) n.getUserData();
            long pid = (Long) d.get("pid");
            String prev = last.put(pid, n.getType());
            if (n.getType().equals(prev)) problems.add("twice in a row for pid " + pid + ": " + n.getMessage());
            if (prev == null && n.getType().endsWith("exited")) problems.add("exited before started: " + n.getMessage());
            if (n.getType().endsWith("exited"))
                exits.computeIfAbsent(pid, x -> new ArrayList<>()).add(new Object[]{d.get("ppid"), d.get("exitStatus"), n.getMessage()});
        }

        /**
         * Each exit of a child of the host against the JDK's statuses (pid:status in start order; a pid
         * may come back); every other process of the churn exits 0 (sleep, and shells that only wait).
         */
        synchronized StatusCheck check(long hostPid, String statusesLine) {
            Map<Long, java.util.ArrayDeque<Integer>> jdk = new HashMap<>();
            for (String ps : statusesLine.substring("STATUSES".length()).trim().split(" ")) {
                if (ps.isEmpty()) continue;
                String[] kv = ps.split(":");
                jdk.computeIfAbsent(Long.parseLong(kv[0]), x -> new java.util.ArrayDeque<>()).add(Integer.parseInt(kv[1]));
            }
            StatusCheck c = new StatusCheck();
            exits.forEach((pid, list) -> {
                java.util.ArrayDeque<Integer> expected = jdk.getOrDefault(pid, new java.util.ArrayDeque<>());
                for (Object[] e : list) {
                    Integer status = (Integer) e[1];
                    if (status == null) {
                        c.unknown++;
                        if (Long.valueOf(hostPid).equals(e[0])) expected.poll();
                    } else if (Long.valueOf(hostPid).equals(e[0])) {
                        Integer want = expected.poll();
                        if (status.equals(want)) c.matched++;
                        else c.wrong.add(e[2] + " (the JDK said " + want + ")");
                    } else if (status == 0) c.others++;
                    else c.wrong.add((String) e[2]);
                }
            });
            // what is left: children of the host whose exit was never announced
            c.unseen = jdk.values().stream().mapToInt(java.util.ArrayDeque::size).sum();
            return c;
        }

        synchronized int count(String type) {
            return counts.getOrDefault(type, 0);
        }

        synchronized int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        synchronized List<Long> open() {
            return last.entrySet().stream().filter(e -> e.getValue().endsWith("started")).map(Map.Entry::getKey).toList();
        }
    }
}
