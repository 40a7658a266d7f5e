package io.github.jpsutil.jconsole;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.MBeanServerConnection;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The plugin's model and actions against a real forked host JVM with the packaged agent jar, over a
 * real JMX connection made as JConsole makes it, checked against /proc.
 */
class ProcessesTabIT {
    /** Two sleeping children, and a shell with a sleeping child of its own (a grandchild of the host). */
    static final String[] FAMILY = {"exec sleep 600", "exec sleep 601", "sleep 602; true"};

    static Stream<Path> javas() {
        return Stream.of(ForkedHost.JAVA_17, ForkedHost.JAVA_25).filter(Files::isExecutable);
    }

    @ParameterizedTest(name = "host on {0}")
    @MethodSource("javas")
    void rowsAreTheHostAndItsDescendantsAsProcSeesThemInTreeOrder(Path java) throws Exception {
        try (ForkedHost host = ForkedHost.start(java, "", List.of(), FAMILY)) {
            MBeanServerConnection c = host.connect(4);
            Snapshot s = ProcessReader.read(c);

            assertThat(s.hasAgent()).isTrue();
            assertThat(s.hostPid()).isEqualTo(host.pid);
            assertThat(s.readOnly()).isFalse();
            Set<Long> expected = ProcFs.withDescendants(host.pid);
            assertThat(s.rows().stream().map(ProcessRow::pid).collect(Collectors.toSet())).isEqualTo(expected);

            Map<Long, ProcessRow> byPid = new HashMap<>();
            for (ProcessRow r : s.rows()) {
                ProcFs k = ProcFs.of(r.pid());
                assertThat(r.ppid()).as("ppid of %s", r.pid()).isEqualTo(k.ppid());
                assertThat(r.name()).as("name of %s", r.pid()).isEqualTo(k.comm());
                assertThat(r.cmdline()).as("command line of %s", r.pid()).isEqualTo(k.cmdline());
                assertThat(r.user()).isEqualTo(System.getProperty("user.name"));
                assertThat(r.scope()).isEqualTo(r.pid() == host.pid ? "self" : "child");
                assertThat(r.createTimeSeconds()).as("start of %s", r.pid()).isCloseTo(
                        ProcessHandle.of(r.pid()).orElseThrow().info().startInstant().orElseThrow().toEpochMilli() / 1000.0,
                        within(0.02));
                assertThat(r.createTimeSeconds()).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 1.0);
                if (r.pid() != host.pid) { // sleeping processes: their figures hold still between the two reads
                    assertThat(r.status()).isEqualTo("sleeping").isEqualTo(k.state() == 'S' ? "sleeping" : "state " + k.state());
                    assertThat(r.residentBytes()).as("resident memory of %s", r.pid()).isEqualTo(k.vmRssBytes());
                    assertThat(r.threads()).isEqualTo(k.threads()).isEqualTo(1);
                    assertThat(r.nice()).isEqualTo(k.nice());
                }
                byPid.put(r.pid(), r);
            }
            // tree order: the host first at depth 0, each process right below its parent's subtree start
            assertThat(s.rows().get(0).pid()).isEqualTo(host.pid);
            for (int i = 1; i < s.rows().size(); i++) {
                ProcessRow r = s.rows().get(i);
                ProcessRow parent = byPid.get(r.ppid());
                assertThat(r.depth()).isEqualTo(parent.depth() + 1);
                assertThat(s.rows().subList(0, i)).contains(parent);
            }
            assertThat(s.rows()).filteredOn(r -> r.depth() == 2).singleElement()
                    .satisfies(r -> assertThat(r.cmdline()).containsExactly("sleep", "602"));
            assertThat(s.machine().memoryTotalBytes()).isEqualTo(memTotalBytes());
            assertThat(s.machine().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(s.machine().cpuPercent()).isBetween(0.0, 100.0);
        }
    }

    @Test
    void suspendStopsTheChildAndResumeLetsItGoOn() throws Exception {
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, "", List.of(), FAMILY[0])) {
            MBeanServerConnection c = host.connect(1);
            long child = host.children.get(0);
            ProcessRow row = row(ProcessReader.read(c), child);

            ProcessAction.Outcome o = ProcessAction.suspend().invoke(c, row);
            assertThat(o.done()).as(o.message()).isTrue();
            // the kernel stops it once it runs to take the signal: at once on an idle machine, later under load
            assertThat(awaitState(child, 'T', 10_000)).isEqualTo('T');
            assertThat(row(ProcessReader.read(c), child).status()).isEqualTo("stopped");

            o = ProcessAction.resume().invoke(c, row);
            assertThat(o.done()).as(o.message()).isTrue();
            // SIGCONT makes it runnable for a moment before it sleeps again
            assertThat(ProcFs.of(child).state()).isIn('R', 'S');
            assertThat(row(ProcessReader.read(c), child).status()).isIn("running", "sleeping");
        }
    }

    @Test
    void reniceAndIoPriorityReachTheKernelAndKillEndsTheChild() throws Exception {
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, "", List.of(), FAMILY[0], FAMILY[1])) {
            MBeanServerConnection c = host.connect(2);
            long child = host.children.get(0);
            ProcessRow row = row(ProcessReader.read(c), child);

            assertThat(ProcessAction.renice(7).invoke(c, row).done()).isTrue();
            assertThat(ProcFs.of(child).nice()).isEqualTo(7);
            assertThat(row(ProcessReader.read(c), child).nice()).isEqualTo(7);

            assertThat(ProcessAction.ionice("idle", 0).invoke(c, row).done()).isTrue();
            assertThat(run("ionice", "-p", Long.toString(child))).isEqualTo("idle");

            ProcessAction.Outcome o = ProcessAction.kill().invoke(c, row);
            assertThat(o.done()).as(o.message()).isTrue();
            ProcessHandle.of(child).ifPresent(h -> h.onExit().join());
            c.invoke(ProcessReader.AGENT, "refresh", null, null);
            assertThat(ProcessReader.read(c).rows()).extracting(ProcessRow::pid).doesNotContain(child)
                    .contains(host.children.get(1));
        }
    }

    @Test
    void aReadOnlyAgentRefusesWithItsOwnMessageAndTheChildRuns() throws Exception {
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, "readOnly=true", List.of(), FAMILY[0])) {
            MBeanServerConnection c = host.connect(1);
            long child = host.children.get(0);
            Snapshot s = ProcessReader.read(c);
            assertThat(s.readOnly()).isTrue();

            for (ProcessAction a : List.of(ProcessAction.suspend(), ProcessAction.kill(), ProcessAction.renice(5))) {
                ProcessAction.Outcome o = a.invoke(c, row(s, child));
                assertThat(o.done()).isFalse();
                assertThat(o.message()).startsWith(a.title() + " " + child + " (sleep) refused: ")
                        .endsWith("refused: " + a.operation() + " on pid " + child + ": the jpsutil agent runs with readOnly=true");
            }
            assertThat(awaitState(child, 'T', 500)).as("a stop that should not come").isNotEqualTo('T');
            assertThat(ProcFs.of(child).nice()).isZero();
        }
    }

    @Test
    void signallingTheHostItselfIsRefusedWithTheAgentsReason() throws Exception {
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, "", List.of())) {
            MBeanServerConnection c = host.connect(0);
            ProcessAction.Outcome o = ProcessAction.terminate().invoke(c, row(ProcessReader.read(c), host.pid));
            assertThat(o.done()).isFalse();
            assertThat(o.message()).contains("refused").contains("allowSelfSignals=true");
            assertThat(host.process.isAlive()).isTrue();
        }
    }

    @Test
    void aJmxUserWithoutTheRightIsRefusedWithTheConnectorsMessage(@TempDir Path tmp) throws Exception {
        Path password = tmp.resolve("jmxremote.password"), access = tmp.resolve("jmxremote.access");
        Files.writeString(password, "viewer v1ew\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(access, "viewer readonly\n");
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, "", List.of(
                "-Dcom.sun.management.jmxremote.port=0", "-Dcom.sun.management.jmxremote.rmi.port=0",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.registry.ssl=false",
                "-Dcom.sun.management.jmxremote.password.file=" + password,
                "-Dcom.sun.management.jmxremote.access.file=" + access), FAMILY[0]);
             var viewer = javax.management.remote.JMXConnectorFactory.connect(remoteAddress(host.pid),
                     Map.of(javax.management.remote.JMXConnector.CREDENTIALS, new String[]{"viewer", "v1ew"}))) {
            MBeanServerConnection c = viewer.getMBeanServerConnection();
            for (int i = 0; i < 200 && ProcessReader.read(c).rows().size() < 2; i++) Thread.sleep(50);
            long child = host.children.get(0);
            Snapshot s = ProcessReader.read(c); // reading is allowed
            ProcessAction.Outcome o = ProcessAction.suspend().invoke(c, row(s, child));
            assertThat(o.done()).isFalse();
            assertThat(o.message()).startsWith("Suspend " + child + " (sleep) refused: ").contains("Access denied");
            assertThat(awaitState(child, 'T', 500)).as("a stop that should not come").isNotEqualTo('T');
        }
    }

    @Test
    void aJvmWithoutTheAgentYieldsTheAttachCommandNotAnException() throws Exception {
        try (ForkedHost host = ForkedHost.start(ForkedHost.JAVA_17, null, List.of())) {
            Snapshot s = ProcessReader.read(host.connect());
            assertThat(s.hasAgent()).isFalse();
            assertThat(s.hostPid()).isEqualTo(host.pid);
            assertThat(s.rows()).isEmpty();
            assertThat(s.noAgent()).contains("java -jar jpsutil-agent.jar attach " + host.pid + "\n");
        }
    }

    @Test
    void theTabShowsEachRefreshInTreeOrderSortsByAColumnAndGoesBackToTheTree() throws Exception {
        try (ForkedHost withAgent = ForkedHost.start(ForkedHost.JAVA_17, "", List.of(), FAMILY);
             ForkedHost without = ForkedHost.start(ForkedHost.JAVA_17, null, List.of())) {
            MBeanServerConnection c = withAgent.connect(4);
            ProcessesPanel panel = onSwingThread(() -> new ProcessesPanel(() -> c));
            SwingWorker<Snapshot, Void> unused = panel.refresher(); // handed out, never run: must not block the next
            assertThat(unused.getState()).isEqualTo(SwingWorker.StateValue.PENDING);
            Snapshot s = refresh(panel);

            List<ProcessRow> tree = onSwingThread(panel::rowsInView);
            assertThat(tree).extracting(ProcessRow::pid).containsExactlyElementsOf(s.rows().stream().map(ProcessRow::pid).toList());
            assertThat(tree.get(0).pid()).isEqualTo(withAgent.pid);
            assertThat(onSwingThread(panel::texts).get(0)).startsWith("Machine: CPU ")
                    .contains("host pid " + withAgent.pid + ", 5 processes");

            onSwingThread(() -> panel.clickColumn(ProcessTableModel.RESIDENT)); // ascending
            List<Long> ascending = onSwingThread(panel::rowsInView).stream().map(ProcessRow::residentBytes).toList();
            assertThat(ascending).isSorted();
            assertThat(ascending.get(ascending.size() - 1)).isEqualTo(tree.get(0).residentBytes()); // the JVM is the biggest
            onSwingThread(() -> panel.clickColumn(ProcessTableModel.RESIDENT)); // descending
            assertThat(onSwingThread(panel::rowsInView).get(0).pid()).isEqualTo(withAgent.pid);
            onSwingThread(() -> panel.clickColumn(ProcessTableModel.RESIDENT)); // back to the tree
            assertThat(onSwingThread(panel::rowsInView)).isEqualTo(tree);

            // the same tab, pointed at a JVM without the agent, says so instead of failing
            MBeanServerConnection plain = without.connect();
            ProcessesPanel other = onSwingThread(() -> new ProcessesPanel(() -> plain));
            refresh(other);
            assertThat(onSwingThread(other::rowsInView)).isEmpty();
            assertThat(onSwingThread(other::texts).get(1)).contains("attach " + without.pid);
        }
    }

    /** Runs a first refresh as JConsole does (a worker thread), and waits until its result is on screen. */
    static Snapshot refresh(ProcessesPanel panel) throws Exception {
        SwingWorker<Snapshot, Void> w = panel.refresher();
        w.execute();
        Snapshot s = w.get(30, java.util.concurrent.TimeUnit.SECONDS);
        // SwingWorker hands done() to the Swing thread a little later, through a timer of its own
        for (int i = 0; i < 500 && onSwingThread(panel::texts).get(0).isBlank(); i++) Thread.sleep(10);
        return s;
    }

    static <T> T onSwingThread(java.util.concurrent.Callable<T> task) throws Exception {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        SwingUtilities.invokeAndWait(f);
        return f.get();
    }

    static void onSwingThread(Runnable task) throws Exception {
        SwingUtilities.invokeAndWait(task);
    }

    static ProcessRow row(Snapshot s, long pid) {
        return s.rows().stream().filter(r -> r.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + pid + " in " + s.rows()));
    }

    /** The process' state letter once it is {@code wanted}, or the last one seen after {@code millis}. */
    static char awaitState(long pid, char wanted, long millis) throws Exception {
        char state = ProcFs.of(pid).state();
        for (long i = 0; i < millis / 10 && state != wanted; i++) {
            Thread.sleep(10);
            state = ProcFs.of(pid).state();
        }
        return state;
    }

    static long memTotalBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo")))
            if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        throw new IllegalStateException("no MemTotal in /proc/meminfo");
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    /** The JDK connector's address, from the JVM's performance counters (the port is the kernel's choice). */
    static javax.management.remote.JMXServiceURL remoteAddress(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < 100; i++) {
            for (String line : run(jcmd, Long.toString(pid), "PerfCounter.print").split("\n"))
                if (line.startsWith("sun.management.JMXConnectorServer.0.remoteAddress="))
                    return new javax.management.remote.JMXServiceURL(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')));
            Thread.sleep(100);
        }
        throw new IllegalStateException("no remote JMX address for " + pid);
    }
}
