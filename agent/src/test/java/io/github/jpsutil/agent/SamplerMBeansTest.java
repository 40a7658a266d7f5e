package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.TabularData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MBeans on a private MBeanServer, with this test JVM as the host and real children. The
 * interval is long, so every change is driven by refresh(), or by the kernel's process events.
 */
class SamplerMBeansTest extends PrivateServerTest {
    private static final long SELF = ProcessHandle.current().pid();

    /** A command's standard output, trimmed. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    private void refresh() throws JMException {
        server.invoke(Sampler.AGENT_NAME, "refresh", null, null);
    }

    private static ObjectName name(String scope, long pid) throws JMException {
        return new ObjectName("jpsutil:type=Process,scope=" + scope + ",pid=" + pid);
    }

    private Object invoke(ObjectName n, String op, Object... args) throws JMException {
        String[] sig = Arrays.stream(args).map(a -> a.getClass().getName()).toArray(String[]::new);
        return server.invoke(n, op, args, sig);
    }

    /** Fields of /proc/PID/stat after the command name: [0] is the state letter. */
    private static String[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** A signal is delivered asynchronously: the state the kernel shows once it settles (or after 5 s). */
    static String awaitState(long pid, String wanted) throws IOException, InterruptedException {
        String st = stat(pid)[0];
        for (int i = 0; i < 500 && !st.equals(wanted); i++) {
            Thread.sleep(10);
            st = stat(pid)[0];
        }
        return st;
    }

    private static double cpuSeconds(long pid) throws IOException {
        String[] st = stat(pid);
        return (Long.parseLong(st[11]) + Long.parseLong(st[12])) / (double) Psutil.local().clockTicks();
    }

    private Notification next(String type) throws InterruptedException {
        for (Notification n; (n = events.poll(10, TimeUnit.SECONDS)) != null; ) if (n.getType().equals(type)) return n;
        throw new AssertionError("no " + type + " notification");
    }

    @Test
    void registersSystemAgentAndSelf() throws Exception {
        start("interval=1h");
        assertThat(server.queryNames(new ObjectName("jpsutil:*"), null))
                .contains(Sampler.SYSTEM_NAME, Sampler.AGENT_NAME, name("self", SELF));
        assertThat(server.getAttribute(name("self", SELF), "Pid")).isEqualTo(SELF);
        assertThat(server.getAttribute(Sampler.AGENT_NAME, "Options"))
                .isEqualTo("interval=1h,children=true,readOnly=false,allowSelfSignals=false,watch=own,events=auto,exitedKept=100");
        assertThat((String) server.getAttribute(Sampler.AGENT_NAME, "Version")).matches("\\d+\\.\\d+\\.\\d+.*");
        long before = (Long) server.getAttribute(Sampler.AGENT_NAME, "SamplesTotal");
        refresh();
        assertThat((Long) server.getAttribute(Sampler.AGENT_NAME, "SamplesTotal")).isEqualTo(before + 1);
        assertThat(server.getAttribute(Sampler.AGENT_NAME, "ErrorsTotal")).isEqualTo(0L);
        assertThat(server.getAttribute(Sampler.AGENT_NAME, "ExitStatusAvailable")).isEqualTo(true); // surefire's --add-opens

        sampler.close();
        assertThat(server.queryNames(new ObjectName("jpsutil:*"), null)).isEmpty();
        sampler = null;
    }

    @Test
    void aSecondAgentOnTheSameServerFailsAndLeavesNothingBehind() throws Exception {
        start("interval=1h");
        long samplers = samplerThreads();
        Sampler second = new Sampler(Psutil.local(), server, Options.parse("interval=1h"));
        assertThatThrownBy(second::start).isInstanceOf(javax.management.InstanceAlreadyExistsException.class)
                .hasMessageContaining("jpsutil:type=System");
        Thread.sleep(100);
        assertThat(samplerThreads()).isEqualTo(samplers);
        assertThat(server.getAttribute(name("self", SELF), "Pid")).isEqualTo(SELF); // the first one is untouched
        // System, Agent, the host Process and its Container, beside the device MBeans (disks, interfaces, file systems)
        assertThat(server.queryNames(new ObjectName("jpsutil:*"), null).stream()
                .filter(n -> !java.util.Set.of("Disk", "NetworkInterface", "FileSystem").contains(n.getKeyProperty("type")))).hasSize(4);
    }

    private static long samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("jpsutil-sampler")).count();
    }

    @Test
    void everyAttributeReadsAsItsOpenTypeInOneCall() throws Exception {
        start("interval=1h");
        Process child = spawn("sleep", "30");
        refresh();
        for (ObjectName n : List.of(name("self", SELF), name("child", child.pid()), Sampler.SYSTEM_NAME, Sampler.AGENT_NAME)) {
            MBeanInfo info = server.getMBeanInfo(n);
            assertThat(server.getMBeanInfo(n)).isSameAs(info); // built once
            assertThat(info.getDescription()).isNotBlank();
            String[] names = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
            AttributeList all = server.getAttributes(n, names);
            // a read of every attribute leaves out the heavy ones (smaps, environ), which are read by name
            List<String> heavy = Arrays.stream(info.getAttributes()).filter(a -> "true".equals(a.getDescriptor().getFieldValue("heavy")))
                    .map(MBeanAttributeInfo::getName).toList();
            assertThat(all.asList()).as("attributes of %s", n).hasSize(names.length - heavy.size());
            for (String h : heavy) assertThat(all.asList()).extracting(javax.management.Attribute::getName).doesNotContain(h);
            if (n.getKeyProperty("type").equals("Process")) {
                assertThat(heavy).containsExactlyInAnyOrder("UssMemoryBytes", "PssMemoryBytes", "MemoryMaps", "Environ");
                AttributeList picked = server.getAttributes(n, new String[]{"UssMemoryBytes", "ResidentMemoryBytes", "Environ"});
                assertThat(picked.asList()).extracting(javax.management.Attribute::getName)
                        .containsExactly("UssMemoryBytes", "ResidentMemoryBytes", "Environ");
                assertThat((Long) picked.asList().get(0).getValue()).isPositive()
                        .isLessThanOrEqualTo((Long) picked.asList().get(1).getValue());
            }
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertThat(a.getDescription()).as(a.getName()).isNotBlank();
                Object v = server.getAttribute(n, a.getName());
                // null is psutil's None (no battery, no CPU clock), allowed where the attribute says when it is empty
                boolean fits = v == null ? a.getDescription().contains("empty where") : ((OpenMBeanAttributeInfo) a).getOpenType().isValue(v);
                assertThat(fits).as("%s %s = %s", n, a.getName(), v).isTrue();
            }
            for (MBeanOperationInfo op : info.getOperations()) {
                assertThat(op.getDescription()).as(op.getName()).isNotBlank();
                assertThat(op.getImpact()).as(op.getName()).isEqualTo(MBeanOperationInfo.ACTION);
                assertThat(op.getSignature()).allSatisfy(p -> assertThat(p.getDescription()).isNotBlank());
            }
        }
        // Units are in the names: counters end in Total, and the descriptor says the unit.
        MBeanAttributeInfo rss = Arrays.stream(server.getMBeanInfo(name("self", SELF)).getAttributes())
                .filter(a -> a.getName().equals("ResidentMemoryBytes")).findFirst().orElseThrow();
        assertThat(rss.getDescriptor().getFieldValue("units")).isEqualTo("bytes");
    }

    @Test
    void childAttributesAgreeWithProc() throws Exception {
        start("interval=1h");
        Process child = spawn("sleep", "30");
        assertThat(awaitState(child.pid(), "S")).as("a new child settles into its sleep").isEqualTo("S");
        refresh();
        ObjectName n = name("child", child.pid());
        String[] st = stat(child.pid());
        assertThat(server.getAttribute(n, "Ppid")).isEqualTo(SELF);
        assertThat(server.getAttribute(n, "Name")).isEqualTo("sleep");
        assertThat(server.getAttribute(n, "Cmdline")).isEqualTo(new String[]{"sleep", "30"});
        assertThat(server.getAttribute(n, "Exe")).isEqualTo(Path.of("/proc/" + child.pid() + "/exe").toRealPath().toString());
        assertThat(server.getAttribute(n, "Cwd")).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(server.getAttribute(n, "Status")).isEqualTo("sleeping");
        assertThat(server.getAttribute(n, "Nice")).isEqualTo(Integer.parseInt(st[16]));
        assertThat(server.getAttribute(n, "NumThreads")).isEqualTo(1);
        long pageSize = Psutil.local().pageSize();
        String[] statm = Files.readString(Path.of("/proc/" + child.pid() + "/statm")).trim().split(" ");
        assertThat(server.getAttribute(n, "ResidentMemoryBytes")).isEqualTo(Long.parseLong(statm[1]) * pageSize);
        assertThat(server.getAttribute(n, "VirtualMemoryBytes")).isEqualTo(Long.parseLong(statm[0]) * pageSize);
        TabularData threads = (TabularData) server.getAttribute(n, "Threads");
        assertThat(threads.size()).isEqualTo(1);
        assertThat(threads.get(new Object[]{child.pid()})).isNotNull();
        assertThat((long[]) server.getAttribute(name("self", SELF), "Children")).contains(child.pid());
        assertThat((long[]) server.getAttribute(n, "Children")).isEmpty();
    }

    @Test
    void childAppearsAndExitsWithBothNotifications() throws Exception {
        start("interval=1h,events=poll"); // found by looking (SamplerEventsTest: by events)
        Process child = spawn("sleep", "30");
        ObjectName n = name("child", child.pid());
        refresh();
        assertThat(server.isRegistered(n)).isTrue();
        Notification started = next(AgentMBean.STARTED);
        CompositeData data = (CompositeData) started.getUserData();
        assertThat(data.get("pid")).isEqualTo(child.pid());
        assertThat(data.get("name")).isEqualTo("sleep");
        assertThat(data.get("scope")).isEqualTo("child");
        assertThat(data.get("exitStatus")).isNull();
        assertThat(started.getSource()).isEqualTo(Sampler.AGENT_NAME);

        child.destroy(); // SIGTERM
        child.waitFor();
        // Until the next sample its MBean is still there: reads fail, naming the error and the pid.
        assertThatThrownBy(() -> server.getAttribute(n, "ResidentMemoryBytes"))
                .isInstanceOf(MBeanException.class)
                .hasMessageContaining("NoSuchProcess").hasMessageContaining("pid=" + child.pid());
        assertThatThrownBy(() -> server.getAttributes(n, new String[]{"Name", "CpuPercent"}))
                .isInstanceOf(RuntimeMBeanException.class)
                .hasMessageContaining("NoSuchProcess").hasMessageContaining("pid=" + child.pid());
        assertThatThrownBy(() -> invoke(n, "suspend")).hasMessageContaining("NoSuchProcess");

        refresh();
        assertThat(server.isRegistered(n)).isFalse();
        CompositeData exited = (CompositeData) next(AgentMBean.EXITED).getUserData();
        assertThat(exited.get("pid")).isEqualTo(child.pid());
        assertThat(exited.get("name")).isEqualTo("sleep");
        assertThat(exited.get("exitStatus")).isEqualTo(-15);
    }

    @Test
    void aStaleMBeanNeverReachesTheNewOwnerOfItsPid() throws Exception {
        // Steering the kernel's next pid (root only) makes a pid reuse happen on demand.
        Path lastPid = Path.of("/proc/sys/kernel/ns_last_pid");
        Assumptions.assumeTrue(Files.isWritable(lastPid), "needs root to choose the next pid");
        start("interval=1h,events=poll"); // found by looking (SamplerEventsTest: by events)
        for (int attempt = 0; attempt < 20; attempt++) {
            Process old = spawn("sleep", "30");
            refresh();
            ObjectName n = name("child", old.pid());
            double oldStart = (Double) server.getAttribute(n, "CreateTimeSeconds");
            old.destroyForcibly();
            old.waitFor();
            Thread.sleep(50); // a later clock tick, so the start times differ
            Files.writeString(lastPid, Long.toString(old.pid() - 1));
            Process reuser = spawn("sleep", "30");
            if (reuser.pid() != old.pid()) continue; // another fork took the pid first: try again

            // The MBean still names the old process: it reads nothing of the new one and signals nothing.
            assertThatThrownBy(() -> invoke(n, "kill")).isInstanceOf(MBeanException.class)
                    .hasMessageContaining("NoSuchProcess").hasMessageContaining("now belongs to another process");
            assertThatThrownBy(() -> invoke(n, "renice", 10)).hasMessageContaining("now belongs to another process");
            assertThatThrownBy(() -> server.getAttribute(n, "Cmdline")).hasMessageContaining("NoSuchProcess");
            assertThat(reuser.isAlive()).isTrue();
            assertThat(stat(reuser.pid())[16]).isEqualTo("0");

            refresh(); // the old one retires and the new one takes the name
            assertThat(((CompositeData) next(AgentMBean.EXITED).getUserData()).get("pid")).isEqualTo(old.pid());
            assertThat((Double) server.getAttribute(n, "CreateTimeSeconds")).isGreaterThan(oldStart);
            return;
        }
        throw new AssertionError("no pid was reused in 20 attempts");
    }

    @Test
    void grandchildrenAreTrackedToo() throws Exception {
        start("interval=1h,events=poll"); // found by looking (SamplerEventsTest: by events)
        Process sh = spawn("sh", "-c", "sleep 30 & wait $!; exit 3");
        long found = -1;
        for (int i = 0; i < 100 && found < 0; i++) {
            long[] kids = Psutil.local().process(sh.pid()).children(false).stream().mapToLong(p -> p.pid()).toArray();
            if (kids.length > 0) found = kids[0];
            else Thread.sleep(20);
        }
        long grandchild = found;
        assertThat(grandchild).isPositive();
        refresh();
        assertThat(server.getAttribute(name("child", grandchild), "Ppid")).isEqualTo(sh.pid());
        assertThat(server.getAttribute(name("child", grandchild), "Name")).isEqualTo("sleep");
        assertThat((long[]) server.getAttribute(name("child", sh.pid()), "Children")).containsExactly(grandchild);
        // Not our child: its exit status belongs to sh.
        invoke(name("child", grandchild), "kill");
        sh.waitFor(10, TimeUnit.SECONDS);
        refresh();
        List<CompositeData> exits = new ArrayList<>();
        for (int i = 0; i < 2; i++) exits.add((CompositeData) next(AgentMBean.EXITED).getUserData());
        assertThat(exits).anySatisfy(d -> {
            assertThat(d.get("pid")).isEqualTo(grandchild);
            assertThat(d.get("exitStatus")).isNull();
        });
        assertThat(exits).anySatisfy(d -> {
            assertThat(d.get("pid")).isEqualTo(sh.pid());
            assertThat(d.get("exitStatus")).isEqualTo(3);
        });
    }

    @Test
    void operationsActOnAChild() throws Exception {
        start("interval=1h,events=poll"); // found by looking (SamplerEventsTest: by events)
        Process child = spawn("sleep", "30");
        refresh();
        ObjectName n = name("child", child.pid());
        invoke(n, "suspend");
        assertThat(awaitState(child.pid(), "T")).isEqualTo("T");
        assertThat(server.getAttribute(n, "Status")).isEqualTo("stopped");
        invoke(n, "resume");
        assertThat(stat(child.pid())[0]).isIn("R", "S"); // running again, or already back asleep
        invoke(n, "renice", 7);
        assertThat(stat(child.pid())[16]).isEqualTo("7");
        server.setAttribute(n, new Attribute("Nice", 9));
        assertThat(stat(child.pid())[16]).isEqualTo("9");
        invoke(n, "setIoNice", "idle", 0);
        assertThat(ionice(child.pid())).isEqualTo("idle");
        assertThat(server.getAttribute(n, "IoNiceClass")).isEqualTo("idle");
        invoke(n, "setIoNice", "be", 3);
        assertThat(ionice(child.pid())).isEqualTo("best-effort: prio 3");
        invoke(n, "setCpuAffinity", "1");
        assertThat(run("taskset", "-p", Long.toString(child.pid()))).endsWith("current affinity mask: 2");
        assertThat((long[]) server.getAttribute(n, "CpuAffinity")).containsExactly(1L);
        invoke(n, "setRlimit", "nofile", 32L, 48L);
        assertThat((long[]) invoke(n, "rlimit", "RLIMIT_NOFILE")).containsExactly(32L, 48L);
        assertThat(run("prlimit", "--pid", Long.toString(child.pid()), "--nofile", "--noheadings", "--raw", "-o", "SOFT,HARD")
                .split("\\s+")).containsExactly("32", "48");
        assertThat((long[]) invoke(n, "rlimit", "cpu")).containsExactly(-1L, -1L); // RLIM_INFINITY
        invoke(n, "setOomScoreAdj", 300);
        assertThat(Files.readString(Path.of("/proc/" + child.pid() + "/oom_score_adj")).trim()).isEqualTo("300");
        assertThat(server.getAttribute(n, "OomScoreAdj")).isEqualTo(300);
        assertThatThrownBy(() -> invoke(n, "setRlimit", "nofiles", 1L, 1L)).hasMessageContaining("unknown resource 'nofiles'");
        // waiting before the signal: once the process has ended its MBean goes at once (its pidfd tells it)
        java.util.concurrent.CompletableFuture<Object> status = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return invoke(n, "waitFor", 10_000L);
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        invoke(n, "sendSignal", "SIGUSR1");
        assertThat(status.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(-10);
        assertThat(child.waitFor()).isEqualTo(128 + 10);
    }

    private static String ionice(long pid) throws Exception {
        Process p = new ProcessBuilder("ionice", "-p", Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    @Test
    void badArgumentsSayWhatWasExpected() throws Exception {
        start("interval=1h");
        Process child = spawn("sleep", "30");
        refresh();
        ObjectName n = name("child", child.pid());
        assertThatThrownBy(() -> invoke(n, "sendSignal", "SIGFOO")).isInstanceOf(MBeanException.class)
                .hasMessageContaining("unknown signal 'SIGFOO'");
        assertThatThrownBy(() -> invoke(n, "setIoNice", "fast", 0)).hasMessageContaining("unknown I/O class 'fast'");
        assertThatThrownBy(() -> invoke(n, "renice", 40)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> invoke(n, "waitFor", 50L)).isInstanceOf(MBeanException.class)
                .hasMessageContaining("TimeoutExpired").hasMessageContaining("pid=" + child.pid());
        assertThatThrownBy(() -> invoke(n, "explode")).hasMessageContaining("no operation explode");
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void readOnlyRefusesOperationsAndWrites() throws Exception {
        start("interval=1h,readOnly=true");
        Process child = spawn("sleep", "30");
        refresh();
        ObjectName n = name("child", child.pid());
        for (String op : List.of("suspend", "resume", "terminate", "kill")) {
            assertThatThrownBy(() -> invoke(n, op)).isInstanceOf(MBeanException.class)
                    .hasMessageContaining("refused").hasMessageContaining("readOnly=true");
        }
        assertThatThrownBy(() -> invoke(n, "sendSignal", "SIGKILL")).hasMessageContaining("readOnly=true");
        assertThatThrownBy(() -> invoke(n, "renice", 5)).hasMessageContaining("readOnly=true");
        assertThatThrownBy(() -> invoke(n, "setIoNice", "idle", 0)).hasMessageContaining("readOnly=true");
        assertThatThrownBy(() -> invoke(n, "setCpuAffinity", "0")).hasMessageContaining("readOnly=true");
        assertThatThrownBy(() -> invoke(n, "setRlimit", "nofile", 8L, 8L)).hasMessageContaining("readOnly=true");
        assertThatThrownBy(() -> invoke(n, "setOomScoreAdj", 900)).hasMessageContaining("readOnly=true");
        assertThat(Files.readString(Path.of("/proc/" + child.pid() + "/oom_score_adj")).trim()).isEqualTo("0");
        assertThat((long[]) invoke(n, "rlimit", "nofile")).doesNotContain(8L); // reading is not refused
        assertThatThrownBy(() -> server.setAttribute(n, new Attribute("Nice", 5))).hasMessageContaining("readOnly=true");
        MBeanAttributeInfo nice = Arrays.stream(server.getMBeanInfo(n).getAttributes())
                .filter(a -> a.getName().equals("Nice")).findFirst().orElseThrow();
        assertThat(nice.isWritable()).isFalse();
        assertThat(stat(child.pid())[0]).as("not stopped (it may still be running into its sleep)").isIn("S", "R");
        assertThat(stat(child.pid())[16]).isEqualTo("0");
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void signalsToTheHostItselfAreRefusedUnlessAllowed() throws Exception {
        start("interval=1h");
        ObjectName self = name("self", SELF);
        // Only harmless signals here: if the guard failed, they must not stop this test JVM.
        assertThatThrownBy(() -> invoke(self, "sendSignal", "SIGCONT")).isInstanceOf(MBeanException.class)
                .hasMessageContaining("host JVM itself").hasMessageContaining("allowSelfSignals=true");
        assertThatThrownBy(() -> invoke(self, "sendSignal", "0")).hasMessageContaining("allowSelfSignals=true");
        invoke(self, "resume"); // not a guarded signal
        sampler.close();

        start("interval=1h,allowSelfSignals=true");
        invoke(self, "sendSignal", "0");
        invoke(self, "sendSignal", "SIGCONT");
    }

    @Test
    void cpuPercentIsTheSamplersWindowAndTheSameForEveryRead() throws Exception {
        start("interval=1h");
        Process busy = spawn("sh", "-c", "while :; do :; done");
        Process idle = spawn("sleep", "30");
        refresh();
        // The kernel's own account of the same window, give or take the few ms that refresh takes.
        long t0 = System.nanoTime();
        double c0 = cpuSeconds(busy.pid());
        Thread.sleep(1000);
        double c1 = cpuSeconds(busy.pid());
        long t1 = System.nanoTime();
        refresh();
        double expected = (c1 - c0) / ((t1 - t0) / 1e9) * 100;
        double b = (Double) server.getAttribute(name("child", busy.pid()), "CpuPercent");
        assertThat(b).isCloseTo(expected, org.assertj.core.data.Offset.offset(10.0)).isGreaterThan(0.0);
        assertThat(server.getAttribute(name("child", busy.pid()), "CpuPercent")).isEqualTo(b); // reads change nothing
        assertThat((Double) server.getAttribute(name("child", idle.pid()), "CpuPercent")).isLessThan(2.0);
        double sys = (Double) server.getAttribute(Sampler.SYSTEM_NAME, "CpuPercent");
        assertThat(sys).isEqualTo(server.getAttribute(Sampler.SYSTEM_NAME, "CpuPercent")); // the same for every read
    }

    @Test
    void childrenFalseTracksOnlyTheHost() throws Exception {
        start("interval=1h,children=false");
        Process child = spawn("sleep", "30");
        refresh();
        assertThat(server.queryNames(new ObjectName("jpsutil:type=Process,*"), null)).containsExactly(name("self", SELF));
        assertThat(server.getAttribute(Sampler.AGENT_NAME, "TrackedProcesses")).isEqualTo(1);
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void watchAndUnwatchAnyProcess() throws Exception {
        start("interval=1h,children=false,watch=any"); // pid 1 below is an ancestor, admitted only with watch=any
        Process other = spawn("sleep", "30");
        ObjectName n = name("watched", other.pid());
        assertThat(server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{other.pid()}, new String[]{"long"}))
                .isEqualTo(n.toString());
        assertThat(((CompositeData) next(AgentMBean.STARTED).getUserData()).get("scope")).isEqualTo("watched");
        assertThat(server.getAttribute(n, "Name")).isEqualTo("sleep");
        assertThatThrownBy(() -> server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{other.pid()}, new String[]{"long"}))
                .hasMessageContaining("already tracked");
        assertThatThrownBy(() -> server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{SELF}, new String[]{"long"}))
                .hasMessageContaining("host JVM");
        assertThatThrownBy(() -> server.invoke(Sampler.AGENT_NAME, "unwatch", new Object[]{SELF}, new String[]{"long"}))
                .hasMessageContaining("scope=self");
        assertThat(server.invoke(Sampler.AGENT_NAME, "unwatch", new Object[]{other.pid()}, new String[]{"long"})).isEqualTo(true);
        assertThat(server.isRegistered(n)).isFalse();
        assertThat(server.invoke(Sampler.AGENT_NAME, "unwatch", new Object[]{other.pid()}, new String[]{"long"})).isEqualTo(false);

        server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{1L}, new String[]{"long"});
        assertThat(server.getAttribute(name("watched", 1), "Pid")).isEqualTo(1L);
        long gone = Long.MAX_VALUE / 2;
        assertThatThrownBy(() -> server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{gone}, new String[]{"long"}))
                .hasMessageContaining("pid must be between");
    }

    @Test
    void systemAgreesWithProc() throws Exception {
        start("interval=1h");
        String meminfo = Files.readString(Path.of("/proc/meminfo"));
        long memTotal = Long.parseLong(meminfo.replaceAll("(?s).*MemTotal:\\s+(\\d+) kB.*", "$1")) * 1024;
        long swapTotal = Long.parseLong(meminfo.replaceAll("(?s).*SwapTotal:\\s+(\\d+) kB.*", "$1")) * 1024;
        assertThat(server.getAttribute(Sampler.SYSTEM_NAME, "MemoryTotalBytes")).isEqualTo(memTotal);
        assertThat(server.getAttribute(Sampler.SYSTEM_NAME, "SwapTotalBytes")).isEqualTo(swapTotal);
        String btime = Files.readString(Path.of("/proc/stat")).replaceAll("(?s).*\nbtime (\\d+)\n.*", "$1");
        assertThat(server.getAttribute(Sampler.SYSTEM_NAME, "BootTimeSeconds")).isEqualTo(Double.parseDouble(btime));
        AttributeList l = server.getAttributes(Sampler.SYSTEM_NAME,
                new String[]{"MemoryTotalBytes", "MemoryAvailableBytes", "MemoryFreeBytes", "MemoryPercent"});
        long total = (Long) ((Attribute) l.get(0)).getValue();
        long avail = (Long) ((Attribute) l.get(1)).getValue();
        long kernelAvail = Long.parseLong(Files.readString(Path.of("/proc/meminfo"))
                .replaceAll("(?s).*MemAvailable:\\s+(\\d+) kB.*", "$1")) * 1024;
        assertThat(avail).isCloseTo(kernelAvail, org.assertj.core.data.Offset.offset(total / 50)); // other work moves it
        assertThat((Double) ((Attribute) l.get(3)).getValue()).isCloseTo((total - avail) * 100.0 / total,
                org.assertj.core.data.Offset.offset(0.1));
    }
}
