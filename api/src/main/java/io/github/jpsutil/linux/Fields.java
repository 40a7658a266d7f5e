package io.github.jpsutil.linux;

import java.util.HashMap;
import java.util.Map;

/** Parsers of the small "key value" and "numbers on a line" formats of /proc. */
public final class Fields {
    private Fields() {
    }

    /**
     * Parses lines of {@code key: number [kB]} ({@code /proc/meminfo}, {@code /proc/<pid>/io},
     * {@code fdinfo}) or {@code key number} ({@code /proc/vmstat}); a "kB" unit is turned into bytes,
     * lines that are not of that form are skipped.
     */
    public static Map<String, Long> keyValues(String text) {
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("[:\\s]+");
            if (f.length < 2) continue;
            long value;
            try {
                value = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (f.length > 2 && f[2].equals("kB")) value *= 1024;
            out.put(f[0], value);
        }
        return out;
    }

    /** The value of {@code key} in a {@link #keyValues} map, or a clear error when the kernel left it out. */
    public static long require(Map<String, Long> values, String key, String what) {
        Long v = values.get(key);
        if (v == null) throw new ParseError(what, "no " + key + " field");
        return v;
    }

    /** Whitespace-separated decimal numbers, e.g. {@code /proc/<pid>/statm}; at least {@code min} of them. */
    public static long[] numbers(String text, int min, String what) {
        String t = text.trim();
        String[] f = t.isEmpty() ? new String[0] : t.split("\\s+");
        if (f.length < min) throw new ParseError(what, f.length + " numbers, expected at least " + min);
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = ParseError.parseLong(what, "number " + (i + 1), f[i]);
        return out;
    }

    /** Counts the CPUs in a kernel cpu list such as {@code 0-3,8,10-11} ({@code /sys/devices/system/cpu/online}). */
    public static int cpuListCount(String text) {
        String t = text.trim();
        if (t.isEmpty()) throw new ParseError("cpu list", "empty");
        int count = 0;
        for (String part : t.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                ParseError.parseLong("cpu list", "cpu", part);
                count++;
            } else {
                long lo = ParseError.parseLong("cpu list", "range start", part.substring(0, dash));
                long hi = ParseError.parseLong("cpu list", "range end", part.substring(dash + 1));
                if (hi < lo || hi - lo > 1 << 16) throw new ParseError("cpu list", "bad range '" + part + "'");
                count += (int) (hi - lo + 1);
            }
        }
        return count;
    }

    /**
     * Splits a command line as psutil does: NUL-separated arguments, a trailing NUL dropped;
     * a single argument with spaces and no NUL (a process that rewrote its title) is split on spaces.
     */
    public static java.util.List<String> cmdline(String data) {
        if (data.isEmpty()) return java.util.List.of();
        char sep = data.endsWith("\0") ? '\0' : ' ';
        String d = data.charAt(data.length() - 1) == sep ? data.substring(0, data.length() - 1) : data;
        String[] parts = d.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
        if (sep == '\0' && parts.length == 1 && d.indexOf(' ') >= 0) parts = d.split(" ", -1);
        return java.util.List.of(parts);
    }
}
