package io.github.jpsutil;

/**
 * psutil's {@code memory_full_info()}: {@link MemoryInfo}'s figures and, from the process' page
 * mappings, its unique set size (memory that would be freed if it exited: private pages), its
 * proportional set size (each shared page divided among the processes sharing it) and its swapped
 * out memory, in bytes. Reading the mappings walks every page table of the process: a heavy read.
 */
public record MemoryFullInfo(long rss, long vms, long shared, long text, long data, long uss, long pss, long swap) {
}
