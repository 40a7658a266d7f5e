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
    private static final String CPUS = "Cpus_allowed_list:";
    /** The two context switch counts, on every process; then the memory lines, in MemoryInfoEx's order. */
    private static final String[] KEYS = {"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
            "VmHWM", "VmPeak", "RssAnon", "RssFile", "RssShmem", "VmLck", "VmSwap", "VmPTE"};
    private static final int REQUIRED = 2;

    /** Parses the text of status (see {@link #parse(byte[], int)}). */
    public static StatusDetail parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length);
    }

    /**
     * Parses the first {@code length} bytes of status, in place (read per process by
     * {@code ps --json --all}). The context switches and the CPU list are on every process; the
     * Vm and Rss lines only on a process with memory of its own (not a kernel thread or a zombie),
     * so a missing one is 0.
     */
    public static StatusDetail parse(byte[] b, int length) {
        long[] v = Fields.values(b, length, KEYS, REQUIRED, WHAT);
        CtxSwitches ctx = new CtxSwitches(v[0], v[1]);
        MemoryInfoEx mem = new MemoryInfoEx(v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        int at = 0;
        while (at < length && !AsciiBytes.startsWith(b, at, length, CPUS)) {
            int eol = AsciiBytes.indexOf(b, at, length, '\n');
            if (eol < 0) throw new ParseError(WHAT, "no Cpus_allowed_list line");
            at = eol + 1;
        }
        if (at >= length) throw new ParseError(WHAT, "no Cpus_allowed_list line");
        int eol = AsciiBytes.indexOf(b, at, length, '\n');
        return new StatusDetail(ctx, mem, Fields.cpuList(ParseError.text(b, at + CPUS.length(), eol < 0 ? length : eol)));
    }
}
