package io.github.jpsutil.agent.cli;

import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code jmx PID}: starts the target's own JMX remote connector through the Attach API, with
 * password authentication unless {@code --no-auth} says otherwise.
 */
final class JmxCommand {
    private JmxCommand() {
    }

    static int run(List<String> args, PrintStream out) throws Cli.Failure {
        if (args.isEmpty()) throw Cli.usage("jmx needs a PID (see jmx --help)");
        long pid = Target.parsePid(args.get(0));
        int port = -1;
        String bind = "127.0.0.1";
        boolean noAuth = false;
        Map<String, String[]> users = new LinkedHashMap<>(); // name -> {password, access}
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-auth":
                    noAuth = true;
                    break;
                case "--port":
                case "--bind":
                case "--readonly-user":
                case "--readwrite-user": {
                    if (i + 1 >= args.size()) throw Cli.usage(a + " needs a value");
                    String v = args.get(++i);
                    if (a.equals("--port")) port = port(v);
                    else if (a.equals("--bind")) bind = bindAddress(v);
                    else addUser(users, v, a.equals("--readonly-user") ? "readonly" : "readwrite");
                    break;
                }
                default:
                    throw Cli.usage("unknown option '" + a + "' (see jmx --help)");
            }
        }
        if (noAuth && !users.isEmpty()) throw Cli.usage("--no-auth and users exclude each other");
        if (!noAuth && users.isEmpty())
            throw Cli.usage("refusing to open a JMX port without authentication: give --readonly-user U:P or "
                    + "--readwrite-user U:P, or --no-auth if an open port is really wanted");
        Target t = Target.check(pid);
        if (port < 0) port = freePort(bind);

        Properties props = new Properties();
        props.setProperty("com.sun.management.jmxremote.port", Integer.toString(port));
        props.setProperty("com.sun.management.jmxremote.rmi.port", Integer.toString(port));
        props.setProperty("com.sun.management.jmxremote.host", bind);
        props.setProperty("com.sun.management.jmxremote.ssl", "false");
        props.setProperty("com.sun.management.jmxremote.registry.ssl", "false");
        props.setProperty("com.sun.management.jmxremote.authenticate", Boolean.toString(!noAuth));
        if (!noAuth) {
            Path dir = writeUserFiles(t, users);
            props.setProperty("com.sun.management.jmxremote.password.file", dir.resolve("jmxremote.password").toString());
            props.setProperty("com.sun.management.jmxremote.access.file", dir.resolve("jmxremote.access").toString());
        }
        VirtualMachine vm = t.attach();
        try {
            vm.startManagementAgent(props);
        } catch (IOException | RuntimeException e) {
            throw Cli.failed("pid " + pid + " did not start its JMX connector: " + Target.firstLine(e.getMessage())
                    + " (a JVM starts it once; is it running already?)");
        } finally {
            Target.detachQuietly(vm);
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        out.println("JMX of pid " + pid + ": service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi"
                + (noAuth ? "  (no authentication)" : "  (users: " + String.join(", ", users.keySet()) + ")"));
        return 0;
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

    private static void addUser(Map<String, String[]> users, String spec, String access) throws Cli.Failure {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1)
            throw Cli.usage("bad user '" + spec + "' (expected NAME:PASSWORD)");
        String name = spec.substring(0, colon);
        if (!name.matches("[A-Za-z0-9_.-]+")) throw Cli.usage("bad user name '" + name + "' (letters, digits, _ . -)");
        String password = spec.substring(colon + 1);
        if (password.matches(".*\\s.*")) throw Cli.usage("a password may not contain spaces");
        if (users.put(name, new String[]{password, access}) != null) throw Cli.usage("user " + name + " given twice");
    }

    private static int freePort(String bind) throws Cli.Failure {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw Cli.failed("cannot find a free port on " + bind + ": " + e.getMessage());
        }
    }

    /**
     * The JDK's password and access files, readable only by the target's user, as the JDK demands.
     * They stay while the connector runs: the JDK reads them at each login.
     */
    private static Path writeUserFiles(Target t, Map<String, String[]> users) throws Cli.Failure {
        try {
            Path dir = Files.createTempDirectory("jpsutil-jmx-" + t.pid + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            StringBuilder passwords = new StringBuilder();
            StringBuilder access = new StringBuilder();
            users.forEach((name, pa) -> {
                passwords.append(name).append(' ').append(pa[0]).append('\n');
                access.append(name).append(' ').append(pa[1]).append('\n');
            });
            Path pw = write(dir.resolve("jmxremote.password"), passwords.toString());
            Path ac = write(dir.resolve("jmxremote.access"), access.toString());
            // root may open the port of another user's JVM, which must then own the files
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(t.process.username());
            for (Path p : new Path[]{dir, pw, ac}) Files.setOwner(p, owner);
            return dir;
        } catch (IOException e) {
            throw Cli.failed("cannot write the JMX password file: " + e.getMessage());
        }
    }

    private static Path write(Path p, String text) throws IOException {
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }
}
