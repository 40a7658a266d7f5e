package io.github.jpsutil;

/**
 * The resources of {@link OsProcess#rlimit} (psutil's {@code RLIMIT_*} constants, with Linux's
 * numbers). Their limits are {@link ResourceLimit}s.
 */
public enum Rlimit {
    RLIMIT_CPU(0), RLIMIT_FSIZE(1), RLIMIT_DATA(2), RLIMIT_STACK(3), RLIMIT_CORE(4), RLIMIT_RSS(5), RLIMIT_NPROC(6),
    RLIMIT_NOFILE(7), RLIMIT_MEMLOCK(8), RLIMIT_AS(9), RLIMIT_LOCKS(10), RLIMIT_SIGPENDING(11), RLIMIT_MSGQUEUE(12),
    RLIMIT_NICE(13), RLIMIT_RTPRIO(14), RLIMIT_RTTIME(15);

    private final int code;

    Rlimit(int code) {
        this.code = code;
    }

    /** The kernel's number of the resource. */
    public int code() {
        return code;
    }

    /** A resource by psutil's name ({@code RLIMIT_NOFILE}) or without its prefix, any case ({@code nofile}). */
    public static Rlimit parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        for (Rlimit r : values()) if (r.name().equals(n) || r.name().equals("RLIMIT_" + n)) return r;
        throw new IllegalArgumentException("unknown resource '" + name + "' (one of " + java.util.Arrays.toString(values()) + ")");
    }
}
