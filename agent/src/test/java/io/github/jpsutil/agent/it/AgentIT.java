package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * The packaged agent jar in real host JVMs (Java 17 and Java 25), seen over the JMX connector
 * JConsole uses for a local process, checked against what the kernel shows in /proc.
 */
class AgentIT {
    static final ObjectName AGENT = name("jpsutil:type=Agent");
    static final ObjectName SYSTEM = name("jpsutil:type=System");
    static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    static Stream<Path> javas() {
        Path java17 = Files.isExecutable(JAVA_17) ? JAVA_17 : Path.of(System.getProperty("java.home"), "bin", "java");
        return Stream.of(java17, JAVA_25);
    }

    private static Path check(Path java) {
        Assumptions.assumeTrue(Files.isExecutable(java), java + " is not installed");
        return java;
    }

    static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An MBean of a disk, network interface or file system: the machine's, as many as it has. */
    static boolean isDevice(ObjectName n) {
        return java.util.Set.of("Disk", "NetworkInterface", "FileSystem").contains(n.getKeyProperty("type"));
    }

    static ObjectName process(String scope, long pid) {
        return name("jpsutil:type=Process,scope=" + scope + ",pid=" + pid);
    }

    /** The one Process MBean of that scope and pid, whatever else its name holds (option objectNames=name). */
    static ObjectName find(MBeanServerConnection mbs, String scope, long pid) throws java.io.IOException {
        java.util.Set<ObjectName> found = mbs.queryNames(name("jpsutil:type=Process,scope=" + scope + ",pid=" + pid + ",*"), null);
        assertThat(found).as("Process MBeans of pid " + pid).hasSize(1);
        return found.iterator().next();
    }

    /**
     * Every attribute of the MBean: one getAttributes call of all of them, which answers all but
     * the heavy ones (descriptor heavy=true), then each heavy one by name.
     */
    static Map<String, Object> readAll(MBeanServerConnection mbs, ObjectName n) throws Exception {
        MBeanAttributeInfo[] infos = mbs.getMBeanInfo(n).getAttributes();
        java.util.Set<String> heavy = Arrays.stream(infos).filter(a -> "true".equals(a.getDescriptor().getFieldValue("heavy")))
                .map(MBeanAttributeInfo::getName).collect(java.util.stream.Collectors.toSet());
        Map<String, Object> m = readWhatReads(mbs, n);
        java.util.Set<String> light = new java.util.TreeSet<>(attributeNames(mbs, n));
        light.removeAll(heavy);
        assertThat(m.keySet()).as("attributes of %s that read", n).containsExactlyInAnyOrderElementsOf(light);
        for (String h : heavy) m.put(h, mbs.getAttribute(n, h));
        return m;
    }

    /**
     * The attributes that read, in one getAttributes call (which leaves out those that fail, as JMX
     * does, and the heavy ones, which are read only by name).
     */
    static Map<String, Object> readWhatReads(MBeanServerConnection mbs, ObjectName n) throws Exception {
        AttributeList list = mbs.getAttributes(n, attributeNames(mbs, n).toArray(String[]::new));
        Map<String, Object> m = new HashMap<>();
        for (Attribute a : list.asList()) m.put(a.getName(), a.getValue());
        return m;
    }

    /** The names of every attribute of the MBean, in sorted order. */
    static java.util.SortedSet<String> attributeNames(MBeanServerConnection mbs, ObjectName n) throws Exception {
        return Arrays.stream(mbs.getMBeanInfo(n).getAttributes()).map(MBeanAttributeInfo::getName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Of the host's and a child's process MBeans, every attribute reads but the I/O priority, which only ioprio_get(2) knows. */
    static void everyAttributeButIoNiceReads(MBeanServerConnection mbs, long host, long child) throws Exception {
        for (ObjectName n : List.of(process("child", child), process("self", host))) {
            java.util.Set<String> missing = attributeNames(mbs, n);
            missing.removeAll(readWhatReads(mbs, n).keySet());
            // the heavy ones are left out of a read of everything by design: each reads by name
            for (MBeanAttributeInfo a : mbs.getMBeanInfo(n).getAttributes())
                if ("true".equals(a.getDescriptor().getFieldValue("heavy"))) {
                    missing.remove(a.getName());
                    assertThat(mbs.getAttribute(n, a.getName())).as(a.getName()).isNotNull();
                }
            assertThat(missing).as("left out of %s", n).containsExactly("IoNiceClass", "IoNiceValue");
        }
    }

    /** A process's state, nice value and I/O priority as the kernel shows them: what an operation may change. */
    static String kernelState(long pid) throws Exception {
        Proc.Stat stat = new Proc.Stat(pid);
        return stat.get(3) + " " + stat.get(19) + " " + ioniceOf(pid);
    }

    /** Every notification a listener got, in order, for the tests to look through without taking any. */
    static final class Received implements javax.management.NotificationListener {
        private final List<Notification> all = new ArrayList<>();

        /** A listener of the Agent MBean's notifications, registered on {@code mbs}. */
        static Received on(MBeanServerConnection mbs) throws Exception {
            Received q = new Received();
            mbs.addNotificationListener(AGENT, q, null, null);
            return q;
        }

        @Override
        public synchronized void handleNotification(Notification n, Object handback) {
            all.add(n);
            notifyAll();
        }

        synchronized Notification await(String type, long pid) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                for (Notification n : all)
                    if (n.getType().equals(type) && ((CompositeData) n.getUserData()).get("pid").equals(pid)) return n;
                long left = end - System.nanoTime();
                if (left <= 0) throw new AssertionError("no " + type + " notification for pid " + pid + " in " + all);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** What a client without jpsutil's classes can read: the whole chain is of JDK exception types. */
    static void onlyJdkTypes(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            assertThat(t.getClass().getName()).matches("javax?\\..*");
    }

    static String ioniceOf(long pid) {
        String out = Proc.run("ionice", "-p", Long.toString(pid));
        if (out.equals("idle")) return "idle 0";
        String[] w = out.split(": prio ");
        String cls = switch (w[0]) {
            case "none" -> "none";
            case "best-effort" -> "be";
            case "realtime" -> "rt";
            default -> w[0];
        };
        return cls + " " + w[1];
    }

    // ---- attributes --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void selfChildAndSystemAgreeWithProc(Path java) throws Exception {
        try (HostJvm host = HostJvm.start(check(java), "interval=1m")) {
            long child = host.spawn("sleep 120");
            Proc.awaitState(child, "S"); // settled into its sleep, so that Status reads "sleeping"
            int port = Integer.parseInt(host.send("listen").substring(5));
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AGENT, "refresh", null, null);
            checkChild(mbs, child, host.pid);
            checkSelf(mbs, host.pid, child, port);
            checkSystem(mbs);
        }
    }

    private static void checkChild(MBeanServerConnection mbs, long child, long host) throws Exception {
        Map<String, Object> a = readAll(mbs, process("child", child));
        Proc.Stat st = new Proc.Stat(child);
        Map<String, String> status = Proc.keyValues("/proc/" + child + "/status");
        Map<String, String> io = Proc.keyValues("/proc/" + child + "/io");
        long[] statm = Proc.statm(child);
        assertThat(a.get("Pid")).isEqualTo(child);
        assertThat(a.get("Ppid")).isEqualTo(host).isEqualTo(st.num(4));
        assertThat(a.get("Name")).isEqualTo("sleep").isEqualTo(st.comm);
        assertThat(a.get("Exe")).isEqualTo(Proc.link("/proc/" + child + "/exe"));
        assertThat(a.get("Cmdline")).isEqualTo(new String[]{"sleep", "120"});
        assertThat(a.get("Cwd")).isEqualTo(Proc.link("/proc/" + child + "/cwd"));
        assertThat(a.get("Username")).isEqualTo(Proc.run("id", "-un"));
        checkIds(a, status);
        assertThat(a.get("Status")).isEqualTo("sleeping");
        assertThat(st.get(3)).isEqualTo("S");
        assertThat((Double) a.get("CreateTimeSeconds")).isCloseTo(Proc.btime() + st.seconds(22), offset(1e-6));
        assertThat(a.get("Nice")).isEqualTo((int) st.num(19));
        assertThat(a.get("IoNiceClass") + " " + a.get("IoNiceValue")).isEqualTo(ioniceOf(child));
        assertThat(a.get("NumThreads")).isEqualTo(Integer.parseInt(status.get("Threads"))).isEqualTo(1);
        assertThat(a.get("CpuUserSecondsTotal")).isEqualTo(st.seconds(14));
        assertThat(a.get("CpuSystemSecondsTotal")).isEqualTo(st.seconds(15));
        assertThat(a.get("CpuChildrenUserSecondsTotal")).isEqualTo(st.seconds(16));
        assertThat(a.get("CpuChildrenSystemSecondsTotal")).isEqualTo(st.seconds(17));
        assertThat((Double) a.get("CpuPercent")).isBetween(0.0, 5.0);
        assertThat(a.get("ResidentMemoryBytes")).isEqualTo(statm[1] * Proc.PAGE_SIZE);
        assertThat(a.get("VirtualMemoryBytes")).isEqualTo(statm[0] * Proc.PAGE_SIZE);
        assertThat(a.get("SharedMemoryBytes")).isEqualTo(statm[2] * Proc.PAGE_SIZE);
        assertThat((Double) a.get("MemoryPercent"))
                .isCloseTo(statm[1] * Proc.PAGE_SIZE * 100.0 / Proc.meminfo("MemTotal"), offset(1e-9));
        assertThat(a.get("IoReadCountTotal")).isEqualTo(Long.parseLong(io.get("syscr")));
        assertThat(a.get("IoWriteCountTotal")).isEqualTo(Long.parseLong(io.get("syscw")));
        assertThat(a.get("IoReadBytesTotal")).isEqualTo(Long.parseLong(io.get("read_bytes")));
        assertThat(a.get("IoWriteBytesTotal")).isEqualTo(Long.parseLong(io.get("write_bytes")));
        assertThat(a.get("IoReadCharsTotal")).isEqualTo(Long.parseLong(io.get("rchar")));
        assertThat(a.get("IoWriteCharsTotal")).isEqualTo(Long.parseLong(io.get("wchar")));
        assertThat(a.get("NumFds")).isEqualTo(Proc.count("/proc/" + child + "/fd"));
        TabularData threads = (TabularData) a.get("Threads");
        assertThat(threads.size()).isEqualTo(1);
        CompositeData t = threads.get(new Object[]{child});
        assertThat(t.get("userSeconds")).isEqualTo(st.seconds(14));
        assertThat(t.get("systemSeconds")).isEqualTo(st.seconds(15));
        assertThat(((TabularData) a.get("OpenFiles")).isEmpty()).isTrue(); // stdio are pipes and /dev/null
        assertThat(((TabularData) a.get("Connections")).isEmpty()).isTrue();
        assertThat((long[]) a.get("Children")).isEmpty();
    }

    private static void checkIds(Map<String, Object> a, Map<String, String> status) {
        String[] uid = status.get("Uid").split("\\s+");
        String[] gid = status.get("Gid").split("\\s+");
        assertThat(a.get("RealUid")).isEqualTo(Long.parseLong(uid[0]));
        assertThat(a.get("EffectiveUid")).isEqualTo(Long.parseLong(uid[1]));
        assertThat(a.get("SavedUid")).isEqualTo(Long.parseLong(uid[2]));
        assertThat(a.get("RealGid")).isEqualTo(Long.parseLong(gid[0]));
        assertThat(a.get("EffectiveGid")).isEqualTo(Long.parseLong(gid[1]));
        assertThat(a.get("SavedGid")).isEqualTo(Long.parseLong(gid[2]));
    }

    private static void checkSelf(MBeanServerConnection mbs, long pid, long child, int port) throws Exception {
        String dir = "/proc/" + pid;
        // The JVM runs on while we read: counters are bracketed by readings before and after.
        Proc.Stat st0 = new Proc.Stat(pid);
        Map<String, String> io0 = Proc.keyValues(dir + "/io");
        long rss0 = Proc.statm(pid)[1] * Proc.PAGE_SIZE;
        Map<String, Object> a = readAll(mbs, process("self", pid));
        Proc.Stat st1 = new Proc.Stat(pid);
        Map<String, String> io1 = Proc.keyValues(dir + "/io");
        long rss1 = Proc.statm(pid)[1] * Proc.PAGE_SIZE;
        Map<String, String> status = Proc.keyValues(dir + "/status");

        assertThat(a.get("Pid")).isEqualTo(pid);
        assertThat(a.get("Ppid")).isEqualTo(ProcessHandle.current().pid()).isEqualTo(st1.num(4));
        assertThat(a.get("Name")).isEqualTo("java").isEqualTo(st1.comm);
        String exe = Proc.link(dir + "/exe");
        assertThat(a.get("Exe")).isEqualTo(exe);
        assertThat(Arrays.asList((String[]) a.get("Cmdline"))).isEqualTo(Proc.cmdline(pid));
        assertThat(a.get("Cwd")).isEqualTo(Proc.link(dir + "/cwd"));
        assertThat(a.get("Username")).isEqualTo(Proc.run("id", "-un"));
        checkIds(a, status);
        assertThat(a.get("Status")).isIn("sleeping", "running");
        assertThat((Double) a.get("CreateTimeSeconds")).isCloseTo(Proc.btime() + st1.seconds(22), offset(1e-6));
        assertThat(a.get("Nice")).isEqualTo((int) st1.num(19));
        assertThat(a.get("IoNiceClass") + " " + a.get("IoNiceValue")).isEqualTo(ioniceOf(pid));
        int threads = Integer.parseInt(status.get("Threads"));
        assertThat((Integer) a.get("NumThreads")).isBetween(threads - 5, threads + 5);
        assertThat((Double) a.get("CpuUserSecondsTotal")).isBetween(st0.seconds(14), st1.seconds(14));
        assertThat((Double) a.get("CpuSystemSecondsTotal")).isBetween(st0.seconds(15), st1.seconds(15));
        assertThat((Double) a.get("CpuChildrenUserSecondsTotal")).isBetween(st0.seconds(16), st1.seconds(16));
        assertThat((Double) a.get("CpuChildrenSystemSecondsTotal")).isBetween(st0.seconds(17), st1.seconds(17));
        assertThat((Double) a.get("CpuPercent")).isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors());
        assertThat((Long) a.get("ResidentMemoryBytes")).isBetween(Math.min(rss0, rss1) * 9 / 10, Math.max(rss0, rss1) * 11 / 10);
        assertThat((Long) a.get("VirtualMemoryBytes")).isGreaterThan((Long) a.get("ResidentMemoryBytes"));
        assertThat((Long) a.get("SharedMemoryBytes")).isBetween(0L, (Long) a.get("ResidentMemoryBytes"));
        assertThat((Double) a.get("MemoryPercent")).isCloseTo(
                (Long) a.get("ResidentMemoryBytes") * 100.0 / Proc.meminfo("MemTotal"), offset(1e-9));
        for (String[] k : new String[][]{{"IoReadCountTotal", "syscr"}, {"IoWriteCountTotal", "syscw"},
                {"IoReadBytesTotal", "read_bytes"}, {"IoWriteBytesTotal", "write_bytes"},
                {"IoReadCharsTotal", "rchar"}, {"IoWriteCharsTotal", "wchar"}}) {
            assertThat((Long) a.get(k[0])).as(k[0]).isBetween(Long.parseLong(io0.get(k[1])), Long.parseLong(io1.get(k[1])));
        }
        int fds = Proc.count(dir + "/fd");
        assertThat((Integer) a.get("NumFds")).isBetween(fds - 5, fds + 5);
        TabularData th = (TabularData) a.get("Threads");
        assertThat(th.size()).isBetween(threads - 5, threads + 5);
        assertThat(th.get(new Object[]{pid})).as("the main thread, whose tid is the pid").isNotNull();
        // The JDK keeps its runtime image open; the host listens where it said.
        String modules = Path.of(exe).getParent().getParent().resolve("lib/modules").toString();
        assertThat(((TabularData) a.get("OpenFiles")).values()).anySatisfy(r -> {
            CompositeData f = (CompositeData) r;
            assertThat(f.get("path")).isEqualTo(modules);
            assertThat(f.get("mode")).isEqualTo("r");
        });
        assertThat(((TabularData) a.get("Connections")).values()).anySatisfy(r -> {
            CompositeData c = (CompositeData) r;
            // Java's sockets are dual-stack: the kernel lists an IPv4 address in its IPv6 form.
            assertThat(c.get("localAddress")).isIn("127.0.0.1:" + port, "[::ffff:127.0.0.1]:" + port);
            assertThat(c.get("status")).isEqualTo("LISTEN");
            assertThat(c.get("remoteAddress")).isEqualTo("");
        });
        assertThat((long[]) a.get("Children")).isEqualTo(Proc.children(pid)).contains(child);
    }

    private static void checkSystem(MBeanServerConnection mbs) throws Exception {
        double[] cpu0 = Proc.cpu();
        Map<String, Object> a = readAll(mbs, SYSTEM);
        double[] cpu1 = Proc.cpu();
        assertThat(a.get("NumCpus")).isEqualTo(Integer.parseInt(Proc.run("getconf", "_NPROCESSORS_ONLN")));
        assertThat(a.get("BootTimeSeconds")).isEqualTo(Proc.btime());
        assertThat((Double) a.get("CpuPercent")).isBetween(0.0, 100.0);
        String[] modes = {"User", "Nice", "System", "Idle", "Iowait", "Irq", "Softirq", "Steal"}; // /proc/stat's order
        for (int i = 0; i < modes.length; i++) {
            String k = "Cpu" + modes[i] + "SecondsTotal";
            assertThat((Double) a.get(k)).as(k).isBetween(cpu0[i] - 1e-9, cpu1[i] + 1e-9);
        }
        long total = (Long) a.get("MemoryTotalBytes");
        assertThat(total).isEqualTo(Proc.meminfo("MemTotal"));
        long slack = 256L << 20; // memory moves while we read
        assertThat((Long) a.get("MemoryAvailableBytes")).isCloseTo(Proc.meminfo("MemAvailable"), org.assertj.core.data.Offset.offset(slack));
        assertThat((Long) a.get("MemoryFreeBytes")).isCloseTo(Proc.meminfo("MemFree"), org.assertj.core.data.Offset.offset(slack));
        assertThat((Long) a.get("MemoryCachedBytes")).isCloseTo(Proc.meminfo("Cached") + Proc.meminfo("SReclaimable"),
                org.assertj.core.data.Offset.offset(slack));
        assertThat((Long) a.get("MemoryBuffersBytes")).isCloseTo(Proc.meminfo("Buffers"), org.assertj.core.data.Offset.offset(slack));
        assertThat((Long) a.get("MemorySharedBytes")).isCloseTo(Proc.meminfo("Shmem"), org.assertj.core.data.Offset.offset(slack));
        // One call reads meminfo once, so psutil's formulas hold exactly between its values.
        long free = (Long) a.get("MemoryFreeBytes"), cached = (Long) a.get("MemoryCachedBytes"), buffers = (Long) a.get("MemoryBuffersBytes");
        long used = total - free - cached - buffers;
        assertThat(a.get("MemoryUsedBytes")).isEqualTo(used < 0 ? total - free : used);
        assertThat((Double) a.get("MemoryPercent")).isCloseTo((total - (Long) a.get("MemoryAvailableBytes")) * 100.0 / total, offset(0.051));
        assertThat(a.get("SwapTotalBytes")).isEqualTo(Proc.meminfo("SwapTotal"));
        assertThat((Long) a.get("SwapUsedBytes") + (Long) a.get("SwapFreeBytes")).isEqualTo(a.get("SwapTotalBytes"));
        assertThat((Double) a.get("SwapPercent")).isBetween(0.0, 100.0);
        long procs;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            procs = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
        }
        assertThat((long) (Integer) a.get("ProcessCount")).isCloseTo(procs, org.assertj.core.data.Offset.offset(20L));
    }

    // ---- life cycle ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void childAppearsAndDisappearsWithBothNotifications(Path java) throws Exception {
        try (HostJvm host = HostJvm.start(check(java), "interval=200ms")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            Received q = Received.on(mbs);
            assertThat(mbs.getAttribute(AGENT, "ExitStatusAvailable")).as("java.lang opened to the agent").isEqualTo(true);

            long child = host.spawnShell("sleep 1.5; exit 7");
            CompositeData started = (CompositeData) q.await("jpsutil.process.started", child).getUserData();
            assertThat(started.get("name")).isEqualTo("sh");
            assertThat(started.get("scope")).isEqualTo("child");
            assertThat(mbs.isRegistered(process("child", child))).isTrue();
            assertThat(mbs.getAttribute(process("child", child), "Cmdline")).isEqualTo(new String[]{"sh", "-c", "sleep 1.5; exit 7"});

            Notification exited = q.await("jpsutil.process.exited", child);
            assertThat(((CompositeData) exited.getUserData()).get("exitStatus")).isEqualTo(7);
            assertThat(exited.getMessage()).contains("exited with status 7");
            assertThat(mbs.isRegistered(process("child", child))).isFalse();
            assertThat(host.send("wait " + child)).isEqualTo("EXIT 7");

            // Only the bootstrap is on the host's class path; the rest is the agent's own.
            assertThat(host.send("class io.github.jpsutil.agent.boot.Bootstrap")).isEqualTo("FOUND");
            assertThat(host.send("class io.github.jpsutil.Psutil")).isEqualTo("MISSING");
            assertThat(host.send("class io.github.jpsutil.agent.AgentMain")).isEqualTo("MISSING");
            assertThat(host.send("class com.sun.jna.Native")).isEqualTo("MISSING");
            assertThat(host.agentLines(0)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void exitsAreToldAtOnceFromEventsAndPidfds(Path java) throws Exception {
        // an interval of an hour: an exit told within the test was not found by looking
        try (HostJvm host = HostJvm.start(check(java), "interval=1h")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            Received q = Received.on(mbs);
            assertThat(mbs.getAttribute(AGENT, "EventSource")).as("the kernel admits the host on Java " + java)
                    .isEqualTo("connector");
            long child = host.spawnShell("sleep 1; exit 3");
            assertThat(((CompositeData) q.await("jpsutil.process.exited", child).getUserData()).get("exitStatus")).isEqualTo(3);

            // not the host's descendant: a child of this test, which reaps it; the kernel keeps its status (6.15+)
            Process other = new ProcessBuilder("sh", "-c", "sleep 1; exit 5").start();
            try {
                assertThat(mbs.invoke(AGENT, "watch", new Object[]{other.pid()}, new String[]{"long"}))
                        .isEqualTo(process("watched", other.pid()).toString());
                CompositeData exit = (CompositeData) q.await("jpsutil.process.exited", other.pid()).getUserData();
                assertThat(other.waitFor()).isEqualTo(5);
                assertThat(exit.get("exitStatus")).isEqualTo(5);
                assertThat(exit.get("scope")).isEqualTo("watched");
                assertThat(mbs.isRegistered(process("watched", other.pid()))).isFalse();
            } finally {
                other.destroyForcibly().waitFor();
            }
            assertThat(host.agentLines(0)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void attachesToARunningJvm(Path java) throws Exception {
        try (HostJvm host = HostJvm.startWithoutAgent(check(java))) {
            long child = host.spawn("sleep 120");
            assertThat(host.send("mbeans")).isEqualTo("MBEANS 0");
            host.loadAgent("interval=1m");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            assertThat(mbs.getAttribute(process("self", host.pid), "Pid")).isEqualTo(host.pid);
            assertThat(mbs.getAttribute(process("child", child), "Name")).isEqualTo("sleep");
            assertThat(host.agentLines(0)).as("no warning, no error").isEmpty();
            assertThat(host.stderr()).isEmpty();

            // A second attach reaches the running agent: the same options change nothing, new ones are applied.
            host.loadAgent("interval=1m");
            host.loadAgent("interval=5s");
            String wanted = "interval=5s,children=true,readOnly=false,allowSelfSignals=false,watch=own,events=auto,exitedKept=100";
            for (int i = 0; i < 200 && !wanted.equals(options(mbs)); i++) Thread.sleep(50);
            assertThat(options(mbs)).isEqualTo(wanted);
            assertThat(host.stderr()).isEmpty();
            assertThat(mbs.queryNames(name("jpsutil:type=Agent"), null)).hasSize(1);
        }
    }

    /** The Agent MBean's options, or null while it is being registered anew. */
    private static String options(MBeanServerConnection mbs) throws Exception {
        try {
            return (String) mbs.getAttribute(AGENT, "Options");
        } catch (javax.management.InstanceNotFoundException e) {
            return null;
        }
    }

    // ---- operations ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void operationsActOnAChildAsTheKernelShows(Path java) throws Exception {
        // polling: an exited child keeps its MBean until the next round (with process events it goes at once)
        try (HostJvm host = HostJvm.start(check(java), "interval=1m,events=poll")) {
            long a = host.spawn("sleep 120"), b = host.spawn("sleep 120"), c = host.spawn("sleep 120");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            Received q = Received.on(mbs);
            mbs.invoke(AGENT, "refresh", null, null);
            ObjectName na = process("child", a);

            mbs.invoke(na, "suspend", null, null);
            assertThat(Proc.awaitState(a, "T")).isEqualTo("T");
            assertThat(mbs.getAttribute(na, "Status")).isEqualTo("stopped");
            mbs.invoke(na, "resume", null, null);
            assertThat(new Proc.Stat(a).get(3)).isIn("R", "S");
            mbs.invoke(na, "renice", new Object[]{5}, new String[]{"int"});
            assertThat(new Proc.Stat(a).num(19)).isEqualTo(5);
            mbs.setAttribute(na, new Attribute("Nice", 6));
            assertThat(new Proc.Stat(a).num(19)).isEqualTo(6);
            mbs.invoke(na, "setIoNice", new Object[]{"idle", 0}, new String[]{"java.lang.String", "int"});
            assertThat(ioniceOf(a)).isEqualTo("idle 0");
            mbs.invoke(na, "setIoNice", new Object[]{"be", 2}, new String[]{"java.lang.String", "int"});
            assertThat(ioniceOf(a)).isEqualTo("be 2");
            assertThat(mbs.getAttribute(na, "IoNiceClass")).isEqualTo("be");

            mbs.invoke(na, "sendSignal", new Object[]{"SIGUSR1"}, new String[]{"java.lang.String"});
            assertThat(host.send("wait " + a)).isEqualTo("EXIT " + (128 + 10));
            // Exited: a read names the error and the pid, even across the connector (NoSuchProcess until
            // the agent has retired it, at once through its pidfd; then the MBean is gone).
            assertThatThrownBy(() -> mbs.getAttribute(na, "ResidentMemoryBytes"))
                    .isInstanceOfAny(MBeanException.class, javax.management.InstanceNotFoundException.class)
                    .hasMessageContaining("pid=" + a).satisfies(AgentIT::onlyJdkTypes);
            assertThatThrownBy(() -> mbs.invoke(na, "kill", null, null))
                    .isInstanceOfAny(MBeanException.class, javax.management.InstanceNotFoundException.class)
                    .hasMessageContaining("pid=" + a);

            mbs.invoke(process("child", b), "terminate", null, null);
            assertThat(host.send("wait " + b)).isEqualTo("EXIT " + (128 + 15));
            ObjectName nc = process("child", c);
            assertThatThrownBy(() -> mbs.invoke(nc, "waitFor", new Object[]{100L}, new String[]{"long"}))
                    .isInstanceOf(MBeanException.class).hasMessageContaining("TimeoutExpired").hasMessageContaining("pid=" + c);
            CompletableFuture<Object> status = CompletableFuture.supplyAsync(() -> {
                try {
                    return mbs.invoke(nc, "waitFor", new Object[]{10_000L}, new String[]{"long"});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // waiting before the kill: once the child has ended its MBean goes at once
            mbs.invoke(nc, "kill", null, null);
            assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(-9);
            assertThat(host.send("wait " + c)).isEqualTo("EXIT " + (128 + 9));

            mbs.invoke(AGENT, "refresh", null, null);
            assertThat(((CompositeData) q.await("jpsutil.process.exited", a).getUserData()).get("exitStatus")).isEqualTo(-10);
            assertThat(((CompositeData) q.await("jpsutil.process.exited", b).getUserData()).get("exitStatus")).isEqualTo(-15);
            assertThat(((CompositeData) q.await("jpsutil.process.exited", c).getUserData()).get("exitStatus")).isEqualTo(-9);
            assertThat(mbs.queryNames(name("jpsutil:type=Process,scope=child,*"), null)).isEmpty();
        }
    }

    // ---- guards --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void selfSignalsAreRefusedUnlessAllowed(Path java) throws Exception {
        try (HostJvm host = HostJvm.start(check(java), "interval=1m")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            ObjectName self = process("self", host.pid);
            for (String op : List.of("suspend", "terminate", "kill")) {
                assertThatThrownBy(() -> mbs.invoke(self, op, null, null)).isInstanceOf(MBeanException.class)
                        .hasMessageContaining("refused").hasMessageContaining("host JVM itself")
                        .hasMessageContaining("allowSelfSignals=true");
            }
            assertThatThrownBy(() -> mbs.invoke(self, "sendSignal", new Object[]{"SIGKILL"}, new String[]{"java.lang.String"}))
                    .hasMessageContaining("allowSelfSignals=true");
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(new Proc.Stat(host.pid).get(3)).isNotEqualTo("T");
        }
        try (HostJvm host = HostJvm.start(check(java), "allowSelfSignals=true")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            try {
                mbs.invoke(process("self", host.pid), "terminate", null, null);
            } catch (IOException e) {
                // the answer may be lost as the JVM shuts down
            }
            assertThat(host.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(host.process.exitValue()).isEqualTo(128 + 15);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void readOnlyRefusesEveryChange(Path java) throws Exception {
        try (HostJvm host = HostJvm.start(check(java), "readOnly=true,interval=1m")) {
            long child = host.spawn("sleep 120");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AGENT, "refresh", null, null);
            ObjectName n = process("child", child);
            for (String op : List.of("suspend", "resume", "terminate", "kill")) {
                assertThatThrownBy(() -> mbs.invoke(n, op, null, null)).isInstanceOf(MBeanException.class)
                        .hasMessageContaining("refused").hasMessageContaining("readOnly=true")
                        .satisfies(AgentIT::onlyJdkTypes);
            }
            assertThatThrownBy(() -> mbs.invoke(n, "renice", new Object[]{5}, new String[]{"int"}))
                    .hasMessageContaining("readOnly=true");
            assertThatThrownBy(() -> mbs.setAttribute(n, new Attribute("Nice", 5))).hasMessageContaining("readOnly=true");
            assertThat(Arrays.stream(mbs.getMBeanInfo(n).getAttributes()).filter(MBeanAttributeInfo::isWritable)).isEmpty();
            assertThat(new Proc.Stat(child).get(3)).isEqualTo("S");
            assertThat(new Proc.Stat(child).num(19)).isEqualTo(0);
            assertThat(mbs.getAttribute(AGENT, "ReadOnly")).isEqualTo(true);
        }
    }

    // ---- options -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void badOptionsLeaveTheHostRunningAndSayWhy(Path java) throws Exception {
        Map<String, List<String>> cases = Map.of(
                "interval=5x", List.of("interval", "'5x'"),
                "colour=blue", List.of("'colour'"),
                "readOnly=maybe", List.of("readOnly", "'maybe'"),
                "children", List.of("'children'"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            try (HostJvm host = HostJvm.start(check(java), c.getKey())) {
                List<String> lines = host.agentLines(10_000);
                assertThat(lines).as(c.getKey()).hasSize(1);
                assertThat(lines.get(0)).startsWith("jpsutil: bad agent options").endsWith("the agent is off");
                for (String part : c.getValue()) assertThat(lines.get(0)).contains(part);
                assertThat(host.send("ping")).isEqualTo("PONG");
                assertThat(host.send("mbeans")).isEqualTo("MBEANS 0");
                assertThat(host.stderr()).hasSize(1);
            }
        }
    }
}
