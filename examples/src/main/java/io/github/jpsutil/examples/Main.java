package io.github.jpsutil.examples;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar jpsutil-examples.jar COMMAND}: small tools built on jpsutil. */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: java -jar jpsutil-examples.jar COMMAND [options]",
            "  ps [--json [--all | --attrs a,b,c]]   every process: a table, or one JSON object per line",
            "                   (psutil's as_dict keys; --all adds memory_full_info, memory_maps, environ)",
            "  free [-b|-k|-m|-g|-h]   memory and swap in the columns of procps-ng 4 free (default KiB)",
            "  system --json    the machine's values (CPUs, memory, disks, network, sensors, users, pressure,",
            "                   this program's cgroup) as one JSON object",
            "  df [--all]       file systems and their usage, as psutil's disk_usage.py script",
            "  ifconfig         network interfaces: state, traffic, addresses, as psutil's ifconfig.py script",
            "  netstat [KIND]   the machine's sockets (default inet) with their processes, as psutil's netstat.py script",
            "  demo [--seconds N]   a host with a few children, until Ctrl-C or N seconds; run it with -javaagent:jpsutil-agent.jar");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "ps":
                    return Ps.run(rest, out);
                case "free":
                    return Free.run(rest, out);
                case "system":
                    return SystemInfo.run(rest, out);
                case "df":
                    return Df.run(rest, out);
                case "ifconfig":
                    return Ifconfig.run(rest, out);
                case "netstat":
                    return Netstat.run(rest, out);
                case "demo":
                    Demo.run(rest);
                    return 0;
                default:
                    err.println("unknown command '" + args[0] + "'\n" + USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            return 2;
        }
    }

    /** Fails unless the options are among the accepted ones. */
    static void expectOnly(String[] options, String... accepted) {
        for (String o : options)
            if (!Arrays.asList(accepted).contains(o))
                throw new IllegalArgumentException("unknown option '" + o + "' (accepted: " + String.join(" ", accepted) + ")");
    }
}
