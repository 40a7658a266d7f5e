package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Java 24 and later restrict native access: by default the JDK prints a warning on the host's
 * stderr the first time code loads a native library without it, and with
 * {@code --illegal-native-access=deny} it refuses. A Java 25 host with the agent, every attribute
 * read over JMX and every operation driven: nothing from the JDK about native access by default;
 * where it is denied, reads go on and what needs a system call names the flag that allows it.
 */
class NativeAccessIT {
    /** What the JDK prints for a restricted method or a bound native method, in any of its lines. */
    private static final List<String> JDK_NATIVE_WARNING = List.of("restricted method", "native method",
            "Restricted methods", "native access");
    static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    @BeforeEach
    void java25() {
        Assumptions.assumeTrue(Files.isExecutable(AgentIT.JAVA_25), AgentIT.JAVA_25 + " is not installed");
    }

    private static HostJvm host(String... jvmArgs) throws Exception {
        String[] args = Arrays.copyOf(jvmArgs, jvmArgs.length + 1);
        args[jvmArgs.length] = "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=200ms";
        return HostJvm.launch(AgentIT.JAVA_25, args);
    }

    /** Every attribute of every jpsutil MBean, in one getAttributes call each, as JConsole reads them. */
    private static void readEverything(MBeanServerConnection mbs, long host, long child) throws Exception {
        for (ObjectName n : List.of(AgentIT.process("self", host), AgentIT.process("child", child), AgentIT.SYSTEM, AgentIT.AGENT))
            AgentIT.readAll(mbs, n);
    }

    @Test
    void withDefaultFlagsTheJdkSaysNothingAboutNativeAccess() throws Exception {
        try (HostJvm host = host()) {
            long a = host.spawn("sleep 120"), b = host.spawn("sleep 120"), c = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            readEverything(mbs, host.pid, a);

            ObjectName na = AgentIT.process("child", a), nb = AgentIT.process("child", b), nc = AgentIT.process("child", c);
            Set<String> offered = operations(mbs, nc); // (its MBean goes once it has exited)
            Set<String> driven = new TreeSet<>();
            driven.add(op(mbs, na, "renice", 4));
            assertThat(new Proc.Stat(a).num(19)).isEqualTo(4);
            driven.add(op(mbs, na, "setIoNice", "idle", 0));
            assertThat(AgentIT.ioniceOf(a)).isEqualTo("idle 0");
            assertThat(mbs.getAttribute(na, "IoNiceClass")).isEqualTo("idle");
            driven.add(op(mbs, na, "setCpuAffinity", "0"));
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + a + "/status"))).contains("Cpus_allowed_list:\t0\n");
            driven.add(op(mbs, na, "setRlimit", "RLIMIT_NOFILE", 64L, 64L));
            driven.add(op(mbs, na, "rlimit", "RLIMIT_NOFILE"));
            assertThat((long[]) mbs.invoke(na, "rlimit", new Object[]{"RLIMIT_NOFILE"}, new String[]{"java.lang.String"}))
                    .containsExactly(64L, 64L);
            driven.add(op(mbs, na, "setOomScoreAdj", 100));
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + a + "/oom_score_adj")).trim()).isEqualTo("100");
            driven.add(op(mbs, na, "suspend"));
            assertThat(Proc.awaitState(a, "T")).isEqualTo("T");
            driven.add(op(mbs, na, "resume"));
            assertThat(Proc.awaitState(a, "S")).isEqualTo("S");
            driven.add(op(mbs, na, "sendSignal", "SIGUSR1"));
            assertThat(host.send("wait " + a)).isEqualTo("EXIT " + (128 + 10));
            driven.add(op(mbs, nb, "terminate"));
            assertThat(host.send("wait " + b)).isEqualTo("EXIT " + (128 + 15));
            assertThatThrownBy(() -> mbs.invoke(nc, "waitFor", new Object[]{200L}, new String[]{"long"}))
                    .hasMessageContaining("TimeoutExpired"); // asleep in poll on its pidfd until then
            driven.add("waitFor");
            driven.add(op(mbs, nc, "kill"));
            assertThat(host.send("wait " + c)).isEqualTo("EXIT " + (128 + 9));
            assertThat(driven).isEqualTo(offered);

            long d = host.spawn("sleep 120");
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            readEverything(mbs, host.pid, d);
            assertThat(host.stderr()).as("the host's stderr").noneMatch(NativeAccessIT::jdkNativeWarning);
            assertThat(host.stderr()).as("the host's stderr").filteredOn(l -> !l.isBlank()).isEmpty();
        }
    }

    @Test
    void whereNativeAccessIsDeniedReadsWorkAndOperationsNameTheFlag() throws Exception {
        try (HostJvm host = host("--illegal-native-access=deny")) {
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            ObjectName c = AgentIT.process("child", child);
            String before = AgentIT.kernelState(child);

            AgentIT.everyAttributeButIoNiceReads(mbs, host.pid, child);
            assertThat(mbs.getAttribute(c, "Username")).isEqualTo(Proc.run("id", "-un"));
            assertThat(mbs.getAttribute(c, "Nice")).isEqualTo(0);
            AgentIT.readAll(mbs, AgentIT.SYSTEM);
            AgentIT.readAll(mbs, AgentIT.AGENT);
            assertThatThrownBy(() -> mbs.getAttribute(c, "IoNiceClass")).isInstanceOf(MBeanException.class)
                    .hasMessageContaining("ioprio_get needs native access, which is denied").hasMessageContaining("add " + FLAG);

            Map<String, Object[]> ops = new LinkedHashMap<>();
            ops.put("renice", new Object[]{5});
            ops.put("setIoNice", new Object[]{"idle", 0});
            ops.put("suspend", new Object[0]);
            ops.put("resume", new Object[0]);
            ops.put("sendSignal", new Object[]{"SIGUSR1"});
            ops.put("terminate", new Object[0]);
            ops.put("kill", new Object[0]);
            for (Map.Entry<String, Object[]> op : ops.entrySet())
                assertThatThrownBy(() -> op(mbs, c, op.getKey(), op.getValue())).as(op.getKey())
                        .isInstanceOf(MBeanException.class).hasMessageContaining("needs native access, which is denied")
                        .hasMessageContaining(FLAG).satisfies(AgentIT::onlyJdkTypes);
            assertThat(AgentIT.kernelState(child)).as("nothing changed").isEqualTo(before);

            List<String> agentLines = host.agentLines(5_000);
            assertThat(agentLines.get(0)).contains("denies native access").contains("add " + FLAG);
            assertThat(host.stderr()).noneMatch(l -> l.startsWith("WARNING"));
        }
    }

    @Test
    void deniedButEnabledForTheClassPathTheAgentActs() throws Exception {
        try (HostJvm host = host("--illegal-native-access=deny", FLAG)) {
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            ObjectName c = AgentIT.process("child", child);
            op(mbs, c, "renice", 3);
            assertThat(new Proc.Stat(child).num(19)).isEqualTo(3);
            readEverything(mbs, host.pid, child);
            assertThat(host.stderr()).filteredOn(l -> !l.isBlank()).isEmpty();
        }
    }

    /** Invokes an operation with int and String parameters; returns its name. */
    private static String op(MBeanServerConnection mbs, ObjectName n, String name, Object... params) throws Exception {
        String[] sig = Arrays.stream(params).map(p -> p instanceof Integer ? "int" : p instanceof Long ? "long" : "java.lang.String")
                .toArray(String[]::new);
        mbs.invoke(n, name, params, sig);
        return name;
    }

    private static Set<String> operations(MBeanServerConnection mbs, ObjectName n) throws Exception {
        return Arrays.stream(mbs.getMBeanInfo(n).getOperations()).map(MBeanOperationInfo::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    static boolean jdkNativeWarning(String line) {
        return JDK_NATIVE_WARNING.stream().anyMatch(line::contains);
    }
}
