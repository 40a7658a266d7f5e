package io.github.jpsutil;

/**
 * The memory figures of {@code /proc/<pid>/status}, in bytes: the peaks of resident and virtual
 * size (VmHWM, VmPeak), the resident set split into anonymous, file-backed and shared-memory pages
 * (RssAnon, RssFile, RssShmem), memory locked in RAM (VmLck), swapped out (VmSwap) and held by
 * page tables (VmPTE). A process without memory of its own (a kernel thread, a zombie) has 0.
 */
public record MemoryInfoEx(long peakRss, long peakVms, long rssAnon, long rssFile, long rssShmem, long locked,
                           long swap, long pageTables) {
}
