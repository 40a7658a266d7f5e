package io.github.jpsutil.linux;

import io.github.jpsutil.CtxSwitches;
import io.github.jpsutil.MemoryInfoEx;

import java.util.Map;

/**
 * The fields of {@code /proc/<pid>/status} beyond {@link PidStatus}'s: context switches, the
 * memory figures, and the CPUs the process may run on ({@code Cpus_allowed_list}).
 */
public record StatusDetail(CtxSwitches ctxSwitches, MemoryInfoEx memory, int[] cpusAllowed) {
    private static final String WHAT = "/proc/<pid>/status";
    private static final String CPUS = "Cpus_allowed_list:";

    /**
     * Parses the text of status. The context switches and the CPU list are on every process; the
     * Vm and Rss lines only on a process with memory of its own (not a kernel thread or a zombie),
     * so a missing one is 0.
     */
    public static StatusDetail parse(String text) {
        Map<String, Long> m = Fields.keyValues(text);
        CtxSwitches ctx = new CtxSwitches(Fields.require(m, "voluntary_ctxt_switches", WHAT),
                Fields.require(m, "nonvoluntary_ctxt_switches", WHAT));
        MemoryInfoEx mem = new MemoryInfoEx(m.getOrDefault("VmHWM", 0L), m.getOrDefault("VmPeak", 0L),
                m.getOrDefault("RssAnon", 0L), m.getOrDefault("RssFile", 0L), m.getOrDefault("RssShmem", 0L),
                m.getOrDefault("VmLck", 0L), m.getOrDefault("VmSwap", 0L), m.getOrDefault("VmPTE", 0L));
        int at = text.startsWith(CPUS) ? 0 : text.indexOf("\n" + CPUS) + 1;
        if (at == 0 && !text.startsWith(CPUS)) throw new ParseError(WHAT, "no Cpus_allowed_list line");
        int eol = text.indexOf('\n', at);
        return new StatusDetail(ctx, mem, Fields.cpuList(text.substring(at + CPUS.length(), eol < 0 ? text.length() : eol)));
    }
}
