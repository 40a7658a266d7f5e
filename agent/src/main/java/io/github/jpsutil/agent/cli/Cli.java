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
                    "Loads jpsutil into the running JVM PID. OPTIONS are those of -javaagent:",
                    "  interval=5s (500ms, 1m, ...)  children=true|false  readOnly=true|false  allowSelfSignals=true|false",
                    "  events=auto|poll  exitedKept=100 (0 to 10000)",
                    "Attaching again applies new options, or says that nothing changed. Example:",
                    "  java -jar jpsutil-agent.jar attach 4242 interval=1s,readOnly=true"),
            "detach", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar detach PID",
                    "Unregisters every jpsutil MBean in JVM PID and stops jpsutil's thread there; a later",
                    "attach starts it again. Example:",
                    "  java -jar jpsutil-agent.jar detach 4242"),
            "jmx", String.join("\n",
                    "usage: java -jar jpsutil-agent.jar jmx PID [--port N] [--bind ADDR] [--readonly-user U:P]",
                    "                                           [--readwrite-user U:P] [--no-auth]",
                    "Starts JVM PID's own JMX connector (the one -Dcom.sun.management.jmxremote.port starts)",
                    "so that JConsole or VisualVM can connect from elsewhere. Password authentication is on:",
                    "give at least one user, or --no-auth to open a port without it. --bind defaults to",
                    "127.0.0.1, --port to a free port. Traffic is not encrypted: reach it through a tunnel.",
                    "Example:",
                    "  java -jar jpsutil-agent.jar jmx 4242 --port 9010 --readonly-user ops:s3cret"),
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
            return dispatch(agentJar, args, out);
        } catch (Failure f) {
            err.println("jpsutil: " + f.getMessage());
            return f.status;
        } catch (RuntimeException e) {
            err.println("jpsutil: unexpected error: " + e);
            return 1;
        }
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
                if (rest.isEmpty() || rest.size() > 2) throw usage(HELP.get("attach").lines().findFirst().get());
                String options = rest.size() == 2 ? rest.get(1) : "";
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
                return JmxCommand.run(rest, out);
            default:
                return Top.run(rest, out);
        }
    }
}
