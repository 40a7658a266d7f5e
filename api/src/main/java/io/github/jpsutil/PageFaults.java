package io.github.jpsutil;

/**
 * Page faults of one process since it started (psutil's {@code pfaults}): minor ones, served
 * from memory, and major ones, which had to read from disk.
 */
public record PageFaults(long minor, long major) {
}
