package io.github.jpsutil.linux;

import io.github.jpsutil.Ids;

/** The fields of {@code /proc/<pid>/status} that the library uses. */
record PidStatus(long tgid, Ids uids, Ids gids, long threads) {
    private static final String WHAT = "/proc/<pid>/status";

    /**
     * Parses the "Key:\tvalue" lines; only the four keys used are cut out (a hot path: no
     * substring for the other fifty lines, no regular expression). A key seen twice keeps the last.
     */
    public static PidStatus parse(String text) {
        // start and end of each value, trimmed; -1 while its line was not seen
        int[] tgid = {-1, -1}, uid = {-1, -1}, gid = {-1, -1}, threads = {-1, -1};
        int n = text.length();
        int line = 0;
        int colon = -1; // the first ':' at or after line (n when there is none): found once per colon
        while (line <= n) {
            int eol = text.indexOf('\n', line);
            if (eol < 0) eol = n;
            if (colon < line) {
                colon = text.indexOf(':', line);
                if (colon < 0) colon = n;
            }
            if (colon < eol) {
                int[] target = null;
                switch (colon - line) {
                    case 3:
                        if (text.startsWith("Uid", line)) target = uid;
                        else if (text.startsWith("Gid", line)) target = gid;
                        break;
                    case 4:
                        if (text.startsWith("Tgid", line)) target = tgid;
                        break;
                    case 7:
                        if (text.startsWith("Threads", line)) target = threads;
                        break;
                    default:
                        break;
                }
                if (target != null) {
                    int s = colon + 1;
                    int e = eol;
                    while (s < e && text.charAt(s) <= ' ') s++;
                    while (e > s && text.charAt(e - 1) <= ' ') e--;
                    target[0] = s;
                    target[1] = e;
                }
            }
            line = eol + 1;
        }
        return new PidStatus(number("Tgid", text, tgid), ids("Uid", text, uid), ids("Gid", text, gid),
                number("Threads", text, threads));
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

    private static long number(String key, String text, int[] value) {
        if (value[0] < 0) throw new ParseError(WHAT, "no " + key + " line");
        return ParseError.parseLong(WHAT, key, -1, text, value[0], value[1]);
    }

    /** Real, effective and saved ids of a "Uid:" or "Gid:" value: the first three of its whitespace-separated ids. */
    private static Ids ids(String key, String text, int[] value) {
        if (value[0] < 0) throw new ParseError(WHAT, "no " + key + " line");
        int end = value[1];
        int[] bounds = new int[6];
        int count = 0;
        int i = value[0];
        do {
            int start = i;
            while (i < end && !isSpace(text.charAt(i))) i++;
            if (count < 3) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < end && isSpace(text.charAt(i))) i++;
        } while (i < end);
        if (count < 3) throw new ParseError(WHAT, key + " has " + count + " ids, expected 4");
        return new Ids(ParseError.parseLong(WHAT, key, -1, text, bounds[0], bounds[1]),
                ParseError.parseLong(WHAT, key, -1, text, bounds[2], bounds[3]),
                ParseError.parseLong(WHAT, key, -1, text, bounds[4], bounds[5]));
    }

    /** The characters of the regular expression {@code \s}. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
