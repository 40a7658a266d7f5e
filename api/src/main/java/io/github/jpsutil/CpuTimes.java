package io.github.jpsutil;

/**
 * CPU time of one process in seconds (psutil's {@code pcputimes}). {@code iowait} is the time
 * spent waiting for block I/O (delay accounting); 0 where the kernel does not account it.
 */
public record CpuTimes(double user, double system, double childrenUser, double childrenSystem, double iowait) {
    /** user + system: what the process itself used. */
    public double total() {
        return user + system;
    }
}
