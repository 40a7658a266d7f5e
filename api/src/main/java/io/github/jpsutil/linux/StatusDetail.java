package io.github.jpsutil.linux;

import io.github.jpsutil.CtxSwitches;
import io.github.jpsutil.MemoryInfoEx;

import java.nio.charset.StandardCharsets;

/**
 * The fields of {@code /proc/<pid>/status} beyond {@link PidStatus}'s: context switches, the
 * memory figures, and the CPUs the process may run on ({@code Cpus_allowed_list}).
 */
public record StatusDetail(CtxSwitches ctxSwitches, MemoryInfoEx memory, int[] cpusAllowed) {
    private static final String WHAT = "/proc/<pid>/status";
    private static final String CPUS = "Cpus_allowed_list";
    /** The two context switch counts, on every process; then the memory lines, in MemoryInfoEx's order. */
    private static final String[] KEYS = {"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
            "VmHWM", "VmPeak", "RssAnon", "RssFile", "RssShmem", "VmLck", "VmSwap", "VmPTE"};
    private static final int REQUIRED = 2;
    /** The first letters of the keys used: other lines are skipped unread. */
    private static final boolean[] INITIALS = initials();

    private static boolean[] initials() {
        boolean[] out = new boolean[128];
        for (String k : KEYS) out[k.charAt(0)] = true;
        out[CPUS.charAt(0)] = true;
        return out;
    }

    /** Parses the text of status (see {@link #parse(byte[], int)}). */
    public static StatusDetail parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length);
    }

    /**
     * Parses the first {@code length} bytes of status, in place and in one pass (read per process by
     * {@code ps --json --all}): each line's key is matched by its length and bytes, only the lines
     * used are read. The context switches and the CPU list are on every process; the Vm and Rss
     * lines only on a process with memory of its own (not a kernel thread or a zombie), so a
     * missing one is 0.
     */
    public static StatusDetail parse(byte[] b, int length) {
        long[] v = new long[KEYS.length];
        boolean[] seen = new boolean[KEYS.length];
        int[] cpus = null;
        for (int line = 0; line < length; ) {
            int eol = AsciiBytes.indexOf(b, line, length, '\n');
            if (eol < 0) eol = length;
            int colon = line;
            if (line < eol && b[line] >= 0 && INITIALS[b[line]]) while (colon < eol && b[colon] != ':') colon++;
            else colon = eol; // no key used starts so
            if (colon < eol) {
                if (AsciiBytes.equals(b, line, colon, CPUS)) {
                    cpus = Fields.cpuList(b, colon + 1, eol);
                } else {
                    for (int k = 0; k < KEYS.length; k++) {
                        if (!seen[k] && AsciiBytes.equals(b, line, colon, KEYS[k])) {
                            v[k] = value(b, colon + 1, eol, KEYS[k]);
                            seen[k] = true;
                            break;
                        }
                    }
                }
            }
            line = eol + 1;
        }
        for (int k = 0; k < REQUIRED; k++) if (!seen[k]) throw new ParseError(WHAT, "no " + KEYS[k] + " field");
        if (cpus == null) throw new ParseError(WHAT, "no Cpus_allowed_list line");
        return new StatusDetail(new CtxSwitches(v[0], v[1]), new MemoryInfoEx(v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]), cpus);
    }

    /** A line's value after its key: a count, or a size in kB (returned in bytes). */
    private static long value(byte[] b, int from, int eol, String key) {
        while (from < eol && AsciiBytes.isBlank(b[from])) from++;
        int end = from;
        while (end < eol && !AsciiBytes.isBlank(b[end])) end++;
        long n = ParseError.parseLong(WHAT, key, -1, b, from, end);
        int unit = end;
        while (unit < eol && AsciiBytes.isBlank(b[unit])) unit++;
        int unitEnd = eol;
        while (unitEnd > unit && AsciiBytes.isBlank(b[unitEnd - 1])) unitEnd--;
        if (unit == unitEnd) return n;
        if (!AsciiBytes.equals(b, unit, unitEnd, "kB") || n < 0 || n > Long.MAX_VALUE / 1024)
            throw new ParseError(WHAT, key + " is not a number of kB: '" + ParseError.abbreviate(ParseError.text(b, from, unitEnd)) + "'");
        return n * 1024;
    }
}
