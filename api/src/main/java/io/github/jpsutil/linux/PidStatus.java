package io.github.jpsutil.linux;

import io.github.jpsutil.Ids;

import java.nio.charset.StandardCharsets;

/** The fields of {@code /proc/<pid>/status} that the library uses. */
record PidStatus(long tgid, Ids uids, Ids gids, long threads) {
    private static final String WHAT = "/proc/<pid>/status";

    /** Parses the "Key:\tvalue" lines (see {@link #parse(byte[], int)}). */
    public static PidStatus parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length);
    }

    /**
     * Parses the "Key:\tvalue" lines of the first {@code length} bytes of {@code b}; only the four
     * keys used are cut out and their numbers read in place (a hot path: no String, no regular
     * expression). The first line of each key counts (the kernel writes each once), and the scan
     * stops once all four are seen: Threads comes about halfway through the file, before the
     * signal masks, capabilities and CPU lists that make up the rest.
     */
    public static PidStatus parse(byte[] b, int length) {
        // start and end of each value, trimmed; -1 while its line was not seen
        int[] tgid = {-1, -1}, uid = {-1, -1}, gid = {-1, -1}, threads = {-1, -1};
        int line = 0;
        int missing = 4;
        while (line <= length && missing > 0) {
            int eol = AsciiBytes.indexOf(b, line, length, '\n');
            if (eol < 0) eol = length;
            int[] target = null;
            int colon = -1; // after the key of one of the four lines used
            if (line < eol) {
                switch (b[line]) { // the first letter picks the keys the line may have
                    case 'U' -> {
                        colon = keyEnd(b, line, eol, "Uid");
                        target = uid;
                    }
                    case 'G' -> {
                        colon = keyEnd(b, line, eol, "Gid");
                        target = gid;
                    }
                    case 'T' -> {
                        colon = keyEnd(b, line, eol, "Tgid");
                        target = tgid;
                        if (colon < 0) {
                            colon = keyEnd(b, line, eol, "Threads");
                            target = threads;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (colon >= 0 && target[0] < 0) {
                missing--;
                int s = colon + 1;
                int e = eol;
                while (s < e && AsciiBytes.isBlank(b[s])) s++;
                while (e > s && AsciiBytes.isBlank(b[e - 1])) e--;
                target[0] = s;
                target[1] = e;
            }
            line = eol + 1;
        }
        return new PidStatus(number("Tgid", b, tgid), ids("Uid", b, uid), ids("Gid", b, gid),
                number("Threads", b, threads));
    }

    /**
     * Whether a SIGKILL waits to be taken, for the thread (SigPnd) or the whole process (ShdPnd):
     * the masks are hexadecimal, signal N is bit N-1. Absent lines count as nothing pending.
     */
    static boolean sigkillPending(String text) {
        for (String line : text.split("\n")) {
            if (!line.startsWith("SigPnd:") && !line.startsWith("ShdPnd:")) continue;
            String mask = line.substring(7).trim();
            // SIGKILL (9) is bit 8: the third hex digit from the right
            if (mask.length() < 3) continue;
            int digit = Character.digit(mask.charAt(mask.length() - 3), 16);
            if (digit < 0) throw new ParseError(WHAT, "not a hexadecimal mask: '" + ParseError.abbreviate(line) + "'");
            if ((digit & 1) != 0) return true;
        }
        return false;
    }

    /** The position of the ':' after {@code key} when the line {@code b[line, eol)} is "key:...", else -1. */
    private static int keyEnd(byte[] b, int line, int eol, String key) {
        int colon = line + key.length();
        return colon < eol && b[colon] == ':' && AsciiBytes.startsWith(b, line, eol, key) ? colon : -1;
    }

    private static long number(String key, byte[] b, int[] value) {
        if (value[0] < 0) throw new ParseError(WHAT, "no " + key + " line");
        return ParseError.parseLong(WHAT, key, -1, b, value[0], value[1]);
    }

    /** Real, effective and saved ids of a "Uid:" or "Gid:" value: the first three of its whitespace-separated ids. */
    private static Ids ids(String key, byte[] b, int[] value) {
        if (value[0] < 0) throw new ParseError(WHAT, "no " + key + " line");
        int end = value[1];
        int[] bounds = new int[6];
        int count = 0;
        int i = value[0];
        do {
            int start = i;
            while (i < end && !isSpace(b[i])) i++;
            if (count < 3) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < end && isSpace(b[i])) i++;
        } while (i < end);
        if (count < 3) throw new ParseError(WHAT, key + " has " + count + " ids, expected 4");
        return new Ids(ParseError.parseLong(WHAT, key, -1, b, bounds[0], bounds[1]),
                ParseError.parseLong(WHAT, key, -1, b, bounds[2], bounds[3]),
                ParseError.parseLong(WHAT, key, -1, b, bounds[4], bounds[5]));
    }

    /** {@link #isSpace(char)} of a byte of UTF-8 text. */
    static boolean isSpace(byte c) {
        return isSpace((char) c);
    }

    /** The characters of the regular expression {@code \s}. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
