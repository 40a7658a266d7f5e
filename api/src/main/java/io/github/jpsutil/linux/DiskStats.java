package io.github.jpsutil.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parser of {@code /proc/diskstats} in every layout the kernel has had: 14 fields (2.6 to
 * 4.17), 18 (4.18: discards), 20 (5.5: flushes), 7 (a partition's line on 2.6 before 2.6.25),
 * and 15 (2.4's /proc/partitions, which puts the name after a block count).
 */
public final class DiskStats {
    private static final String WHAT = "/proc/diskstats";

    /**
     * One line: the device's name and its counters in psutil's order: reads, writes, sectors read,
     * sectors written, ms reading, ms writing, reads merged, writes merged, ms busy.
     */
    public record Line(String name, long[] counters) {
    }

    private DiskStats() {
    }

    public static List<Line> parse(String text) {
        List<Line> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+");
            String name;
            long[] c = new long[9];
            if (f.length == 15) { // 2.4: major minor #blocks name rio rmerge rsect ruse wio wmerge wsect wuse running use aveq
                name = f[3];
                long[] n = numbers(f, 4, name);
                c = new long[]{n[0], n[4], n[2], n[6], n[3], n[7], n[1], n[5], n[9]};
            } else if (f.length == 14 || f.length >= 18) {
                name = f[2];
                long[] n = numbers(f, 3, name);
                c = new long[]{n[0], n[4], n[2], n[6], n[3], n[7], n[1], n[5], n[9]};
            } else if (f.length == 7) { // reads, sectors read, writes, sectors written
                name = f[2];
                long[] n = numbers(f, 3, name);
                c[0] = n[0];
                c[2] = n[1];
                c[1] = n[2];
                c[3] = n[3];
            } else {
                throw new ParseError(WHAT, f.length + " fields, expected 7, 14, 15, 18 or 20: " + ParseError.abbreviate(line));
            }
            out.add(new Line(name, c));
        }
        return out;
    }

    private static long[] numbers(String[] f, int from, String name) {
        int n = Math.min(f.length - from, 11);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = ParseError.parseLong(WHAT, name + " field " + (from + i + 1), f[from + i]);
        return out;
    }
}
