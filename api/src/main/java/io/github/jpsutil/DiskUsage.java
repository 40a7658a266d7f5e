package io.github.jpsutil;

/**
 * Space of the file system that holds a path, in bytes (psutil's {@code sdiskusage}), as {@code df}
 * shows it: {@code free} is what unprivileged users may still use, so blocks reserved for root
 * count neither as free nor as used, and {@code percent} is used / (used + free).
 */
public record DiskUsage(long total, long used, long free, double percent) {
}
