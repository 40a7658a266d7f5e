package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Remote JMX with the JDK's own connector (com.sun.management.jmxremote on an ephemeral port on
 * 127.0.0.1, password and access files, no TLS), as an operator would set it up: a {@code readonly}
 * user reads every attribute of every jpsutil MBean but invokes nothing and sets nothing; a
 * {@code readwrite} user acts, on the processes the agent exposes only (the host, its descendants
 * and what watch added); with the agent's {@code readOnly=true} not even the readwrite user acts.
 */
class RemoteSecurityIT {
    static final String STRING = "java.lang.String", INT = "int", LONG = "long";
    /** Every operation of a Process MBean, with harmless arguments. */
    static final List<Object[]> PROCESS_OPS = List.of(new Object[]{"suspend"}, new Object[]{"resume"},
            new Object[]{"terminate"}, new Object[]{"kill"}, new Object[]{"sendSignal", "SIGUSR1"},
            new Object[]{"renice", 5}, new Object[]{"setIoNice", "idle", 0}, new Object[]{"waitFor", 1L});

    @TempDir
    Path tmp;

    private HostJvm startWithConnector(String agentOptions) throws Exception {
        Path password = tmp.resolve("jmxremote.password"), access = tmp.resolve("jmxremote.access");
        Files.writeString(password, "readonly r3ad\nreadwrite wr1te\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------")); // the JDK insists
        Files.writeString(access, "readonly readonly\nreadwrite readwrite\n");
        return HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(),
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=" + agentOptions,
                "-Dcom.sun.management.jmxremote.port=0", "-Dcom.sun.management.jmxremote.rmi.port=0",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.registry.ssl=false",
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.password.file=" + password,
                "-Dcom.sun.management.jmxremote.access.file=" + access);
    }

    /** The connector's address, from the JVM's performance counters (the port is the kernel's choice). */
    private static JMXServiceURL remoteAddress(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < 100; i++) {
            for (String line : Proc.run(jcmd, Long.toString(pid), "PerfCounter.print").split("\n"))
                if (line.startsWith("sun.management.JMXConnectorServer.0.remoteAddress="))
                    return new JMXServiceURL(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')));
            Thread.sleep(100);
        }
        throw new IllegalStateException("no remote JMX address for " + pid);
    }

    private static JMXConnector as(JMXServiceURL url, String user, String password) throws Exception {
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[]{user, password}));
    }

    private static void invoke(MBeanServerConnection mbs, ObjectName n, Object[] op) throws Exception {
        Object[] params = Arrays.copyOfRange(op, 1, op.length);
        String[] sig = Arrays.stream(params).map(p -> p instanceof Integer ? INT : p instanceof Long ? LONG : STRING).toArray(String[]::new);
        mbs.invoke(n, (String) op[0], params, sig);
    }

    private static String stateOf(long pid) throws Exception {
        Proc.Stat st = new Proc.Stat(pid);
        return st.get(3) + " nice=" + st.get(19) + " start=" + st.get(22) + " io=" + AgentIT.ioniceOf(pid);
    }

    @Test
    void readonlyReadsEverythingAndActsNeverReadwriteActsOnExposedProcessesOnly() throws Exception {
        Process outsider = new ProcessBuilder("sleep", "120").start(); // the test's, not the host's
        long other = outsider.pid();
        try (HostJvm host = startWithConnector("interval=1m")) {
            long child = host.spawn("sleep 120");
            host.awaitAgent();
            JMXServiceURL url = remoteAddress(host.pid);
            ObjectName c = AgentIT.process("child", child);

            // no password, a wrong one, an unknown user: no connection
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> as(url, "readonly", "wrong")).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> as(url, "admin", "r3ad")).isInstanceOf(SecurityException.class);

            try (JMXConnector ro = as(url, "readonly", "r3ad"); JMXConnector rw = as(url, "readwrite", "wr1te")) {
                MBeanServerConnection r = ro.getMBeanServerConnection(), w = rw.getMBeanServerConnection();
                w.invoke(AgentIT.AGENT, "refresh", null, null);
                String before = stateOf(child);

                // readonly: every attribute of every jpsutil MBean reads
                Set<ObjectName> all = r.queryNames(AgentIT.name("jpsutil:*"), null);
                assertThat(all).contains(AgentIT.AGENT, AgentIT.SYSTEM, AgentIT.process("self", host.pid), c, AgentIT.name("jpsutil:type=Container,scope=self"));
                assertThat(all.stream().filter(n -> !AgentIT.isDevice(n))).hasSize(5);
                for (ObjectName n : all) AgentIT.readAll(r, n);
                // ... and no operation, no attribute set, on the processes or the agent
                for (Object[] op : PROCESS_OPS)
                    assertThatThrownBy(() -> invoke(r, c, op)).as("readonly %s", op[0]).isInstanceOf(SecurityException.class)
                            .hasMessageContaining("Access denied");
                assertThatThrownBy(() -> r.setAttribute(c, new Attribute("Nice", 5))).isInstanceOf(SecurityException.class);
                for (Object[] op : List.of(new Object[]{"refresh"}, new Object[]{"watch", other}, new Object[]{"unwatch", other}))
                    assertThatThrownBy(() -> invoke(r, AgentIT.AGENT, op)).as("readonly %s", op[0]).isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> r.unregisterMBean(c)).isInstanceOf(SecurityException.class);
                assertThat(stateOf(child)).isEqualTo(before);
                assertThat(w.queryNames(AgentIT.name("jpsutil:*"), null)).isEqualTo(all);

                // readwrite: acts on the host's child, as the kernel shows
                w.invoke(c, "renice", new Object[]{4}, new String[]{INT});
                assertThat(new Proc.Stat(child).num(19)).isEqualTo(4);
                w.setAttribute(c, new Attribute("Nice", 6));
                assertThat(new Proc.Stat(child).num(19)).isEqualTo(6);
                w.invoke(c, "suspend", null, null);
                assertThat(Proc.awaitState(child, "T")).isEqualTo("T");
                w.invoke(c, "resume", null, null);
                assertThat(Proc.awaitState(child, "S")).isEqualTo("S");

                // a process the agent does not expose has no MBean under any scope, so no operation reaches it
                assertThat(w.queryNames(AgentIT.name("jpsutil:type=Process,pid=" + other + ",*"), null)).isEmpty();
                for (String scope : List.of("child", "watched", "self"))
                    assertThatThrownBy(() -> w.invoke(AgentIT.process(scope, other), "kill", null, null))
                            .isInstanceOf(InstanceNotFoundException.class);
                // nor can a remote user put an MBean of its own under such a name
                assertThatThrownBy(() -> w.createMBean("javax.management.timer.Timer", AgentIT.process("child", other)))
                        .isInstanceOf(SecurityException.class);
                assertThat(outsider.isAlive()).isTrue();
                // watch is the door: then it is reachable, until unwatched
                ObjectName wn = AgentIT.name((String) w.invoke(AgentIT.AGENT, "watch", new Object[]{other}, new String[]{LONG}));
                assertThat(wn).isEqualTo(AgentIT.process("watched", other));
                w.invoke(wn, "renice", new Object[]{7}, new String[]{INT});
                assertThat(new Proc.Stat(other).num(19)).isEqualTo(7);
                assertThat(w.invoke(AgentIT.AGENT, "unwatch", new Object[]{other}, new String[]{LONG})).isEqualTo(true);
                assertThatThrownBy(() -> w.invoke(wn, "kill", null, null)).isInstanceOf(InstanceNotFoundException.class);
                assertThat(outsider.isAlive()).isTrue();
            }
            assertThat(host.send("ping")).isEqualTo("PONG");
        } finally {
            outsider.destroyForcibly();
            outsider.waitFor();
        }
    }

    @Test
    void withReadOnlyTrueNotEvenReadwriteActs() throws Exception {
        try (HostJvm host = startWithConnector("interval=1m,readOnly=true")) {
            long child = host.spawn("sleep 120");
            host.awaitAgent();
            try (JMXConnector rw = as(remoteAddress(host.pid), "readwrite", "wr1te")) {
                MBeanServerConnection w = rw.getMBeanServerConnection();
                w.invoke(AgentIT.AGENT, "refresh", null, null);
                ObjectName c = AgentIT.process("child", child);
                String before = stateOf(child);
                for (Object[] op : PROCESS_OPS) {
                    if (op[0].equals("waitFor")) continue; // reads, changes nothing: allowed (TimeoutExpired here)
                    assertThatThrownBy(() -> invoke(w, c, op)).as((String) op[0]).isInstanceOf(MBeanException.class)
                            .hasMessageContaining("refused").hasMessageContaining("readOnly=true")
                            .extracting(Throwable::getCause).isInstanceOf(SecurityException.class);
                }
                assertThatThrownBy(() -> w.setAttribute(c, new Attribute("Nice", 5))).hasMessageContaining("readOnly=true");
                ObjectName self = AgentIT.process("self", host.pid);
                assertThatThrownBy(() -> w.invoke(self, "renice", new Object[]{5}, new String[]{INT})).hasMessageContaining("readOnly=true");
                assertThat(stateOf(child)).isEqualTo(before);
                assertThat(new Proc.Stat(host.pid).num(19)).isEqualTo(0);
                AgentIT.readAll(w, c);
                // watch only adds a process to read: allowed, and its operations are refused as well
                Process outsider = new ProcessBuilder("sleep", "120").start();
                try {
                    ObjectName wn = AgentIT.name((String) w.invoke(AgentIT.AGENT, "watch", new Object[]{outsider.pid()},
                            new String[]{LONG}));
                    AgentIT.readAll(w, wn);
                    assertThatThrownBy(() -> w.invoke(wn, "kill", null, null)).hasMessageContaining("readOnly=true");
                    assertThat(outsider.isAlive()).isTrue();
                } finally {
                    outsider.destroyForcibly();
                    outsider.waitFor();
                }
            }
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }
}
