package io.github.jpsutil;

/**
 * I/O of one process from {@code /proc/<pid>/io}: system calls, bytes that reached storage,
 * and bytes passed through read/write calls (chars).
 */
public record IoCounters(long readCount, long writeCount, long readBytes, long writeBytes,
                         long readChars, long writeChars) {
}
