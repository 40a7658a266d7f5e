package io.github.jpsutil.examples;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.Psutil;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ps}: every process as a table, or with {@code --json} as psutil's {@code as_dict()} per
 * line ({@code --all}: with the heavy values too; {@code --attrs a,b,c}: only those keys).
 */
final class Ps {
    private Ps() {
    }

    static int run(String[] args, PrintStream out) {
        Set<String> keys = jsonKeys(args);
        boolean json = args.length > 0;
        if (!json) out.printf("%-10s %7s %7s %4s %-12s %5s %10s %10s %5s %9s  %s%n",
                "USER", "PID", "PPID", "NI", "STATUS", "%MEM", "VSZ", "RSS", "START", "TIME", "COMMAND");
        Psutil.local().oneshotProcesses().forEach(p -> {
            try {
                Map<String, Object> d = asDict(p, json ? keys : TABLE_KEYS);
                out.println(json ? Json.write(d) : row(d));
            } catch (NoSuchProcess gone) {
                // exited while being read: psutil's process_iter leaves it out too
            }
        });
        out.flush();
        return 0;
    }

    /**
     * The keys {@code --json} prints: psutil's default {@code as_dict()} (without the heavy values),
     * with {@code --all} every key jpsutil has, with {@code --attrs a,b,c} those (psutil's
     * {@code as_dict(attrs=[...])}); null for the table.
     */
    private static Set<String> jsonKeys(String[] args) {
        if (args.length == 0) return null;
        String usage = "accepted: --json, --json --all, --json --attrs a,b,c";
        if (!args[0].equals("--json")) throw new IllegalArgumentException("unknown option '" + args[0] + "' (" + usage + ")");
        if (args.length == 1) return null;
        if (args.length == 2 && args[1].equals("--all")) return allKeys();
        if (args.length == 3 && args[1].equals("--attrs")) {
            Set<String> known = allKeys();
            Set<String> keys = new java.util.LinkedHashSet<>(java.util.Arrays.asList(args[2].split(",")));
            for (String k : keys)
                if (!known.contains(k)) throw new IllegalArgumentException("unknown attribute '" + k + "' (known: "
                        + String.join(",", known) + ")");
            return keys;
        }
        throw new IllegalArgumentException("unknown option '" + String.join(" ", args) + "' (" + usage + ")");
    }

    /** What the table shows, read without the rest. */
    private static final Set<String> TABLE_KEYS = Set.of("pid", "ppid", "name", "cmdline", "create_time", "username", "status",
            "nice", "cpu_times", "memory_info", "memory_percent");

    /** Every key `ps --json --all` writes: the catalog's as_dict keys and the process' cgroup. */
    static Set<String> allKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>(ProcessMetrics.asDictKeys());
        keys.add("cgroup");
        return keys;
    }

    /**
     * psutil's {@code as_dict()}: every value of the catalog that psutil's {@code as_dict()} has, or
     * only {@code keys}; a value the kernel denies, or that a zombie no longer has, is null (psutil's
     * ad_value).
     */
    static Map<String, Object> asDict(OsProcess p, Set<String> keys) {
        Map<String, Object> d = ProcessMetrics.asDict(p, keys, null);
        if (keys == null || keys.contains("cgroup")) d.put("cgroup", cgroup(p));
        return d;
    }

    /** The process' cgroup keyed by controller (CgroupMetrics); null where it may not be read, as psutil's ad_value. */
    static Map<String, Object> cgroup(OsProcess p) {
        try {
            return io.github.jpsutil.CgroupMetrics.asDict(p.cgroup());
        } catch (io.github.jpsutil.AccessDenied | io.github.jpsutil.ZombieProcess e) {
            return null;
        }
    }


    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMMdd");

    @SuppressWarnings("unchecked")
    private static String row(Map<String, Object> d) {
        Map<String, Object> mem = (Map<String, Object>) d.get("memory_info");
        Map<String, Object> cpu = (Map<String, Object>) d.get("cpu_times");
        Object created = d.get("create_time");
        String start = "?";
        if (created != null) {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli((long) ((Double) created * 1000)), ZoneId.systemDefault());
            start = (t.toLocalDate().equals(java.time.LocalDate.now()) ? TODAY : EARLIER).format(t);
        }
        String time = "?";
        if (cpu != null) {
            long s = (long) ((Double) cpu.get("user") + (Double) cpu.get("system"));
            time = String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        Object cmdline = d.get("cmdline");
        String command = cmdline instanceof java.util.List<?> l && !l.isEmpty()
                ? String.join(" ", (java.util.List<String>) l) : "[" + d.get("name") + "]";
        return String.format("%-10.10s %7d %7s %4s %-12s %5s %10s %10s %5s %9s  %s",
                text(d.get("username")), (Long) d.get("pid"), text(d.get("ppid")), text(d.get("nice")),
                text(d.get("status")),
                d.get("memory_percent") == null ? "?" : String.format("%.1f", (Double) d.get("memory_percent")),
                mem == null ? "?" : Free.human((Long) mem.get("vms")), mem == null ? "?" : Free.human((Long) mem.get("rss")),
                start, time, command.replaceAll("\\p{Cntrl}", "?"));  // one line per process, as in ps(1)
    }

    private static String text(Object o) {
        return o == null ? "?" : o.toString();
    }
}
