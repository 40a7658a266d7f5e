package io.github.jpsutil.linux;

import io.github.jpsutil.Status;

import java.nio.charset.StandardCharsets;

/**
 * The fields of {@code /proc/<pid>/stat} (or {@code task/<tid>/stat}) that the library uses; times in
 * clock ticks, sizes as the kernel gives them (rss in pages), page faults as counts; the controlling
 * terminal as the kernel's device number (0 for none), the CPU it last ran on (-1 on kernels that
 * do not say).
 */
record PidStat(long pid, String comm, Status status, long ppid, long utime, long stime, long cutime,
                      long cstime, int nice, long numThreads, long startTicks, long vsize, long rssPages,
                      long blkioTicks, long minorFaults, long majorFaults, long ttyNr, int processor) {

    private static final String WHAT = "/proc/<pid>/stat";
    /** Field index (1-based, as in proc(5)) of the last field every kernel since 2.6 has. */
    private static final int LAST_REQUIRED = 24;
    private static final int DELAYACCT_BLKIO_TICKS = 42;
    private static final int PROCESSOR = 39;

    /** Parses one stat line (see {@link #parse(byte[], int)}). */
    public static PidStat parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, b.length);
    }

    /**
     * Parses one stat line, the first {@code length} bytes of {@code b} as the kernel wrote them.
     * The name lies between the first '(' and the last ')', since the name itself may hold ')' ,
     * spaces or anything but NUL. The fields after it are separated by runs of spaces (a hot path:
     * the numbers are read from the bytes in place; only the name becomes a String).
     */
    public static PidStat parse(byte[] b, int length) {
        int open = AsciiBytes.indexOf(b, 0, length, '(');
        int close = length - 1;
        while (close >= 0 && b[close] != ')') close--;
        if (open < 0 || close < open)
            throw new ParseError(WHAT, "no '(name)' in '" + ParseError.abbreviate(ParseError.text(b, 0, length)) + "'");
        int pidFrom = 0;
        int pidTo = open;
        while (pidFrom < pidTo && AsciiBytes.isBlank(b[pidFrom])) pidFrom++;
        while (pidTo > pidFrom && AsciiBytes.isBlank(b[pidTo - 1])) pidTo--;
        long pid = ParseError.parseLong(WHAT, "pid", -1, b, pidFrom, pidTo);
        String comm = ParseError.text(b, open + 1, close);
        // The fields after the name, trimmed and split on runs of ' ', as trim().split(" +") would,
        // up to the last one kept (the counts compared below are all at most KEPT): values[k] is
        // field k + 3 when it is plain digits, read on the way; other fields (a negative nice, a
        // field too long) are read from their bounds when used, so that they fail as before.
        int from = close + 1;
        int to = length;
        while (from < to && AsciiBytes.isBlank(b[from])) from++;
        while (to > from && AsciiBytes.isBlank(b[to - 1])) to--;
        long[] values = new long[KEPT];
        int[] bounds = null; // of the fields that are not plain digits
        int stateEnd = from;
        int count = 0;
        int i = from;
        do {
            int start = i;
            long v = 0;
            boolean plain = true;
            for (; i < to && b[i] != ' '; i++) {
                int d = b[i] - '0';
                plain &= d >= 0 && d <= 9;
                v = v * 10 + d;
            }
            if (count == 0) {
                stateEnd = i;
            } else if (plain && i > start && i - start <= 18) {
                values[count] = v;
            } else if (USED[count]) { // another field (rsslim's 20 digits) is never read: no bounds kept
                if (bounds == null) bounds = new int[2 * KEPT];
                values[count] = -1;
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < to && b[i] == ' ') i++;
        } while (i < to && count < KEPT);
        if (count < LAST_REQUIRED - 2 || stateEnd - from != 1)
            throw new ParseError(WHAT, "only " + (count + 2) + " fields after the name");
        Status status;
        try {
            status = Status.fromStateChar((char) (b[from] & 0xff));
        } catch (IllegalArgumentException e) {
            throw new ParseError(WHAT, e.getMessage());
        }
        return new PidStat(pid, comm, status, field(b, values, bounds, 4),
                field(b, values, bounds, 14), field(b, values, bounds, 15),
                field(b, values, bounds, 16), field(b, values, bounds, 17),
                (int) field(b, values, bounds, 19), field(b, values, bounds, 20),
                field(b, values, bounds, 22), field(b, values, bounds, 23), field(b, values, bounds, 24),
                count >= DELAYACCT_BLKIO_TICKS - 2 ? field(b, values, bounds, DELAYACCT_BLKIO_TICKS) : 0,
                field(b, values, bounds, 10), field(b, values, bounds, 12), field(b, values, bounds, 7),
                count >= PROCESSOR - 2 ? (int) field(b, values, bounds, PROCESSOR) : -1);
    }

    /** Field 9 of a stat line: the kernel's PF_* flags of the task (PF_EXITING = 0x4 once it is exiting). */
    static long flags(String text) {
        int close = text.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : text.substring(close + 1).trim().split(" +");
        if (f.length < 7) throw new ParseError(WHAT, "no flags field in '" + ParseError.abbreviate(text) + "'");
        return ParseError.parseLong(WHAT, "flags", f[6]);
    }

    /** Fields kept by {@link #parse}: 3 (state) to 42 (delay accounting). */
    private static final int KEPT = DELAYACCT_BLKIO_TICKS - 2;

    /** USED[k]: whether {@link #parse} reads field k + 3 into the record. */
    private static final boolean[] USED = new boolean[KEPT];

    static {
        for (int field : new int[]{4, 7, 10, 12, 14, 15, 16, 17, 19, 20, 22, 23, 24, PROCESSOR, DELAYACCT_BLKIO_TICKS})
            USED[field - 3] = true;
    }

    /** Field {@code number} (3 is the state): read on the way, or from its bounds when it is not plain digits. */
    private static long field(byte[] b, long[] values, int[] bounds, int number) {
        int k = number - 3;
        long v = values[k];
        return v >= 0 ? v : ParseError.parseLong(WHAT, "field ", number, b, bounds[2 * k], bounds[2 * k + 1]);
    }
}
