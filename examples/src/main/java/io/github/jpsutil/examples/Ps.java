package io.github.jpsutil.examples;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.Ids;
import io.github.jpsutil.IoCounters;
import io.github.jpsutil.Ionice;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.ZombieProcess;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code ps}: every process as a table, or with {@code --json} as psutil's {@code as_dict()} per line. */
final class Ps {
    private Ps() {
    }

    static int run(String[] args, PrintStream out) {
        Main.expectOnly(args, "--json");
        boolean json = args.length == 1;
        if (!json) out.printf("%-10s %7s %7s %4s %-12s %5s %10s %10s %5s %9s  %s%n",
                "USER", "PID", "PPID", "NI", "STATUS", "%MEM", "VSZ", "RSS", "START", "TIME", "COMMAND");
        Psutil.local().oneshotProcesses().forEach(p -> {
            try {
                Map<String, Object> d = asDict(p);
                out.println(json ? Json.write(d) : row(d));
            } catch (NoSuchProcess gone) {
                // exited while being read: psutil's process_iter leaves it out too
            }
        });
        out.flush();
        return 0;
    }

    /** The attributes of psutil's {@code as_dict()} that jpsutil has, with psutil's keys and shapes. */
    static Map<String, Object> asDict(OsProcess p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pid", p.pid());
        d.put("ppid", orNull(p::ppid));
        d.put("name", orNull(p::name));
        d.put("exe", orNull(p::exe));
        d.put("cmdline", orNull(p::cmdline));
        d.put("cwd", orNull(p::cwd));
        d.put("create_time", orNull(p::createTime));
        d.put("username", orNull(p::username));
        d.put("uids", orNull(() -> ids(p.uids())));
        d.put("gids", orNull(() -> ids(p.gids())));
        d.put("status", orNull(() -> p.status().toString()));
        d.put("nice", orNull(p::nice));
        d.put("ionice", orNull(() -> {
            Ionice io = p.ionice();
            return map("ioclass", io.ioclass().code(), "value", io.value());
        }));
        d.put("num_threads", orNull(p::numThreads));
        d.put("cpu_times", orNull(() -> {
            CpuTimes c = p.cpuTimes();
            return map("user", c.user(), "system", c.system(), "children_user", c.childrenUser(),
                    "children_system", c.childrenSystem(), "iowait", c.iowait());
        }));
        d.put("memory_info", orNull(() -> {
            MemoryInfo m = p.memoryInfo();
            return map("rss", m.rss(), "vms", m.vms(), "shared", m.shared(), "text", m.text(), "data", m.data());
        }));
        d.put("memory_percent", orNull(p::memoryPercent));
        d.put("io_counters", orNull(() -> {
            IoCounters io = p.ioCounters();
            return map("read_count", io.readCount(), "write_count", io.writeCount(), "read_bytes", io.readBytes(),
                    "write_bytes", io.writeBytes(), "read_chars", io.readChars(), "write_chars", io.writeChars());
        }));
        return d;
    }

    /** A value the kernel denies, or that a zombie no longer has, is null, never a guess (psutil's ad_value). */
    private static Object orNull(Supplier<?> read) {
        try {
            return read.get();
        } catch (AccessDenied | ZombieProcess e) {
            return null;
        }
    }

    private static Map<String, Object> ids(Ids ids) {
        return map("real", ids.real(), "effective", ids.effective(), "saved", ids.saved());
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
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
