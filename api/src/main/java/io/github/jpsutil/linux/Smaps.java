package io.github.jpsutil.linux;

import io.github.jpsutil.MemoryMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Parsers of {@code /proc/<pid>/smaps} and {@code smaps_rollup}: a header line per mapping
 * ({@code start-end perms offset dev inode [path]}) followed by {@code Key: N kB} lines. The
 * rollup is the same format with one pseudo-mapping that sums them all.
 */
public final class Smaps {
    private static final String WHAT = "/proc/<pid>/smaps";
    /** The figures of a mapping, in psutil's order; each is a "Key: N kB" line. */
    private static final String[] KEYS = {"Rss", "Size", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
            "Private_Dirty", "Referenced", "Anonymous", "Swap"};
    private static final int PRIVATE_HUGETLB = KEYS.length;
    /** The figures kept per mapping: {@link #KEYS}, then Private_Hugetlb (which psutil counts as unique). */
    private static final int FIGURES = KEYS.length + 1;

    private Smaps() {
    }

    /**
     * psutil's uss, pss and swap of a whole address space, in bytes, from either file: uss is every
     * private page (clean, dirty and huge TLB pages), pss and swap their own lines; summed over all
     * mappings of smaps, or the single one of smaps_rollup. A process without an address space
     * (empty text) has 0 for each.
     */
    public static long[] totals(String text) {
        // a hot path (memory_full_info of every process): the few lines wanted are found by their
        // first letters and read in place, without the per-mapping table that maps() builds
        long uss = 0, pss = 0, swap = 0;
        int n = text.length();
        boolean inMapping = false;
        for (int line = 0; line < n; ) {
            int eol = text.indexOf('\n', line);
            if (eol < 0) eol = n;
            char c = text.charAt(line);
            if (c == 'P' || c == 'S') {
                if (text.startsWith("Private_", line) || text.startsWith("Pss:", line) || text.startsWith("Swap:", line)) {
                    if (!inMapping) throw new ParseError(WHAT, "a field before the first mapping: '"
                            + ParseError.abbreviate(text.substring(line, eol)) + "'");
                    long bytes = kilobytes(text, line, eol);
                    if (c == 'S') swap += bytes;
                    else if (text.charAt(line + 1) == 's') pss += bytes;
                    else if (text.startsWith("Private_Clean:", line) || text.startsWith("Private_Dirty:", line)
                            || text.startsWith("Private_Hugetlb:", line)) uss += bytes;
                }
            } else if (eol > line && (c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                inMapping = true; // a header: start-end perms ...
            }
            line = eol + 1;
        }
        return new long[]{uss, pss, swap};
    }

    /** The value of a "Key:   N kB" line, in bytes. */
    private static long kilobytes(String text, int line, int eol) {
        int colon = text.indexOf(':', line);
        int s = colon + 1;
        while (s < eol && text.charAt(s) == ' ') s++;
        int e = s;
        while (e < eol && text.charAt(e) >= '0' && text.charAt(e) <= '9') e++;
        long kb = ParseError.plainDigits(text, s, e);
        if (kb < 0 || kb > Long.MAX_VALUE / 1024 / 4096 || !text.startsWith(" kB", e) || e + 3 != eol)
            throw new ParseError(WHAT, "not 'Key: N kB': '" + ParseError.abbreviate(text.substring(line, eol)) + "'");
        return kb * 1024;
    }

    /**
     * psutil's {@code memory_maps(grouped)}: each mapping in address order, or with {@code grouped}
     * one per path with the figures added up, in the order each path first appears. {@code path}
     * turns the header's path (blank for an anonymous mapping) into the reported one.
     */
    public static List<MemoryMap> maps(String text, boolean grouped, UnaryOperator<String> path) {
        Map<String, long[]> regions = regions(text, path);
        List<MemoryMap> out = new ArrayList<>();
        Map<String, long[]> byPath = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : regions.entrySet()) {
            String[] h = e.getKey().split("\0", 3); // addr, perms, path
            long[] m = e.getValue();
            if (!grouped) {
                out.add(map(h[0], h[1], h[2], m));
                continue;
            }
            long[] sum = byPath.computeIfAbsent(h[2], k -> new long[FIGURES]);
            for (int i = 0; i < FIGURES; i++) sum[i] += m[i];
        }
        byPath.forEach((p, m) -> out.add(map(null, null, p, m)));
        return out;
    }

    private static MemoryMap map(String addr, String perms, String path, long[] m) {
        return new MemoryMap(addr, perms, path, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]);
    }

    /**
     * Every mapping's figures (in bytes, indexed as {@link #KEYS}) under "addr\0perms\0path", in
     * file order; {@code path} null keeps only a running index as the key (totals need no names).
     */
    private static Map<String, long[]> regions(String text, UnaryOperator<String> path) {
        Map<String, long[]> out = new LinkedHashMap<>();
        long[] current = null;
        int n = text.length();
        for (int line = 0; line < n; ) {
            int eol = text.indexOf('\n', line);
            if (eol < 0) eol = n;
            int space = line;
            while (space < eol && text.charAt(space) != ' ' && text.charAt(space) != '\t') space++;
            if (space > line && text.charAt(space - 1) == ':') {
                if (current == null) throw new ParseError(WHAT, "a field before the first mapping: '"
                        + ParseError.abbreviate(text.substring(line, eol)) + "'");
                figure(text, line, space - 1, eol, current);
            } else if (eol > line) {
                current = new long[FIGURES];
                String key = path == null ? Integer.toString(out.size()) : header(text.substring(line, eol), path);
                if (out.putIfAbsent(key, current) != null) throw new ParseError(WHAT, "mapping listed twice: " + key);
            }
            line = eol + 1;
        }
        return out;
    }

    /** Adds the value of a "Key: N kB" line to its slot; lines of other keys (VmFlags, ...) are skipped. */
    private static void figure(String text, int keyStart, int keyEnd, int eol, long[] into) {
        int slot = -1;
        for (int i = 0; i < KEYS.length && slot < 0; i++)
            if (keyEnd - keyStart == KEYS[i].length() && text.startsWith(KEYS[i], keyStart)) slot = i;
        if (slot < 0 && text.startsWith("Private_Hugetlb", keyStart) && keyEnd - keyStart == 15) slot = PRIVATE_HUGETLB;
        if (slot < 0) return;
        String key = text.substring(keyStart, keyEnd);
        String[] v = text.substring(keyEnd + 1, eol).trim().split("\\s+");
        if (v.length != 2 || !v[1].equals("kB")) throw new ParseError(WHAT, key + " is not 'N kB': '"
                + ParseError.abbreviate(text.substring(keyStart, eol)) + "'");
        long kb = ParseError.parseLong(WHAT, key, v[0]);
        if (kb < 0 || kb > Long.MAX_VALUE / 1024 - into[slot] / 1024)
            throw new ParseError(WHAT, key + " out of range: " + kb + " kB");
        into[slot] += kb * 1024;
    }

    /** "addr\0perms\0path" of a header line {@code start-end perms offset dev inode [path]}. */
    private static String header(String line, UnaryOperator<String> path) {
        String[] f = line.trim().split("\\s+", 6);
        if (f.length < 5 || f[0].indexOf('-') < 0)
            throw new ParseError(WHAT, "not a mapping header: '" + ParseError.abbreviate(line) + "'");
        return f[0] + "\0" + f[1] + "\0" + path.apply(f.length == 6 ? f[5] : "");
    }
}
