package io.github.jpsutil.linux;

import io.github.jpsutil.Status;

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

    /**
     * Parses one stat line. The name lies between the first '(' and the last ')', since the name
     * itself may hold ')' , spaces or anything but NUL. The fields after it are separated by runs
     * of spaces (a hot path: no regular expression, no substring per field).
     */
    public static PidStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open)
            throw new ParseError(WHAT, "no '(name)' in '" + ParseError.abbreviate(text) + "'");
        long pid = ParseError.parseLong(WHAT, "pid", text.substring(0, open).trim());
        String comm = text.substring(open + 1, close);
        // The fields after the name, trimmed and split on runs of ' ', as trim().split(" +") would:
        // start and end of the first KEPT fields (f[0] is field 3, state), and how many there are.
        int from = close + 1;
        int to = text.length();
        while (from < to && text.charAt(from) <= ' ') from++;
        while (to > from && text.charAt(to - 1) <= ' ') to--;
        int[] bounds = new int[2 * KEPT];
        int count = 0;
        int i = from;
        do {
            int start = i;
            while (i < to && text.charAt(i) != ' ') i++;
            if (count < KEPT) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
            while (i < to && text.charAt(i) == ' ') i++;
        } while (i < to);
        if (count < LAST_REQUIRED - 2 || bounds[1] - bounds[0] != 1)
            throw new ParseError(WHAT, "only " + (count + 2) + " fields after the name");
        Status status;
        try {
            status = Status.fromStateChar(text.charAt(bounds[0]));
        } catch (IllegalArgumentException e) {
            throw new ParseError(WHAT, e.getMessage());
        }
        return new PidStat(pid, comm, status,
                field(text, bounds, 4), field(text, bounds, 14), field(text, bounds, 15), field(text, bounds, 16),
                field(text, bounds, 17), (int) field(text, bounds, 19), field(text, bounds, 20),
                field(text, bounds, 22), field(text, bounds, 23), field(text, bounds, 24),
                count >= DELAYACCT_BLKIO_TICKS - 2 ? field(text, bounds, DELAYACCT_BLKIO_TICKS) : 0,
                field(text, bounds, 10), field(text, bounds, 12), field(text, bounds, 7),
                count >= PROCESSOR - 2 ? (int) field(text, bounds, PROCESSOR) : -1);
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

    private static long field(String text, int[] bounds, int number) {
        int start = bounds[2 * (number - 3)];
        int end = bounds[2 * (number - 3) + 1];
        return ParseError.parseLong(WHAT, "field ", number, text, start, end);
    }
}
