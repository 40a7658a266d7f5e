package io.github.jpsutil.agent.cli;

import io.github.jpsutil.agent.ConnectorRequest;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code jmx PID}: asks jpsutil in the target to open its own JMX connector (see the agent's
 * RemoteConnector), with users whose passwords leave this process only as salted hashes, through
 * the Attach API. Nothing is written to disk, so no file can be swapped or left behind.
 */
final class JmxCommand {
    /** HotSpot's attach protocol takes at most 1024 characters for the jar path and its argument together. */
    private static final int MAX_AGENT_ARGUMENT = 1024;

    private JmxCommand() {
    }

    static int run(File agentJar, List<String> args, PrintStream out) throws Cli.Failure {
        if (args.isEmpty()) throw Cli.usage("jmx needs a PID (see jmx --help)");
        long pid = Target.parsePid(args.get(0));
        int port = -1;
        String bind = "127.0.0.1", passwordFile = null, keystore = null, keystorePasswordFile = null, clientCa = null;
        boolean noAuth = false, platformWrite = false, selfSigned = false;
        Map<String, String> users = new LinkedHashMap<>(); // name -> role
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-auth" -> noAuth = true;
                case "--platform-write" -> platformWrite = true;
                case "--tls-self-signed" -> selfSigned = true;
                case "--port", "--bind", "--readonly-user", "--readwrite-user", "--password-file", "--tls-keystore",
                        "--tls-keystore-password-file", "--tls-client-ca" -> {
                    if (i + 1 >= args.size()) throw Cli.usage(a + " needs a value");
                    String v = args.get(++i);
                    switch (a) {
                        case "--port" -> port = port(v);
                        case "--bind" -> bind = bindAddress(v);
                        case "--password-file" -> passwordFile = v;
                        case "--tls-keystore" -> keystore = readable(v, a);
                        case "--tls-keystore-password-file" -> keystorePasswordFile = v;
                        case "--tls-client-ca" -> clientCa = readable(v, a);
                        default -> addUser(users, v, a.equals("--readonly-user") ? ConnectorRequest.READONLY : ConnectorRequest.READWRITE);
                    }
                }
                default -> throw Cli.usage("unknown option '" + a + "' (see jmx --help)");
            }
        }
        if (noAuth && !users.isEmpty()) throw Cli.usage("--no-auth and users exclude each other");
        if (!noAuth && users.isEmpty())
            throw Cli.usage("refusing to open a JMX port without authentication: give --readonly-user NAME or "
                    + "--readwrite-user NAME, or --no-auth for a port where anyone reads and nobody acts");
        if (noAuth && platformWrite) throw Cli.usage("--platform-write needs readwrite users");
        if (selfSigned && keystore != null) throw Cli.usage("--tls-self-signed and --tls-keystore exclude each other");
        if (clientCa != null && !selfSigned && keystore == null) throw Cli.usage("--tls-client-ca needs TLS: --tls-self-signed or --tls-keystore");
        if (keystorePasswordFile != null && keystore == null) throw Cli.usage("--tls-keystore-password-file needs --tls-keystore");
        if (Passwords.STDIN.equals(passwordFile) && Passwords.STDIN.equals(keystorePasswordFile))
            throw Cli.usage("standard input can give only one of --password-file and --tls-keystore-password-file");

        Target t = Target.check(pid);
        try (JMXConnector c = t.localJmx()) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            if (Target.agentOptions(mbs) == null)
                throw Cli.failed("jpsutil does not run in pid " + pid + "; start it first: java -jar jpsutil-agent.jar attach " + pid);
            String before = remoteStatus(mbs);
            if (before.startsWith("service:"))
                throw Cli.failed("pid " + pid + " has jpsutil's JMX connector open already: " + Cli.printable(before));
            Map<String, char[]> passwords = Passwords.of(new ArrayList<>(users.keySet()), passwordFile);
            List<ConnectorRequest.User> hashed = new ArrayList<>();
            users.forEach((name, role) -> hashed.add(ConnectorRequest.User.of(name, role, passwords.get(name))));
            char[] storepass = keystore == null ? null : Passwords.one("keystore password", keystorePasswordFile);
            if (port < 0) port = freePort(bind);
            String request = new ConnectorRequest(t.attachProof(), port, bind, hashed, platformWrite, keystore, storepass,
                    selfSigned, clientCa).encode();
            if (agentJar.getAbsolutePath().length() + 1 + request.length() > MAX_AGENT_ARGUMENT)
                throw Cli.usage("too many users, or too long paths, for one request to the JVM (its attach protocol takes 1024"
                        + " characters with the agent jar's path)");
            Commands.load(t, agentJar, request);
            String after = Commands.awaitChange(() -> remoteStatus(mbs), now -> !Objects.equals(now, before));
            if (!after.startsWith("service:"))
                throw Cli.failed("pid " + pid + " did not open the JMX connector: "
                        + (after.equals(before) ? "no answer (its stderr says why)" : Cli.printable(after)));
            out.println("JMX of pid " + pid + ": " + Cli.printable(after)
                    + (noAuth ? "  (no authentication: read-only)" : "  (users: " + describe(users) + ")"));
            if (selfSigned || keystore != null) {
                Object pem = Target.agentAttribute(mbs, "RemoteJmxCertificate");
                out.println("Its certificate, for the clients' trust store (keytool -importcert -alias jpsutil -file jmx.pem"
                        + " -keystore trust.p12), and for jconsole -J-Djavax.net.ssl.trustStore=trust.p12"
                        + " -J-Djavax.net.ssl.trustStorePassword=...:");
                out.print(Cli.printable(String.valueOf(pem)));
            }
            return 0;
        } catch (IOException e) {
            throw t.lost(e);
        }
    }

    private static String remoteStatus(MBeanServerConnection mbs) throws IOException {
        return Target.agentAttribute(mbs, "RemoteJmx") instanceof String s ? s : "";
    }

    private static String describe(Map<String, String> users) {
        List<String> parts = new ArrayList<>();
        users.forEach((name, role) -> parts.add(name + " " + role));
        return String.join(", ", parts);
    }

    private static int port(String v) throws Cli.Failure {
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Cli.usage("bad port '" + v + "' (expected 1-65535)");
    }

    private static String bindAddress(String v) throws Cli.Failure {
        try {
            return InetAddress.getByName(v).getHostAddress();
        } catch (IOException e) {
            throw Cli.usage("bad bind address '" + v + "' (expected an IP address of this machine)");
        }
    }

    private static String readable(String file, String option) throws Cli.Failure {
        Path p = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(p)) throw Cli.usage(option + ": no file " + p);
        return p.toString(); // the JVM opens it as its own user, which must be able to read it
    }

    private static void addUser(Map<String, String> users, String name, String role) throws Cli.Failure {
        if (name.contains(":"))
            throw Cli.usage("a password is never an argument (every user sees the arguments in ps): give the user name alone,"
                    + " and type the password when asked, or give --password-file");
        if (!name.matches("[A-Za-z0-9_.-]+")) throw Cli.usage("bad user name '" + name + "' (letters, digits, _ . -)");
        if (users.put(name, role) != null) throw Cli.usage("user " + name + " given twice");
    }

    private static int freePort(String bind) throws Cli.Failure {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw Cli.failed("cannot find a free port on " + bind + ": " + e.getMessage());
        }
    }
}
