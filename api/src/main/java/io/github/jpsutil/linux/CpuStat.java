package io.github.jpsutil.linux;

/** The first ("cpu") line and the boot time of {@code /proc/stat}; times in clock ticks. */
record CpuStat(long[] ticks, long bootTime) {
    private static final String WHAT = "/proc/stat";

    /**
     * Parses /proc/stat. Kernels before 2.6.11 have fewer than ten cpu fields; the missing ones
     * (steal, guest, guest nice) are 0, as psutil reports them.
     */
    public static CpuStat parse(String text) {
        long[] ticks = null;
        long btime = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                long[] n = Fields.numbers(line.substring(4), 4, WHAT + " cpu line");
                ticks = java.util.Arrays.copyOf(n, 10);
            } else if (line.startsWith("btime ")) {
                btime = ParseError.parseLong(WHAT, "btime", line.substring(6).trim());
            }
        }
        if (ticks == null) throw new ParseError(WHAT, "no 'cpu' line");
        if (btime < 0) throw new ParseError(WHAT, "no 'btime' line");
        return new CpuStat(ticks, btime);
    }
}
