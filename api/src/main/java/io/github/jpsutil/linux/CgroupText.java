package io.github.jpsutil.linux;

import io.github.jpsutil.Pressure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Pure parsers of the cgroup files (v1 and v2) and of pressure stall information: text in, values
 * out, {@link ParseError} on text of another shape. "Unlimited" comes out as an empty
 * {@link OptionalLong}, never as the kernel's huge stand-in number.
 */
final class CgroupText {
    /**
     * cgroup v1 writes "no limit" as the largest page-aligned long (9223372036854771712 with 4 KiB
     * pages, less with larger pages); no machine has 2^62 bytes, so anything from there is "no limit".
     */
    static final long V1_UNLIMITED_FROM = 1L << 62;

    private CgroupText() {
    }

    /**
     * /proc/&lt;pid&gt;/cgroup: each line "id:controllers:path". The v2 hierarchy (id 0, no
     * controllers) comes under the key "" ; each v1 controller (and named hierarchy, "name=systemd")
     * under its own name.
     */
    static Map<String, String> procCgroup(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) throw new ParseError("/proc/<pid>/cgroup", "no id:controllers:path in '" + ParseError.abbreviate(line) + "'");
            String path = line.substring(b + 1);
            if (!path.startsWith("/")) throw new ParseError("/proc/<pid>/cgroup", "path is not absolute: '" + ParseError.abbreviate(line) + "'");
            String controllers = line.substring(a + 1, b);
            if (controllers.isEmpty()) out.put("", path);
            else for (String c : controllers.split(",")) out.put(c, path);
        }
        return out;
    }

    /** One number, or the limit "max" (v2), -1 (v1 quotas) or a v1 huge number as no limit. */
    static OptionalLong limit(String what, String text) {
        String t = text.trim();
        if (t.equals("max") || t.equals("-1")) return OptionalLong.empty();
        long v = ParseError.parseLong(what, "value", t);
        if (v < 0) throw new ParseError(what, "negative limit " + v);
        return v >= V1_UNLIMITED_FROM ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** One non-negative number (memory.current, pids.current, cpuacct.usage, ...). */
    static long number(String what, String text) {
        long v = ParseError.parseLong(what, "value", text.trim());
        if (v < 0) throw new ParseError(what, "negative value " + v);
        return v;
    }

    /** Flat keyed files ("key value" lines: memory.stat, memory.events, cpu.stat, oom_control). */
    static Map<String, Long> flatKeyed(String what, String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] kv = line.trim().split(" +");
            if (kv.length != 2) throw new ParseError(what, "not 'key value': '" + ParseError.abbreviate(line) + "'");
            out.put(kv[0], ParseError.parseLong(what, kv[0], kv[1]));
        }
        return out;
    }

    /** cpu.max: "quota period" in microseconds, quota "max" for none; returns {quota or -1, period}. */
    static long[] cpuMax(String text) {
        String[] f = text.trim().split(" +");
        if (f.length != 2) throw new ParseError("cpu.max", "not 'quota period': '" + ParseError.abbreviate(text) + "'");
        OptionalLong quota = limit("cpu.max", f[0]);
        long period = number("cpu.max", f[1]);
        if (period == 0) throw new ParseError("cpu.max", "period is 0");
        return new long[]{quota.orElse(-1), period};
    }

    /**
     * Nested keyed lines: "8:0 rbytes=1 wbytes=2 ..." (io.stat) into device -&gt; key -&gt; value; the
     * io.cost figures that are not whole numbers (cost.vrate=100.00) are left out.
     */
    static Map<String, Map<String, Long>> nestedKeyed(String what, String text) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" +");
            Map<String, Long> values = out.computeIfAbsent(device(what, f[0]), d -> new LinkedHashMap<>());
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) throw new ParseError(what, "not 'key=value': '" + ParseError.abbreviate(f[i]) + "'");
                long v = ParseError.plainDigits(f[i], eq + 1, f[i].length());
                if (v >= 0) values.put(f[i].substring(0, eq), v);
                else if (!f[i].startsWith("cost.")) // io.cost writes decimals (cost.vrate=100.00)
                    throw new ParseError(what, f[i].substring(0, eq) + " is not a number: '" + ParseError.abbreviate(f[i]) + "'");
            }
        }
        return out;
    }

    /**
     * blkio v1 counters ("8:0 Read 4096" lines, and a "Total N" line at the end) into device -&gt;
     * operation ("Read", "Write", ...) -&gt; value.
     */
    static Map<String, Map<String, Long>> blkio(String what, String text) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" +");
            if (f.length == 2 && f[0].equals("Total")) continue;
            if (f.length != 3) throw new ParseError(what, "not 'major:minor operation value': '" + ParseError.abbreviate(line) + "'");
            out.computeIfAbsent(device(what, f[0]), d -> new LinkedHashMap<>()).put(f[1], ParseError.parseLong(what, f[1], f[2]));
        }
        return out;
    }

    private static String device(String what, String s) {
        int c = s.indexOf(':');
        if (c <= 0 || ParseError.plainDigits(s, 0, c) < 0 || ParseError.plainDigits(s, c + 1, s.length()) < 0)
            throw new ParseError(what, "not a device 'major:minor': '" + ParseError.abbreviate(s) + "'");
        return s;
    }

    /**
     * A pressure file (/proc/pressure/cpu, memory.pressure, ...): a "some" line and, except for
     * the machine's CPU on kernels before 5.13, a "full" line; totals are microseconds.
     */
    static Pressure.Stall pressure(String what, String text) {
        Pressure.Line some = null;
        Pressure.Line full = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" +");
            if (f.length != 5) throw new ParseError(what, "not 'kind avg10= avg60= avg300= total=': '" + ParseError.abbreviate(line) + "'");
            Pressure.Line l = new Pressure.Line(avg(what, f[1], "avg10="), avg(what, f[2], "avg60="), avg(what, f[3], "avg300="),
                    ParseError.parseLong(what, "total", after(what, f[4], "total=")) / 1e6);
            switch (f[0]) {
                case "some" -> some = l;
                case "full" -> full = l;
                default -> throw new ParseError(what, "neither 'some' nor 'full': '" + ParseError.abbreviate(f[0]) + "'");
            }
        }
        if (some == null) throw new ParseError(what, "no 'some' line");
        return new Pressure.Stall(some, full);
    }

    private static double avg(String what, String field, String prefix) {
        String v = after(what, field, prefix);
        // the kernel writes "%lu.%02lu": plain digits, one dot
        int dot = v.indexOf('.');
        if (dot <= 0 || ParseError.plainDigits(v, 0, dot) < 0 || ParseError.plainDigits(v, dot + 1, v.length()) < 0)
            throw new ParseError(what, prefix + " is not a decimal: '" + ParseError.abbreviate(v) + "'");
        return Double.parseDouble(v);
    }

    private static String after(String what, String field, String prefix) {
        if (!field.startsWith(prefix)) throw new ParseError(what, "expected " + prefix + " in '" + ParseError.abbreviate(field) + "'");
        return field.substring(prefix.length());
    }
}
