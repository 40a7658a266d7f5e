package io.github.jpsutil;

/** Memory of one process in bytes, from {@code /proc/<pid>/statm} (psutil's {@code pmem} on Linux). */
public record MemoryInfo(long rss, long vms, long shared, long text, long data) {
}
