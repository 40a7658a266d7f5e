package io.github.jpsutil;

/**
 * The soft and hard limit of one resource ({@link Rlimit}), as psutil's {@code rlimit()} gives
 * them: a number, or {@link #INFINITY} (-1, Python's {@code resource.RLIM_INFINITY}) for no limit,
 * which is the kernel's RLIM_INFINITY (all bits set). The soft limit is what the kernel enforces;
 * the hard limit is the ceiling an unprivileged process may raise its soft limit to.
 */
public record ResourceLimit(long soft, long hard) {
    /** No limit. */
    public static final long INFINITY = -1;

    public ResourceLimit {
        if (soft < INFINITY || hard < INFINITY)
            throw new IllegalArgumentException("a limit is 0 or more, or INFINITY (-1): got soft " + soft + ", hard " + hard);
        if (hard != INFINITY && (soft == INFINITY || soft > hard))
            throw new IllegalArgumentException("the soft limit " + show(soft) + " is above the hard limit " + show(hard));
    }

    private static String show(long v) {
        return v == INFINITY ? "INFINITY" : Long.toString(v);
    }

    @Override
    public String toString() {
        return "ResourceLimit(soft=" + show(soft) + ", hard=" + show(hard) + ")";
    }
}
