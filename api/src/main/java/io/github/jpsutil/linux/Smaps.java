package io.github.jpsutil.linux;

import io.github.jpsutil.MemoryMap;

import java.nio.charset.StandardCharsets;
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
    private static final int PSS_SLOT = 2, PRIVATE_CLEAN = 5, PRIVATE_DIRTY = 6, SWAP_SLOT = 9, PRIVATE_HUGETLB = KEYS.length;
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
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return totals(b, b.length);
    }

    /**
     * {@link #totals(String)} of the file's bytes {@code text[0, length)}, read in place (the hot
     * path of memory_full_info: no text decoded). The same lines count, the same errors are raised.
     */
    public static long[] totals(byte[] text, int length) {
        long uss = 0, pss = 0, swap = 0;
        boolean inMapping = false;
        for (int line = 0; line < length; ) {
            int eol = AsciiBytes.indexOf(text, line, length, '\n');
            if (eol < 0) eol = length;
            byte c = text[line];
            if (c == 'P' || c == 'S') {
                boolean isPss = startsWith(text, line, eol, PSS), isSwap = startsWith(text, line, eol, SWAP);
                if (isPss || isSwap || startsWith(text, line, eol, PRIVATE)) {
                    if (!inMapping) throw new ParseError(WHAT, "a field before the first mapping: '"
                            + ParseError.abbreviate(new String(text, line, eol - line, StandardCharsets.UTF_8)) + "'");
                    long bytes = kilobytes(text, line, eol);
                    if (isSwap) swap += bytes;
                    else if (isPss) pss += bytes;
                    else if (unique(text, line, eol)) uss += bytes;
                }
            } else if (eol > line && (c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                inMapping = true; // a header: start-end perms ...
            }
            line = eol + 1;
        }
        return new long[]{uss, pss, swap};
    }

    private static final byte[] PRIVATE = ascii("Private_");
    private static final byte[][] PRIVATE_KEYS = {ascii("Private_Clean:"), ascii("Private_Dirty:"), ascii("Private_Hugetlb:")};
    private static final byte[] PSS = ascii("Pss:");
    private static final byte[] SWAP = ascii("Swap:");

    /** Whether the line counts in uss: Private_Clean, Private_Dirty or Private_Hugetlb (other Private_ keys do not). */
    private static boolean unique(byte[] text, int line, int eol) {
        for (byte[] key : PRIVATE_KEYS) if (startsWith(text, line, eol, key)) return true;
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] text, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (text[at + i] != prefix[i]) return false;
        return true;
    }

    /** The value of a "Key:   N kB" line, in bytes. */
    private static long kilobytes(byte[] text, int line, int eol) {
        int s = line;
        while (s < eol && text[s] != ':') s++;
        s++;
        while (s < eol && text[s] == ' ') s++;
        int e = s;
        long kb = 0;
        while (e < eol && text[e] >= '0' && text[e] <= '9' && e - s < 18) kb = kb * 10 + (text[e++] - '0');
        if (e == s || e < eol && text[e] >= '0' && text[e] <= '9' || kb > Long.MAX_VALUE / 1024 / 4096
                || eol - e != 3 || text[e] != ' ' || text[e + 1] != 'k' || text[e + 2] != 'B')
            throw new ParseError(WHAT, "not 'Key: N kB': '"
                    + ParseError.abbreviate(new String(text, line, eol - line, StandardCharsets.UTF_8)) + "'");
        return kb * 1024;
    }

    /**
     * psutil's {@code memory_maps(grouped)}: each mapping in address order, or with {@code grouped}
     * one per path with the figures added up, in the order each path first appears. {@code path}
     * turns the header's path (blank for an anonymous mapping) into the reported one.
     */
    public static List<MemoryMap> maps(String text, boolean grouped, UnaryOperator<String> path) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return maps(b, b.length, grouped, path);
    }

    /** {@link #maps(String, boolean, UnaryOperator)} of the file's bytes {@code text[0, length)}, read in place. */
    public static List<MemoryMap> maps(byte[] text, int length, boolean grouped, UnaryOperator<String> path) {
        return maps(text, length, grouped, path, new long[3]);
    }

    /**
     * {@link #maps(byte[], int, boolean, UnaryOperator)}, adding the mappings' uss, pss and swap
     * into {@code totals} as {@link #totals(byte[], int)} counts them.
     */
    public static List<MemoryMap> maps(byte[] text, int length, boolean grouped, UnaryOperator<String> path, long[] totals) {
        Map<String, long[]> byPath = new LinkedHashMap<>(); // grouped: the figures added up per path
        List<String[]> heads = new ArrayList<>(); // not grouped: each mapping's addr, perms and path
        List<long[]> figures = new ArrayList<>(); // ... and its figures
        int[] f = new int[12];
        long[] current = null; // where the lines of the mapping being read add up
        for (int line = 0; line < length; ) {
            int eol = AsciiBytes.indexOf(text, line, length, '\n');
            if (eol < 0) eol = length;
            int space = line;
            while (space < eol && text[space] != ' ' && text[space] != '\t') space++;
            if (space > line && text[space - 1] == ':') {
                if (current == null) throw new ParseError(WHAT, "a field before the first mapping: '" + abbreviated(text, line, eol) + "'");
                figure(text, line, space - 1, eol, current);
            } else if (eol > line) {
                int count = header(text, line, eol, f);
                String name = path.apply(count == 6 ? new String(text, f[10], f[11] - f[10], StandardCharsets.UTF_8) : "");
                if (grouped) {
                    current = byPath.computeIfAbsent(name, k -> new long[FIGURES]);
                } else {
                    heads.add(new String[]{new String(text, f[0], f[1] - f[0], StandardCharsets.UTF_8),
                            new String(text, f[2], f[3] - f[2], StandardCharsets.UTF_8), name});
                    figures.add(current = new long[FIGURES]);
                }
            }
            line = eol + 1;
        }
        for (long[] m : grouped ? byPath.values() : figures) { // sums: the same over mappings or their groups
            totals[0] += m[PRIVATE_CLEAN] + m[PRIVATE_DIRTY] + m[PRIVATE_HUGETLB];
            totals[1] += m[PSS_SLOT];
            totals[2] += m[SWAP_SLOT];
        }
        List<MemoryMap> out = new ArrayList<>();
        byPath.forEach((p, m) -> out.add(map(null, null, p, m)));
        for (int i = 0; i < heads.size(); i++) out.add(map(heads.get(i)[0], heads.get(i)[1], heads.get(i)[2], figures.get(i)));
        return out;
    }

    private static MemoryMap map(String addr, String perms, String path, long[] m) {
        return new MemoryMap(addr, perms, path, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]);
    }

    /** Adds the value of a "Key: N kB" line to its slot; lines of other keys (VmFlags, ...) are skipped. */
    private static void figure(byte[] text, int keyStart, int keyEnd, int eol, long[] into) {
        int length = keyEnd - keyStart, slot = -1;
        if (length >= SLOTS_BY_LENGTH.length) return;
        for (int i : SLOTS_BY_LENGTH[length]) if (startsWith(text, keyStart, keyEnd, FIGURE_KEYS[i])) slot = i;
        if (slot < 0) return;
        long bytes = kilobytes(text, keyStart, eol);
        if (bytes > Long.MAX_VALUE - into[slot])
            throw new ParseError(WHAT, (slot < KEYS.length ? KEYS[slot] : "Private_Hugetlb") + " out of range: " + bytes / 1024 + " kB");
        into[slot] += bytes;
    }

    /** The keys of {@link #KEYS} then Private_Hugetlb, as bytes. */
    private static final byte[][] FIGURE_KEYS = figureKeys();

    /** The slots of {@link #FIGURE_KEYS} by the length of their key: a line's key is compared with those alone. */
    private static final int[][] SLOTS_BY_LENGTH = slotsByLength();

    private static int[][] slotsByLength() {
        int longest = 0;
        for (byte[] k : FIGURE_KEYS) longest = Math.max(longest, k.length);
        int[][] out = new int[longest + 1][0];
        for (int i = 0; i < FIGURE_KEYS.length; i++) {
            int[] s = out[FIGURE_KEYS[i].length];
            out[FIGURE_KEYS[i].length] = java.util.Arrays.copyOf(s, s.length + 1);
            out[FIGURE_KEYS[i].length][s.length] = i;
        }
        return out;
    }

    private static byte[][] figureKeys() {
        byte[][] out = new byte[FIGURES][];
        for (int i = 0; i < KEYS.length; i++) out[i] = ascii(KEYS[i]);
        out[PRIVATE_HUGETLB] = ascii("Private_Hugetlb");
        return out;
    }

    /**
     * The pieces of a header line {@code text[line, eol)}, {@code start-end perms offset dev inode
     * [path]}, into {@code f} as {@link #tokens} gives them; returns how many (5, or 6 with a path).
     */
    private static int header(byte[] text, int line, int eol, int[] f) {
        int count = tokens(text, line, eol, 6, f);
        boolean range = false;
        for (int i = f[0]; i < f[1] && !range; i++) range = text[i] == '-';
        if (count < 5 || !range) throw new ParseError(WHAT, "not a mapping header: '" + abbreviated(text, line, eol) + "'");
        return count;
    }

    private static String abbreviated(byte[] text, int from, int to) {
        return ParseError.abbreviate(new String(text, from, to - from, StandardCharsets.UTF_8));
    }

    /**
     * What {@code text.substring(from, to).trim().split("\\s+", max)} would give on the decoded
     * text, without the regular expression and the strings (a hot path: smaps has some 20 lines per
     * mapping): the bounds of each piece, start and end, into {@code bounds}; returns how many
     * pieces there are. The bytes of a multi-byte character are all above ' ', as the character is.
     */
    private static int tokens(byte[] text, int from, int to, int max, int[] bounds) {
        while (from < to && (text[from] & 0xff) <= ' ') from++;
        while (to > from && (text[to - 1] & 0xff) <= ' ') to--;
        int count = 0;
        int i = from;
        while (true) {
            int start = i;
            if (count == max - 1) i = to; // the last piece takes the rest
            while (i < to && !PidStatus.isSpace((char) text[i])) i++;
            if (2 * count + 1 < bounds.length) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            if (i >= to) return count;
            while (i < to && PidStatus.isSpace((char) text[i])) i++;
        }
    }
}
