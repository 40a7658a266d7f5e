package io.github.jpsutil;

/** Time the CPUs of the machine spent in each mode, in seconds, from {@code /proc/stat} (psutil's {@code scputimes}). */
public record SystemCpuTimes(double user, double nice, double system, double idle, double iowait, double irq,
                             double softirq, double steal, double guest, double guestNice) {
    /** All time, without guest and guest nice which the kernel already counts in user and nice. */
    public double total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** Time not idle and not waiting for I/O. */
    public double busy() {
        return total() - idle - iowait;
    }
}
