package io.github.jpsutil;

/**
 * Pressure stall information (PSI): how much of the time tasks waited for CPU, memory or I/O, of
 * the whole machine (/proc/pressure) or of one cgroup (cpu.pressure, ...). A resource the kernel
 * does not report is null.
 *
 * @param cpu    waiting for a CPU
 * @param memory waiting for memory (reclaim, swap-in, refaults)
 * @param io     waiting for block I/O
 */
public record Pressure(Stall cpu, Stall memory, Stall io) {
    /**
     * One resource.
     *
     * @param some time at least one task waited
     * @param full time all non-idle tasks waited at once; null where the kernel has no such line
     *             (the machine's CPU before Linux 5.13)
     */
    public record Stall(Line some, Line full) {
    }

    /**
     * @param avg10        percent of the last 10 seconds spent stalled
     * @param avg60        percent of the last 60 seconds
     * @param avg300       percent of the last 300 seconds
     * @param totalSeconds stalled time since boot (or since the cgroup was made), in seconds
     */
    public record Line(double avg10, double avg60, double avg300, double totalSeconds) {
    }
}
