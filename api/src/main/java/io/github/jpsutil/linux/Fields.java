package io.github.jpsutil.linux;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parsers of the small "key value" and "numbers on a line" formats of /proc. */
final class Fields {
    private Fields() {
    }

    /**
     * Parses lines of {@code key: number [kB]} ({@code /proc/meminfo}, {@code /proc/<pid>/io},
     * {@code fdinfo}) or {@code key number} ({@code /proc/vmstat}); a "kB" unit is turned into bytes,
     * lines that are not of that form are skipped.
     */
    public static Map<String, Long> keyValues(String text) {
        Map<String, Long> out = new HashMap<>();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        keyValues(b, b.length, (key, from, to, value) -> out.put(ParseError.text(key, from, to), value));
        return out;
    }

    /**
     * The values of {@code keys} among the {@link #keyValues(String)} lines of the first
     * {@code length} bytes of {@code b}, in the order of {@code keys} (a key seen twice keeps the
     * last); a clear error when the kernel left one out. No String per line: for files read per
     * process ({@code /proc/<pid>/io}).
     */
    public static long[] values(byte[] b, int length, String[] keys, String what) {
        long[] out = new long[keys.length];
        boolean[] seen = new boolean[keys.length];
        if (!plainValues(b, length, keys, out, seen)) keyValues(b, length, (key, from, to, value) -> {
            for (int k = 0; k < keys.length; k++) {
                if (AsciiBytes.equals(key, from, to, keys[k])) {
                    out[k] = value;
                    seen[k] = true;
                }
            }
        });
        for (int k = 0; k < keys.length; k++) if (!seen[k]) throw new ParseError(what, "no " + keys[k] + " field");
        return out;
    }

    /**
     * {@link #values} of a file whose every line is {@code key: digits} ({@code /proc/<pid>/io}),
     * in one pass without cutting each line into fields; false at the first line of another form (a
     * unit, a tab, a sign, a blank), and the general parser then reads the whole file again. A line
     * of this form gives the same key and value either way.
     */
    private static boolean plainValues(byte[] b, int length, String[] keys, long[] out, boolean[] seen) {
        for (int line = 0; line < length; ) {
            int colon = line;
            while (colon < length && b[colon] != ':') {
                if (isKeyValueSeparator(b[colon])) return false;
                colon++;
            }
            if (colon == line || colon == length) return false;
            int i = colon + 1;
            while (i < length && b[i] == ' ') i++;
            int start = i;
            long value = 0;
            for (; i < length && b[i] >= '0' && b[i] <= '9'; i++) value = value * 10 + (b[i] - '0');
            if (i == start || i - start > 18 || i < length && b[i] != '\n') return false;
            for (int k = 0; k < keys.length; k++) {
                if (AsciiBytes.equals(b, line, colon, keys[k])) {
                    out[k] = value;
                    seen[k] = true;
                }
            }
            line = i + 1;
        }
        return true;
    }

    /** A key ({@code b[from, to)}) and its value, as {@link #keyValues(byte[], int, KeyValue)} finds them. */
    private interface KeyValue {
        void accept(byte[] b, int from, int to, long value);
    }

    private static void keyValues(byte[] b, int n, KeyValue sink) {
        // A hot path (/proc/<pid>/io): each line is cut in place, as line.trim().split("[:\\s]+")
        // would cut it, without a regular expression.
        int[] f = new int[6]; // start and end of the first three fields of the line
        for (int line = 0; line <= n; ) {
            int eol = AsciiBytes.indexOf(b, line, n, '\n');
            if (eol < 0) eol = n;
            int count = keyValueFields(b, line, eol, f);
            line = eol + 1;
            if (count < 2) continue;
            if (notANumber(b, f[2], f[3])) continue; // Name, State, the hex masks: no exception thrown per line
            long value;
            try {
                value = parseLong(b, f[2], f[3]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (count > 2 && f[5] - f[4] == 2 && b[f[4]] == 'k' && b[f[4] + 1] == 'B') {
                try {
                    value = Math.multiplyExact(value, 1024L);
                } catch (ArithmeticException e) {
                    throw new ParseError("/proc key-value file", ParseError.text(b, f[0], f[1]) + " of "
                            + ParseError.text(b, f[2], f[3]) + " kB does not fit in a long as bytes");
                }
            }
            sink.accept(b, f[0], f[1], value);
        }
    }

    /**
     * The fields of {@code b[from, to)} as {@code trim().split("[:\\s]+")} makes them: their
     * number, and the start and end of the first three in {@code f}. As with split, a leading ':'
     * gives an empty first field and trailing empty fields are dropped.
     */
    private static int keyValueFields(byte[] b, int from, int to, int[] f) {
        while (from < to && AsciiBytes.isBlank(b[from])) from++;
        while (to > from && AsciiBytes.isBlank(b[to - 1])) to--;
        if (from == to) return 1; // split gives {""}
        int count = 0;
        boolean leadingEmpty = b[from] == ':';
        if (leadingEmpty) {
            f[0] = from;
            f[1] = from;
            count = 1;
        }
        int i = from;
        while (true) {
            while (i < to && isKeyValueSeparator(b[i])) i++;
            if (i == to) break;
            int start = i;
            while (i < to && !isKeyValueSeparator(b[i])) i++;
            if (count < 3) {
                f[2 * count] = start;
                f[2 * count + 1] = i;
            }
            count++;
        }
        return leadingEmpty && count == 1 ? 0 : count; // only empty fields: split gives {}
    }

    private static boolean isKeyValueSeparator(byte c) {
        return c == ':' || PidStatus.isSpace(c);
    }

    /** Whether {@code b[from, to)} holds an ASCII character that Long.parseLong never accepts there. */
    private static boolean notANumber(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= 0 && (c < '0' || c > '9') && !(i == from && (c == '+' || c == '-'))) return true;
        }
        return false;
    }

    /** {@code Long.parseLong} of {@code b[from, to)}, reading plain digits in place. */
    private static long parseLong(byte[] b, int from, int to) {
        long v = ParseError.plainDigits(b, from, to);
        return v >= 0 ? v : Long.parseLong(ParseError.text(b, from, to));
    }

    /** The value of {@code key} in a {@link #keyValues} map, or a clear error when the kernel left it out. */
    public static long require(Map<String, Long> values, String key, String what) {
        Long v = values.get(key);
        if (v == null) throw new ParseError(what, "no " + key + " field");
        return v;
    }

    /** Whitespace-separated decimal numbers, e.g. {@code /proc/<pid>/statm}; at least {@code min} of them. */
    public static long[] numbers(String text, int min, String what) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return numbers(b, b.length, min, what);
    }

    /** {@link #numbers(String, int, String)} of the first {@code length} bytes of {@code b}, read in place. */
    public static long[] numbers(byte[] b, int length, int min, String what) {
        // as text.trim().split("\\s+"), without a regular expression (statm is read per process)
        int from = 0;
        int to = length;
        while (from < to && AsciiBytes.isBlank(b[from])) from++;
        while (to > from && AsciiBytes.isBlank(b[to - 1])) to--;
        int count = 0;
        for (int i = from; i < to; ) {
            while (i < to && !PidStatus.isSpace(b[i])) i++;
            count++;
            while (i < to && PidStatus.isSpace(b[i])) i++;
        }
        if (count < min) throw new ParseError(what, count + " numbers, expected at least " + min);
        long[] out = new long[count];
        int k = 0;
        for (int i = from; i < to; ) {
            int start = i;
            while (i < to && !PidStatus.isSpace(b[i])) i++;
            out[k] = ParseError.parseLong(what, "number ", k + 1, b, start, i);
            k++;
            while (i < to && PidStatus.isSpace(b[i])) i++;
        }
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
            if (count > 1 << 20) throw new ParseError("cpu list", "more than " + (1 << 20) + " CPUs");
        }
        return count;
    }

    /**
     * The CPUs of a kernel cpu list such as {@code 0-3,8,10-11}, ascending and without repeats
     * ({@code Cpus_allowed_list} of a process).
     */
    public static int[] cpuList(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return cpuList(b, 0, b.length);
    }

    /**
     * {@link #cpuList(String)} of {@code b[from, to)}, read in place where its ranges come as the
     * kernel writes them, ascending and apart (status is read per process); any other list goes
     * through the general parser, which sorts, merges and gives the errors.
     */
    static int[] cpuList(byte[] b, int from, int to) {
        while (from < to && AsciiBytes.isBlank(b[from])) from++;
        while (to > from && AsciiBytes.isBlank(b[to - 1])) to--;
        int parts = 1;
        for (int i = from; i < to; i++) if (b[i] == ',') parts++;
        int[] ranges = new int[2 * parts];
        int count = 0;
        long previous = -1;
        int at = from;
        for (int r = 0; r < parts; r++) {
            int end = at;
            while (end < to && b[end] != ',') end++;
            int dash = at;
            while (dash < end && b[dash] != '-') dash++;
            long lo = ParseError.plainDigits(b, at, dash);
            long hi = dash == end ? lo : ParseError.plainDigits(b, dash + 1, end);
            if (lo <= previous || hi < lo || hi - lo > 1 << 16 || hi >= 1 << 20) return checkedCpuList(ParseError.text(b, from, to));
            ranges[2 * r] = (int) lo;
            ranges[2 * r + 1] = (int) hi;
            count += (int) (hi - lo + 1);
            previous = hi;
            at = end + 1;
        }
        int[] out = new int[count];
        int k = 0;
        for (int r = 0; r < parts; r++) for (int c = ranges[2 * r]; c <= ranges[2 * r + 1]; c++) out[k++] = c;
        return out;
    }

    private static int[] checkedCpuList(String text) {
        cpuListCount(text); // checks the form and the ranges
        java.util.BitSet cpus = new java.util.BitSet();
        for (String part : text.trim().split(",")) {
            int dash = part.indexOf('-');
            long lo = ParseError.parseLong("cpu list", "cpu", dash < 0 ? part : part.substring(0, dash));
            long hi = dash < 0 ? lo : ParseError.parseLong("cpu list", "range end", part.substring(dash + 1));
            if (lo < 0 || hi >= 1 << 20) throw new ParseError("cpu list", "cpu number out of range in '" + part + "'");
            cpus.set((int) lo, (int) hi + 1);
        }
        return cpus.stream().toArray();
    }

    /**
     * psutil's {@code environ()} from {@code /proc/<pid>/environ}: NUL-terminated {@code KEY=value}
     * entries; an entry without '=' after a non-empty key, or after the last NUL (a process that
     * rewrote its environment), is left out; a key given twice keeps the last value.
     */
    public static Map<String, String> environ(String data) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int pos = 0;
        while (true) {
            int end = data.indexOf('\0', pos);
            if (end < 0) break;
            int eq = data.indexOf('=', pos);
            if (eq > pos && eq < end) out.put(data.substring(pos, eq), data.substring(eq + 1, end));
            pos = end + 1;
        }
        return out;
    }

    /**
     * Splits a command line as psutil does: NUL-separated arguments, a trailing NUL dropped;
     * a single argument with spaces and no NUL (a process that rewrote its title) is split on spaces.
     */
    public static java.util.List<String> cmdline(String data) {
        if (data.isEmpty()) return java.util.List.of();
        char sep = data.endsWith("\0") ? '\0' : ' ';
        String d = data.charAt(data.length() - 1) == sep ? data.substring(0, data.length() - 1) : data;
        String[] parts = splitAll(d, sep);
        if (sep == '\0' && parts.length == 1 && d.indexOf(' ') >= 0) parts = splitAll(d, ' ');
        return java.util.List.of(parts);
    }

    /** {@code s.split(sep, -1)} for a literal character: every part, empty ones included. */
    private static String[] splitAll(String s, char sep) {
        int parts = 1;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + 1)) parts++;
        String[] out = new String[parts];
        int start = 0;
        for (int k = 0; k < parts - 1; k++) {
            int end = s.indexOf(sep, start);
            out[k] = s.substring(start, end);
            start = end + 1;
        }
        out[parts - 1] = s.substring(start);
        return out;
    }
}
