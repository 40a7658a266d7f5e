package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar jpsutil-agent.jar COMMAND} against plain host JVMs (no agent at start), on Java 17
 * and Java 25: each command as a user runs it, checked against what the host then shows over JMX.
 */
class CliIT {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    static Stream<Path> javas() {
        return AgentIT.javas();
    }

    record Result(int status, String out, String err) {
        /** A failure is one line on stderr, never a stack trace. */
        Result failsWith(int expectedStatus, String message) {
            assertThat(status).as(this.toString()).isEqualTo(expectedStatus);
            assertThat(err).startsWith("jpsutil: ").contains(message).doesNotContain("\tat ", "Exception in thread");
            return this;
        }

        Result succeeds() {
            assertThat(status).as(this.toString()).isZero();
            assertThat(err).as("nothing on stderr, the JDK's agent warning included").isEmpty();
            return this;
        }
    }

    static Result cli(String... args) throws Exception {
        return run(List.of(), args);
    }

    /** Runs the command line with a prefix such as setpriv's; waits at most a minute. */
    static Result run(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(JAVA.toString(), "-jar", HostJvm.AGENT_JAR.toAbsolutePath().toString()));
        cmd.addAll(Arrays.asList(args));
        return exec(new ProcessBuilder(cmd), "");
    }

    /** Runs a command with {@code stdin} as its standard input; waits at most a minute. */
    static Result exec(ProcessBuilder pb, String stdin) throws Exception {
        Path out = Files.createTempFile("jpsutil-cli", ".out");
        Path err = Files.createTempFile("jpsutil-cli", ".err");
        Path in = Files.createTempFile("jpsutil-cli", ".in");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        Process p = pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("cli " + pb.command() + " ends").isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(in);
        }
    }

    private static List<ObjectName> jpsutilBeans(MBeanServerConnection mbs) throws Exception {
        return new ArrayList<>(mbs.queryNames(new ObjectName("jpsutil:*"), null));
    }

    private static List<String> threadNames(MBeanServerConnection mbs) throws Exception {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        return Arrays.stream(threads.dumpAllThreads(false, false)).map(ThreadInfo::getThreadName).toList();
    }

    /** Waits until the host shows the child's MBean (the sampler registers it within an interval). */
    private static void awaitBean(MBeanServerConnection mbs, ObjectName name) throws Exception {
        for (int i = 0; i < 200 && !mbs.isRegistered(name); i++) Thread.sleep(50);
        assertThat(mbs.isRegistered(name)).as(name + " registered").isTrue();
    }

    @ParameterizedTest
    @MethodSource("javas")
    void listAttachReattachTopDetachAttachAndJmx(Path java) throws Exception {
        try (HostJvm host = HostJvm.startWithoutAgent(java)) {
            String pid = Long.toString(host.pid);
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connect();
            assertThat(jpsutilBeans(mbs)).isEmpty();

            assertThat(cli("list").succeeds().out.lines())
                    .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly(pid, "no", Host.class.getName()));

            assertThat(cli("attach", pid, "interval=1s").succeeds().out)
                    .isEqualTo("jpsutil started in pid " + pid + " with interval=1s,children=true,readOnly=false,allowSelfSignals=false,watch=own,events=auto,exitedKept=100\n");
            ObjectName childBean = AgentIT.process("child", child);
            awaitBean(mbs, childBean);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "IntervalSeconds")).isEqualTo(1.0);
            assertThat(jpsutilBeans(mbs).stream().filter(n -> !AgentIT.isDevice(n))).hasSize(5); // Agent, System, self, the child, the host's Container
            assertThat(cli("list").succeeds().out.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith(String.format("%8s  %-8s  %s", pid, "yes", Host.class.getName())).contains("interval=1s"));

            assertThat(cli("attach", pid, "interval=1s").succeeds().out).contains("already runs").endsWith("nothing changed\n");
            assertThat(cli("attach", pid, "interval=2s,readOnly=true").succeeds().out)
                    .contains("now runs with interval=2s,children=true,readOnly=true", "(was interval=1s");
            awaitBean(mbs, childBean);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "IntervalSeconds")).isEqualTo(2.0);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "ReadOnly")).isEqualTo(true);
            assertThat(jpsutilBeans(mbs).stream().filter(n -> !AgentIT.isDevice(n))).as("nothing registered twice").hasSize(5);
            // options as separate arguments mean the same as one comma-separated argument
            assertThat(cli("attach", pid, "interval=2s", "readOnly=true").succeeds().out).contains("already runs");
            assertThat(threadNames(mbs).stream().filter(n -> n.equals("jpsutil-sampler"))).hasSize(1);

            String frame = cli("top", pid, "--once").succeeds().out;
            List<String> lines = frame.lines().toList();
            assertThat(lines.get(0)).startsWith("jpsutil top - pid " + pid);
            assertThat(lines.get(1).trim().split("\\s+")).containsExactly("PID", "PPID", "CPU%", "RSS", "THR", "STATUS", "NAME");
            assertThat(lines).anySatisfy(l -> assertThat(l.trim().split("\\s+")).startsWith(pid).endsWith("java"));
            assertThat(lines).anySatisfy(l -> assertThat(l.trim().split("\\s+"))
                    .startsWith(Long.toString(child), pid).endsWith("sleeping", "└─", "sleep"));

            assertThat(cli("detach", pid).succeeds().out).isEqualTo("jpsutil stopped in pid " + pid + "; its MBeans are gone\n");
            assertThat(jpsutilBeans(mbs)).isEmpty();
            assertThat(threadNames(mbs)).noneMatch(n -> n.startsWith("jpsutil"));
            cli("top", pid, "--once").failsWith(1, "jpsutil does not run in pid " + pid);
            assertThat(cli("detach", pid).succeeds().out).contains("does not run").endsWith("nothing changed\n");

            assertThat(cli("attach", pid).succeeds().out).startsWith("jpsutil started in pid " + pid + " with interval=5s");
            awaitBean(mbs, childBean);
            assertThat(jpsutilBeans(mbs).stream().filter(n -> !AgentIT.isDevice(n))).hasSize(5);

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            cli("jmx", pid, "--readonly-user", "ro:pw-ro").failsWith(2, "a password is never an argument");
            assertThat(JmxConnectorIT.cli("ro pw-ro\nrw pw-rw\n", List.of(), "jmx", pid, "--port", Integer.toString(port),
                    "--readonly-user", "ro", "--readwrite-user", "rw", "--password-file", "-").succeeds().out)
                    .isEqualTo("JMX of pid " + pid + ": service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi (plain)"
                            + "  (users: ro readonly, rw readwrite)\n");
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url).close()).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url, credentials("ro", "wrong")).close())
                    .isInstanceOf(SecurityException.class);
            try (JMXConnector ro = JMXConnectorFactory.connect(url, credentials("ro", "pw-ro"))) {
                MBeanServerConnection remote = ro.getMBeanServerConnection();
                assertThat(remote.getAttribute(childBean, "Pid")).isEqualTo(child);
                assertThatThrownBy(() -> remote.invoke(childBean, "suspend", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class);
            }
            try (JMXConnector rw = JMXConnectorFactory.connect(url, credentials("rw", "pw-rw"))) {
                MBeanServerConnection remote = rw.getMBeanServerConnection();
                remote.invoke(childBean, "suspend", new Object[0], new String[0]);
                assertThat(Proc.awaitState(child, "T")).isEqualTo("T");
                remote.invoke(childBean, "resume", new Object[0], new String[0]);
                assertThat(Proc.awaitState(child, "S")).isIn("S", "R");
            }
        }
    }

    private static Map<String, ?> credentials(String user, String password) {
        return Map.of(JMXConnector.CREDENTIALS, new String[]{user, password});
    }

    @Test
    void helpForEveryCommand() throws Exception {
        assertThat(cli("--help").succeeds().out).contains("list", "attach PID", "detach PID", "jmx PID", "top PID");
        for (String cmd : List.of("list", "attach", "detach", "jmx", "top"))
            assertThat(cli(cmd, "--help").succeeds().out).startsWith("usage: java -jar jpsutil-agent.jar " + cmd).contains("Example");
    }

    @Test
    void usageErrors() throws Exception {
        cli().failsWith(2, "no command given");
        cli("frobnicate").failsWith(2, "unknown command 'frobnicate'");
        cli("attach", "abc").failsWith(2, "'abc' is not a pid");
        cli("attach", "1", "interval=never").failsWith(2, "bad value 'never' for interval");
        cli("attach", "1", "interval=1s", "readOnly=maybe").failsWith(2, "bad value 'maybe' for readOnly");
        cli("jmx", "1", "--port", "70000", "--no-auth").failsWith(2, "bad port '70000'");
        cli("jmx", "1").failsWith(2, "refusing to open a JMX port without authentication");
        cli("top", "1", "--interval", "5").failsWith(2, "bad interval '5'");
    }

    @Test
    void noSuchPidAndNotAJvm() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        cli("attach", Long.toString(gone.pid())).failsWith(1, "no process with pid " + gone.pid());
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            cli("attach", Long.toString(sleep.pid())).failsWith(1, "pid " + sleep.pid() + " (sleep) is not a Java virtual machine");
            cli("top", Long.toString(sleep.pid()), "--once").failsWith(1, "is not a Java virtual machine");
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void anotherUsersJvm() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && "root".equals(System.getProperty("user.name")),
                "needs root and setpriv to act as another user");
        try (HostJvm host = HostJvm.startWithoutAgent(AgentIT.javas().findFirst().orElseThrow())) {
            run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), "attach", Long.toString(host.pid))
                    .failsWith(1, "pid " + host.pid + " belongs to user root; only its own user (or root) can attach");
        }
    }

    @Test
    void attachDisabled() throws Exception {
        try (HostJvm host = HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(), "-XX:+DisableAttachMechanism")) {
            cli("attach", Long.toString(host.pid)).failsWith(1, "started with -XX:+DisableAttachMechanism: it accepts no attach");
        }
    }

    @Test
    void dynamicAgentLoadingDisabledOnJava25() throws Exception {
        assumeTrue(Files.isExecutable(AgentIT.JAVA_25), "needs " + AgentIT.JAVA_25);
        try (HostJvm host = HostJvm.launch(AgentIT.JAVA_25, "-XX:-EnableDynamicAgentLoading")) {
            cli("attach", Long.toString(host.pid)).failsWith(1, "refuses agents loaded while it runs");
            assertThat(host.send("mbeans")).isEqualTo("MBEANS 0");
        }
    }

    @Test
    void java25WarnsInItsOwnOutputNotInOurs() throws Exception {
        assumeTrue(Files.isExecutable(AgentIT.JAVA_25), "needs " + AgentIT.JAVA_25);
        try (HostJvm host = HostJvm.launch(AgentIT.JAVA_25)) {
            cli("attach", Long.toString(host.pid)).succeeds();
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(String.join("\n", host.stderr())).contains("WARNING: A Java agent has been loaded dynamically");
        }
    }
}
