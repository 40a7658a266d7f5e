package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.rmi.AccessException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jmx PID}: the agent's own connector, driven by the command line as an operator runs it,
 * checked with real remote JMX clients. The roles are checked against the table of
 * reliability.md, which this test reads.
 */
class JmxConnectorIT {
    static final Path RELIABILITY = Path.of(System.getProperty("jpsutil.reliability.md", "../src/site/markdown/reliability.md"));
    static final ObjectName MEMORY = AgentIT.name("java.lang:type=Memory");
    static final ObjectName RUNTIME = AgentIT.name("java.lang:type=Runtime");
    static final ObjectName DCMD = AgentIT.name("com.sun.management:type=DiagnosticCommand");
    static final ObjectName HOTSPOT = AgentIT.name("com.sun.management:type=HotSpotDiagnostic");
    static final Pattern URL = Pattern.compile("service:jmx:rmi:///jndi/rmi://127\\.0\\.0\\.1:(\\d+)/jmxrmi");
    /** Options looser than the default: what the readwrite user of the finding loaded. */
    static final String LOOSER = "allowSelfSignals=true,watch=any";

    @TempDir
    Path tmp;

    static Stream<Path> javas() {
        return AgentIT.javas();
    }

    /** One call of the table, made as a user on a host whose child is {@code child}. */
    interface Call {
        void on(MBeanServerConnection mbs, long child, Path tmp) throws Exception;
    }

    static final Map<String, Call> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("read jpsutil's attributes", (m, c, t) -> {
            m.getAttribute(AgentIT.AGENT, "Options");
            m.getAttribute(AgentIT.process("child", c), "ResidentMemoryBytes");
        });
        CALLS.put("read the JDK's attributes", (m, c, t) -> m.getAttribute(RUNTIME, "VmName"));
        CALLS.put("listen to notifications", (m, c, t) -> {
            NotificationListener l = (n, h) -> { };
            m.addNotificationListener(AgentIT.AGENT, l, null, null);
            m.removeNotificationListener(AgentIT.AGENT, l);
        });
        CALLS.put("invoke jpsutil's operations", (m, c, t) ->
                m.invoke(AgentIT.process("child", c), "renice", new Object[]{3}, new String[]{"int"}));
        CALLS.put("set jpsutil's attributes", (m, c, t) -> m.setAttribute(AgentIT.process("child", c), new Attribute("Nice", 4)));
        CALLS.put("invoke the JDK's operations", (m, c, t) -> m.invoke(MEMORY, "gc", null, null));
        CALLS.put("set the JDK's attributes", (m, c, t) -> m.setAttribute(MEMORY, new Attribute("Verbose", false)));
        CALLS.put("DiagnosticCommand jvmtiAgentLoad", (m, c, t) -> m.invoke(DCMD, "jvmtiAgentLoad",
                new Object[]{new String[]{agentJarWithoutSpaces(t).toString(), "\"" + LOOSER + "\""}}, new String[]{String[].class.getName()}));
        CALLS.put("HotSpotDiagnostic dumpHeap", (m, c, t) -> m.invoke(HOTSPOT, "dumpHeap",
                new Object[]{Files.createTempDirectory(t, "dump").resolve("heap.hprof").toString(), true},
                new String[]{String.class.getName(), "boolean"}));
        CALLS.put("create an MBean", (m, c, t) -> m.createMBean("javax.management.timer.Timer", AgentIT.name("jpsutiltest:type=Timer")));
        CALLS.put("unregister an MBean", (m, c, t) -> m.unregisterMBean(AgentIT.process("child", c)));
    }

    /** The agent jar where a diagnostic command's arguments can name it: they are split at spaces. */
    static Path agentJarWithoutSpaces(Path tmp) throws java.io.IOException {
        Path jar = HostJvm.AGENT_JAR.toAbsolutePath();
        if (!jar.toString().contains(" ")) return jar;
        Path copy = tmp.resolve("jpsutil-agent.jar");
        if (!Files.exists(copy)) Files.copy(jar, copy);
        return copy;
    }

    /** The table of reliability.md: call -> column -> allowed. */
    static Map<String, Map<String, Boolean>> table() throws Exception {
        Map<String, Map<String, Boolean>> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : Files.readAllLines(RELIABILITY)) {
            if (!line.startsWith("| ")) {
                if (header != null && !rows.isEmpty()) break; // the table ended: other tables are not its rows
                continue;
            }
            List<String> cells = Stream.of(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList();
            if (cells.get(0).equals("Call")) {
                header = cells;
                continue;
            }
            if (header == null || cells.get(0).startsWith("---")) continue;
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (int i = 1; i < cells.size(); i++) row.put(header.get(i), cells.get(i).equals("yes"));
            rows.put(cells.get(0), row);
        }
        return rows;
    }

    /** Runs the command line with {@code stdin}; JVM options first (e.g. a serialization filter). */
    static CliIT.Result cli(String stdin, List<String> jvmArgs, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", HostJvm.AGENT_JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return CliIT.exec(new ProcessBuilder(cmd), stdin);
    }

    static String openConnector(long pid, String stdin, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("jmx", Long.toString(pid)));
        args.addAll(List.of(options));
        CliIT.Result r = cli(stdin, List.of(), args.toArray(String[]::new)).succeeds();
        assertThat(r.out()).startsWith("JMX of pid " + pid + ": service:jmx:rmi:///jndi/rmi://127.0.0.1:");
        return r.out();
    }

    static JMXServiceURL url(String out) throws Exception {
        Matcher m = URL.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new JMXServiceURL(m.group());
    }

    static JMXConnector as(JMXServiceURL url, String user, String password) throws Exception {
        return JMXConnectorFactory.connect(url, user == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[]{user, password}));
    }

    /** Whether the role guard let the call through (whatever the MBean then answered). */
    static boolean allowed(String what, Call call, MBeanServerConnection mbs, long child, Path tmp) {
        try {
            call.on(mbs, child, tmp);
            return true;
        } catch (SecurityException e) {
            assertThat(e).hasMessageStartingWith("Access denied");
            return false;
        } catch (Exception e) {
            throw new AssertionError(what + ": neither allowed nor refused: " + e, e);
        }
    }

    @ParameterizedTest
    @MethodSource("javas")
    void everyRoleDoesWhatTheTableOfReliabilityMdSaysAndNoMore(Path java) throws Exception {
        Map<String, Map<String, Boolean>> table = table();
        assertThat(table.keySet()).as("rows of the table in %s", RELIABILITY).containsExactlyElementsOf(CALLS.keySet());
        Map<String, Boolean> seen = new LinkedHashMap<>();
        // one connector per JVM: readonly and readwrite on one, --platform-write and --no-auth on others
        try (HostJvm a = HostJvm.start(java, "interval=1m"); HostJvm b = HostJvm.start(java, "interval=1m");
             HostJvm c = HostJvm.start(java, "interval=1m")) {
            Map<String, String> before = new LinkedHashMap<>();
            List<Object[]> columns = new ArrayList<>();
            for (HostJvm h : List.of(a, b, c)) h.awaitAgent();
            JMXServiceURL ua = url(openConnector(a.pid, "ro r3ad-only\nrw wr1te-it\n", "--readonly-user", "ro", "--readwrite-user", "rw",
                    "--password-file", "-"));
            JMXServiceURL ub = url(openConnector(b.pid, "rw wr1te-it\n", "--readwrite-user", "rw", "--password-file", "-", "--platform-write"));
            JMXServiceURL uc = url(openConnector(c.pid, "", "--no-auth"));
            columns.add(new Object[]{"readonly", a, ua, "ro", "r3ad-only"});
            columns.add(new Object[]{"readwrite", a, ua, "rw", "wr1te-it"});
            columns.add(new Object[]{"readwrite, --platform-write", b, ub, "rw", "wr1te-it"});
            columns.add(new Object[]{"--no-auth", c, uc, null, null});

            // no password, a wrong one, an unknown user: no connection
            assertThatThrownBy(() -> as(ua, null, null)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> as(ua, "ro", "wr1te-it")).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> as(ua, "admin", "r3ad-only")).isInstanceOf(SecurityException.class);

            for (Object[] col : columns) {
                HostJvm h = (HostJvm) col[1];
                long child = h.spawn("sleep 120");
                MBeanServerConnection local = h.connect();
                local.invoke(AgentIT.AGENT, "refresh", null, null);
                before.put((String) col[0], (String) local.getAttribute(AgentIT.AGENT, "Options"));
                try (JMXConnector jc = as((JMXServiceURL) col[2], (String) col[3], (String) col[4])) {
                    MBeanServerConnection mbs = jc.getMBeanServerConnection();
                    for (Map.Entry<String, Call> call : CALLS.entrySet()) {
                        boolean ok = allowed(call.getKey() + " as " + col[0], call.getValue(), mbs, child, tmp);
                        seen.put(call.getKey() + " / " + col[0], ok);
                        assertThat(ok).as("%s as %s", call.getKey(), col[0]).isEqualTo(table.get(call.getKey()).get((String) col[0]));
                    }
                }
                // the jvmtiAgentLoad that went through (--platform-write) loosened nothing: it has no attach proof
                Thread.sleep(500);
                assertThat(local.getAttribute(AgentIT.AGENT, "Options")).isEqualTo(before.get((String) col[0]));
            }
            assertThat(String.join("\n", b.stderr())).contains("jpsutil: refused allowSelfSignals=true, watch=any");
            assertThat(a.stderr()).noneMatch(l -> l.contains("refused allowSelfSignals"));
            for (HostJvm h : List.of(a, b, c)) assertThat(h.send("ping")).isEqualTo("PONG");

            // what a client sends is filtered like what the command line receives: no class outside JMX's
            try (JMXConnector anyone = as(uc, null, null)) {
                MBeanServerConnection m = anyone.getMBeanServerConnection();
                assertThatThrownBy(() -> m.addNotificationListener(AgentIT.AGENT, RUNTIME, null, new java.io.File("/etc/passwd")))
                        .hasStackTraceContaining("REJECTED");
                String accepted = "not refused by the filter";
                try {
                    m.addNotificationListener(AgentIT.AGENT, RUNTIME, null, "a string");
                } catch (Exception e) { // Runtime is no NotificationListener: the server says so, after the filter
                    accepted = String.valueOf(e);
                }
                assertThat(accepted).doesNotContain("REJECTED");
            }

            // nobody rebinds the registry's name to a stub of their own
            Registry registry = LocateRegistry.getRegistry("127.0.0.1", port(ua));
            assertThat(registry.list()).containsExactly("jmxrmi");
            Remote impostor = new Remote() {
            };
            Remote stub = UnicastRemoteObject.exportObject(impostor, 0);
            try {
                // the registry's filter refuses a stub before its access check is reached; unbind reaches it
                assertThatThrownBy(() -> registry.rebind("jmxrmi", stub)).isInstanceOf(RemoteException.class);
                assertThatThrownBy(() -> registry.bind("other", stub)).isInstanceOf(RemoteException.class);
                assertThatThrownBy(() -> registry.unbind("jmxrmi")).isInstanceOf(RemoteException.class)
                        .cause().isInstanceOf(AccessException.class).hasMessageContaining("Cannot modify this registry");
            } finally {
                UnicastRemoteObject.unexportObject(impostor, true);
            }
            assertThat(registry.list()).containsExactly("jmxrmi");
            try (JMXConnector ro = as(ua, "ro", "r3ad-only")) {
                assertThat(ro.getMBeanServerConnection().getAttribute(AgentIT.AGENT, "HostPid")).isEqualTo(a.pid);
            }
        }
        assertThat(seen).hasSize(CALLS.size() * 4);
    }

    private static int port(JMXServiceURL url) {
        Matcher m = URL.matcher(url.toString());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    static String keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(KEYTOOL.toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd.toArray(String[]::new));
    }

    /** JmxProbe in a JVM of its own, with these javax.net.ssl properties; its one line of output. */
    static String probe(JMXServiceURL url, String user, String password, String mode, String... ssl) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(ssl));
        cmd.addAll(List.of("-cp", HostJvm.TEST_CLASSES.toAbsolutePath().toString(), JmxProbe.class.getName(),
                url.toString(), user, password, mode));
        return Proc.run(cmd.toArray(String[]::new)).trim();
    }

    static String[] trust(Path store) {
        return new String[]{"-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit"};
    }

    @Test
    void selfSignedTlsReadsWithTheTrustStoreAndRefusesPlainTextAndStrangers() throws Exception {
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m")) {
            host.awaitAgent();
            String out = openConnector(host.pid, "ro s3cret\n", "--readonly-user", "ro", "--password-file", "-", "--tls-self-signed");
            assertThat(out.lines().findFirst().orElseThrow()).contains("(TLS, certificate SHA-256 ");
            String pem = out.substring(out.indexOf("-----BEGIN CERTIFICATE-----"), out.indexOf("-----END CERTIFICATE-----") + 25);
            Files.writeString(tmp.resolve("jmx.pem"), pem + "\n");
            Path trust = tmp.resolve("trust.p12");
            keytool("-importcert", "-noprompt", "-alias", "jpsutil", "-file", tmp.resolve("jmx.pem").toString(),
                    "-keystore", trust.toString(), "-storepass", "changeit");
            // the fingerprint printed is the certificate's
            assertThat(keytool("-printcert", "-file", tmp.resolve("jmx.pem").toString()).replace(" ", ""))
                    .contains(out.replaceAll("(?s).*SHA-256 ([0-9A-F:]+)\\).*", "$1"));
            JMXServiceURL url = url(out);

            assertThat(probe(url, "ro", "s3cret", "tls", trust(trust))).startsWith("OK interval=1m,");
            // new options restart the sampler, not the connector
            CliIT.cli("attach", Long.toString(host.pid), "interval=2s").succeeds();
            assertThat(probe(url, "ro", "s3cret", "tls", trust(trust))).startsWith("OK interval=2s,");
            assertThat(probe(url, "ro", "wrong", "tls", trust(trust))).startsWith("FAILED java.lang.SecurityException");
            // plain text against TLS: the registry does not even answer
            assertThat(probe(url, "ro", "s3cret", "plain", trust(trust))).startsWith("FAILED");
            // the JDK's default trust store does not know the certificate
            assertThat(probe(url, "ro", "s3cret", "tls")).startsWith("FAILED").contains("javax.net.ssl.SSLHandshakeException");
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }

    @Test
    void tlsWithAKeystoreAndClientCertificates() throws Exception {
        Path server = tmp.resolve("server.p12"), client = tmp.resolve("client.p12"), trust = tmp.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=jpsutil-test-server", "-validity", "2",
                "-keystore", server.toString(), "-storepass", "serverpass");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-dname", "CN=jpsutil-test-client", "-validity", "2",
                "-keystore", client.toString(), "-storepass", "clientpass");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", client.toString(), "-storepass", "clientpass",
                "-file", tmp.resolve("client.pem").toString());
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", server.toString(), "-storepass", "serverpass",
                "-file", tmp.resolve("server.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", tmp.resolve("server.pem").toString(),
                "-keystore", trust.toString(), "-storepass", "changeit");
        Files.writeString(tmp.resolve("users"), "ops pa55\n");
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m")) {
            host.awaitAgent();
            cli("", List.of(), "jmx", Long.toString(host.pid), "--readonly-user", "ops", "--password-file", tmp.resolve("users").toString())
                    .failsWith(2, "is readable by every user of this machine; chmod 600 it");
            Files.setPosixFilePermissions(tmp.resolve("users"), PosixFilePermissions.fromString("rw-------"));
            // a wrong keystore password: the JVM says why, and nothing opens
            cli("wrongpass\n", List.of(), "jmx", Long.toString(host.pid), "--readonly-user", "ops", "--password-file",
                    tmp.resolve("users").toString(), "--tls-keystore", server.toString(), "--tls-keystore-password-file", "-")
                    .failsWith(1, "did not open the JMX connector: failed at");
            String out = openConnector(host.pid, "serverpass\n", "--readonly-user", "ops", "--password-file",
                    tmp.resolve("users").toString(), "--tls-keystore", server.toString(), "--tls-keystore-password-file", "-",
                    "--tls-client-ca", tmp.resolve("client.pem").toString());
            assertThat(out).contains("(TLS, client certificate, certificate SHA-256").contains("CERTIFICATE");
            JMXServiceURL url = url(out);
            String[] withKey = Stream.concat(Stream.of(trust(trust)), Stream.of("-Djavax.net.ssl.keyStore=" + client,
                    "-Djavax.net.ssl.keyStorePassword=clientpass")).toArray(String[]::new);
            assertThat(probe(url, "ops", "pa55", "tls", withKey)).startsWith("OK interval=1m,");
            assertThat(probe(url, "ops", "pa55", "tls", trust(trust))).startsWith("FAILED");
        }
    }

    @Test
    void theHostStillExitsWhenItsMainThreadEndsWithAClientConnected() throws Exception {
        Process host = new ProcessBuilder(AgentIT.javas().findFirst().orElseThrow().toString(),
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1m",
                "-cp", HostJvm.TEST_CLASSES.toAbsolutePath().toString(), BriefHost.class.getName(), "8000")
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            String ready = lines.readLine();
            assertThat(ready).startsWith("READY ");
            long pid = Long.parseLong(ready.substring(6));
            CliIT.Result r = null;
            for (int i = 0; i < 100 && (r == null || r.status() != 0); i++) { // until the agent's thread has registered its MBeans
                if (r != null) Thread.sleep(50);
                r = cli("", List.of(), "jmx", Long.toString(pid), "--no-auth");
            }
            JMXConnector c = as(url(r.succeeds().out()), null, null);
            assertThat(c.getMBeanServerConnection().getAttribute(AgentIT.AGENT, "HostPid")).isEqualTo(pid);
            long start = System.nanoTime();
            assertThat(host.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the host exits on its own").isTrue();
            assertThat(host.exitValue()).isZero();
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
            assertThatThrownBy(c::close).as("the client's connection went with the host").isInstanceOf(java.io.IOException.class);
        } finally {
            host.destroyForcibly().waitFor();
        }
    }
}
