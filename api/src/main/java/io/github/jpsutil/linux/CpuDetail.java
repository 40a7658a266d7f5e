package io.github.jpsutil.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parsers of the CPU figures beyond the machine's total: the per-CPU lines and event counts
 * of {@code /proc/stat}, {@code /proc/loadavg}, and the clock lines of {@code /proc/cpuinfo}.
 */
public final class CpuDetail {
    private static final String STAT = "/proc/stat";

    private CpuDetail() {
    }

    /**
     * The ticks of each {@code cpuN} line, in the kernel's order (offline CPUs have no line), each
     * padded to ten modes as {@link CpuStat} pads the total.
     */
    public static List<long[]> perCpuTicks(String stat) {
        List<long[]> out = new ArrayList<>();
        // line by line in place: the intr line (thousands of numbers) is never copied
        for (int line = 0, n = stat.length(); line < n; ) {
            int eol = stat.indexOf('\n', line);
            if (eol < 0) eol = n;
            if (stat.startsWith("cpu", line) && eol - line >= 4 && Character.isDigit(stat.charAt(line + 3))) {
                int space = stat.indexOf(' ', line);
                if (space < 0 || space > eol) throw new ParseError(STAT, "cpu line without fields: " + stat.substring(line, eol));
                long[] t = Fields.numbers(stat.substring(space + 1, eol), 4, STAT + " " + stat.substring(line, space) + " line");
                out.add(java.util.Arrays.copyOf(t, 10));
            }
            line = eol + 1;
        }
        return out;
    }

    /**
     * Context switches, interrupts and soft interrupts since boot: the first number of ctxt, intr
     * and softirq; kernels before 2.6 have no softirq line (0).
     */
    public static long[] eventCounts(String stat) {
        long[] out = {-1, -1, -1};
        String[] keys = {"ctxt ", "intr ", "softirq "};
        for (int line = 0, n = stat.length(); line < n; ) {
            int eol = stat.indexOf('\n', line);
            if (eol < 0) eol = n;
            for (int k = 0; k < keys.length; k++) {
                if (!stat.startsWith(keys[k], line)) continue;
                int from = line + keys[k].length();
                while (from < eol && stat.charAt(from) <= ' ') from++;
                int end = from;
                while (end < eol && stat.charAt(end) != ' ') end++;
                int to = end;
                while (to > from && stat.charAt(to - 1) <= ' ') to--; // as trim() of the line's rest
                out[k] = ParseError.parseLong(STAT, keys[k].trim(), -1, stat, from, to);
            }
            line = eol + 1;
        }
        if (out[2] < 0) out[2] = 0;
        for (int k = 0; k < 2; k++)
            if (out[k] < 0) throw new ParseError(STAT, "no '" + keys[k].trim() + "' line");
        return out;
    }

    /** The three load averages of {@code /proc/loadavg}. */
    public static double[] loadAverage(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) throw new ParseError("/proc/loadavg", f.length + " fields, expected at least 3");
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(f[i]);
            } catch (NumberFormatException e) {
                throw new ParseError("/proc/loadavg", "field " + (i + 1) + " is not a number: '" + f[i] + "'");
            }
            if (!(out[i] >= 0) || Double.isInfinite(out[i]))
                throw new ParseError("/proc/loadavg", "field " + (i + 1) + " is not a load: '" + f[i] + "'");
        }
        return out;
    }

    /** The {@code cpu MHz} of each processor of {@code /proc/cpuinfo}, in order; empty where it has none (ARM). */
    public static List<Double> cpuinfoMhz(String cpuinfo) {
        List<Double> out = new ArrayList<>();
        for (String line : cpuinfo.split("\n")) {
            if (!line.startsWith("cpu MHz")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) throw new ParseError("/proc/cpuinfo", "no ':' in " + line);
            String v = line.substring(colon + 1).trim();
            try {
                out.add(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new ParseError("/proc/cpuinfo", "cpu MHz is not a number: '" + v + "'");
            }
        }
        return out;
    }
}
