package io.github.jpsutil.linux;

import io.github.jpsutil.Status;

/**
 * The fields of {@code /proc/<pid>/stat} (or {@code task/<tid>/stat}) that the library uses; times in
 * clock ticks, sizes as the kernel gives them (rss in pages).
 */
public record PidStat(long pid, String comm, Status status, long ppid, long utime, long stime, long cutime,
                      long cstime, int nice, long numThreads, long startTicks, long vsize, long rssPages,
                      long blkioTicks) {

    private static final String WHAT = "/proc/<pid>/stat";
    /** Field index (1-based, as in proc(5)) of the last field every kernel since 2.6 has. */
    private static final int LAST_REQUIRED = 24;
    private static final int DELAYACCT_BLKIO_TICKS = 42;

    /**
     * Parses one stat line. The name lies between the first '(' and the last ')', since the name
     * itself may hold ')' , spaces or anything but NUL.
     */
    public static PidStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open)
            throw new ParseError(WHAT, "no '(name)' in '" + ParseError.abbreviate(text) + "'");
        long pid = ParseError.parseLong(WHAT, "pid", text.substring(0, open).trim());
        String comm = text.substring(open + 1, close);
        String[] f = text.substring(close + 1).trim().split(" +");
        // f[0] is field 3 (state).
        if (f.length < LAST_REQUIRED - 2 || f[0].length() != 1)
            throw new ParseError(WHAT, "only " + (f.length + 2) + " fields after the name");
        Status status;
        try {
            status = Status.fromStateChar(f[0].charAt(0));
        } catch (IllegalArgumentException e) {
            throw new ParseError(WHAT, e.getMessage());
        }
        return new PidStat(pid, comm, status,
                field(f, 4), field(f, 14), field(f, 15), field(f, 16), field(f, 17),
                (int) field(f, 19), field(f, 20), field(f, 22), field(f, 23), field(f, 24),
                f.length >= DELAYACCT_BLKIO_TICKS - 2 ? field(f, DELAYACCT_BLKIO_TICKS) : 0);
    }

    private static long field(String[] f, int number) {
        return ParseError.parseLong(WHAT, "field " + number, f[number - 3]);
    }
}
