package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.ResourceLimit;

/**
 * What bounds a process and can be changed from outside: the CPUs it may run on, its resource
 * limits (prlimit(2), of any process), its OOM score adjustment. Each change checks the process'
 * identity right before the call; a refusal of the kernel is AccessDenied.
 */
final class ProcessLimits {
    private final LinuxProcess p;
    private final long pid;

    ProcessLimits(LinuxProcess p) {
        this.p = p;
        this.pid = p.pid();
    }

    void setCpuAffinity(int[] cpus) {
        p.checkIdentity();
        try {
            Native.schedSetaffinity((int) pid, cpus);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "sched_setaffinity(" + java.util.Arrays.toString(cpus) + ")");
        }
    }

    ResourceLimit rlimit(int resource) {
        p.checkIdentity();
        return limit(prlimit(resource, null));
    }

    void setRlimit(int resource, ResourceLimit limit) {
        p.checkIdentity();
        // INFINITY (-1) is the kernel's RLIM_INFINITY as it stands: all bits set
        prlimit(resource, new long[]{limit.soft(), limit.hard()});
    }

    private long[] prlimit(int resource, long[] set) {
        try {
            return Native.prlimit((int) pid, resource, set);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "prlimit(resource " + resource + (set == null ? ""
                    : ", soft " + set[0] + ", hard " + set[1]) + ")");
        }
    }

    /** The kernel's rlim_t values: all bits set is INFINITY; a value above Long.MAX_VALUE is as good as none. */
    private static ResourceLimit limit(long[] raw) {
        return new ResourceLimit(javaLimit(raw[0]), javaLimit(raw[1]));
    }

    private static long javaLimit(long raw) {
        return raw == -1 ? ResourceLimit.INFINITY : raw < 0 ? Long.MAX_VALUE : raw;
    }

    /** Writes oom_score_adj; lowering it below what it was needs CAP_SYS_RESOURCE (AccessDenied otherwise). */
    void setOomScoreAdj(int value) {
        p.checkIdentity();
        String file = p.dir.resolve("oom_score_adj").toString();
        try {
            Native.writeFile(file, Integer.toString(value));
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "writing " + value + " to " + file);
        }
    }
}
