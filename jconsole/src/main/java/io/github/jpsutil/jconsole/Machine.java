package io.github.jpsutil.jconsole;

/** The machine's CPU and memory from {@code jpsutil:type=System}; null where the agent gave no value. */
public record Machine(Double cpuPercent, Integer cpus, Long memoryTotalBytes, Long memoryAvailableBytes,
                      Double memoryPercent) {
    static final String[] ATTRIBUTES = {"CpuPercent", "NumCpus", "MemoryTotalBytes", "MemoryAvailableBytes", "MemoryPercent"};

    /** "CPU 12.5 % (2 CPUs) · memory 3.1 GiB used of 7.8 GiB (40.2 %)". */
    public String summary() {
        String cpu = "CPU " + Format.percent(cpuPercent) + (cpus == null ? "" : " (" + cpus + " CPUs)");
        String mem = memoryTotalBytes == null || memoryAvailableBytes == null ? "memory ?"
                : "memory " + Format.bytes(memoryTotalBytes - memoryAvailableBytes) + " used of "
                + Format.bytes(memoryTotalBytes) + " (" + Format.percent(memoryPercent) + ")";
        return cpu + " \u00b7 " + mem;
    }
}
