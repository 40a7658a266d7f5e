package io.github.jpsutil.agent.cli;

import io.github.jpsutil.agent.Options;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar jpsutil-agent.jar COMMAND}: lists JVMs, loads jpsutil into one, unloads it,
 * opens its JMX port and shows its processes. A failure is one line on stderr and a non-zero exit
 * status (2 for a usage error), never a stack trace.
 */
public final class Cli {
    private static final Map<String, String> HELP = Map.of(
            "list", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar list",
                    "Lists the JVMs this user can attach to: pid, main class or jar, and whether jpsutil runs",
                    "in it (with its options), like jps -l. Example:",
                    "  java -jar jpsutil-agent.jar list"),
            "attach", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar attach PID [OPTIONS]",
                    "Loads jpsutil into the running JVM PID. OPTIONS are those of -javaagent, comma-separated",
                    "as there or given as separate arguments (interval=1s readOnly=true):",
                    "  interval=5s (500ms, 1m, ...)  children=true|false  readOnly=true|false  allowSelfSignals=true|false",
                    "  watch=own|any  events=auto|poll  exitedKept=100 (0 to 10000)",
                    "Attaching again applies new options, or says that nothing changed; it passes the proof that it",
                    "may attach, without which a load of the agent may only tighten them. Example:",
                    "  java -jar jpsutil-agent.jar attach 4242 interval=1s,readOnly=true"),
            "detach", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar detach PID",
                    "Unregisters every jpsutil MBean in JVM PID and stops jpsutil's thread there; a later",
                    "attach starts it again. Example:",
                    "  java -jar jpsutil-agent.jar detach 4242"),
            "jmx", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar jmx PID [--port N] [--bind ADDR] [--readonly-user NAME]...",
                    "         [--readwrite-user NAME]... [--password-file FILE|-] [--platform-write] [--no-auth]",
                    "         [--tls-self-signed | --tls-keystore FILE [--tls-keystore-password-file FILE|-]]",
                    "         [--tls-client-ca PEM]",
                    "Opens a JMX connector of jpsutil's in JVM PID (jpsutil must run there, see attach), so that",
                    "JConsole or VisualVM can connect from elsewhere. Users and roles: readonly reads every MBean;",
                    "readwrite also acts on jpsutil's MBeans; --platform-write lets readwrite act on the JDK's MBeans",
                    "too (DiagnosticCommand, HotSpotDiagnostic: that is running code as the JVM's user). --no-auth:",
                    "anyone who reaches the port reads, nobody acts. Passwords are never arguments: each is asked",
                    "for on the terminal, or read from --password-file (mode 600, lines NAME PASSWORD; - is stdin).",
                    "--bind defaults to 127.0.0.1, --port to a free port. TLS: --tls-self-signed makes a key and",
                    "certificate in the JVM and prints the certificate for the clients' trust store; --tls-keystore",
                    "uses a PKCS12 keystore that the JVM's user can read; --tls-client-ca asks clients for a",
                    "certificate signed by (or equal to) one in that PEM file. Without TLS, use a tunnel. Example:",
                    "  java -jar jpsutil-agent.jar jmx 4242 --port 9010 --readonly-user ops --tls-self-signed"),
            "top", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar top PID [--once] [--interval D]",
                    "Shows JVM PID and its descendants as a tree (CPU %, resident memory, threads, status),",
                    "read from its jpsutil MBeans over its local JMX connector, every D (default 2s) until",
                    "Ctrl-C; --once prints one frame. jpsutil must run in that JVM (see attach). Example:",
                    "  java -jar jpsutil-agent.jar top 4242 --once"));

    private static final String USAGE = String.join("\n",
            "usage: java -jar jpsutil-agent.jar COMMAND [ARGS]",
            "  list                 the JVMs this user can attach to, and whether jpsutil runs in them",
            "  attach PID [OPTIONS] load jpsutil into a running JVM (OPTIONS as for -javaagent, e.g. interval=1s)",
            "  detach PID           unregister jpsutil's MBeans and stop its thread in that JVM",
            "  jmx PID [...]        open that JVM's JMX port for remote JConsole or VisualVM",
            "  top PID [--once]     that JVM's process and its descendants, live",
            "'java -jar jpsutil-agent.jar COMMAND --help' tells more of each.");

    /** A failure to report as one line. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static Failure usage(String message) {
        return new Failure(2, message);
    }

    static Failure failed(String message) {
        return new Failure(1, message);
    }

    private Cli() {
    }

    /** Runs one command; the bootstrap's main passes the agent jar it was started from. */
    public static int run(File agentJar, String[] args, PrintStream out, PrintStream err) {
        try {
            Hardening.apply();
            return dispatch(agentJar, args, out);
        } catch (Failure f) {
            err.println("jpsutil: " + printable(f.getMessage()));
            return f.status;
        } catch (RuntimeException e) {
            err.println("jpsutil: unexpected error: " + printable(String.valueOf(e)));
            return 1;
        }
    }

    /**
     * Text from a target (names, status, options, its error messages) made safe for a terminal: every
     * control character (C0, DEL, C1; ESC starts the sequences that move the cursor or retitle the
     * window) shows as '?'. Line breaks are kept.
     */
    static String printable(String text) {
        if (text == null) return "null";
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c == '\n' || (c >= 0x20 && c < 0x7f) || c > 0x9f ? c : '?');
        }
        return sb.toString();
    }

    private static int dispatch(File agentJar, String[] args, PrintStream out) throws Failure {
        if (args.length == 0) throw usage("no command given\n" + USAGE);
        String cmd = args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (cmd.equals("--help") || cmd.equals("-h") || cmd.equals("help")) {
            out.println(USAGE);
            return 0;
        }
        if (!HELP.containsKey(cmd)) throw usage("unknown command '" + cmd + "'\n" + USAGE);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(HELP.get(cmd));
            return 0;
        }
        switch (cmd) {
            case "list":
                if (!rest.isEmpty()) throw usage("list takes no arguments, got " + rest);
                return Commands.list(out);
            case "attach": {
                if (rest.isEmpty()) throw usage(HELP.get("attach").lines().findFirst().get());
                // one comma-separated argument as for -javaagent, or key=value arguments apart: the same
                String options = String.join(",", rest.subList(1, rest.size()));
                try {
                    Options.parse(options); // the same check the agent makes, but here it can be told
                } catch (IllegalArgumentException e) {
                    throw usage("bad options: " + e.getMessage());
                }
                return Commands.attach(agentJar, Target.parsePid(rest.get(0)), options, out);
            }
            case "detach":
                if (rest.size() != 1) throw usage(HELP.get("detach").lines().findFirst().get());
                return Commands.detach(agentJar, Target.parsePid(rest.get(0)), out);
            case "jmx":
                return JmxCommand.run(agentJar, rest, out);
            default:
                return Top.run(rest, out);
        }
    }
}
