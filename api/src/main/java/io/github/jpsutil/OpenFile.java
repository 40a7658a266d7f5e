package io.github.jpsutil;

/**
 * A regular file a process has open (psutil's {@code popenfile}): position in bytes, mode as
 * for {@code open()} in Python ("r", "w", "a", "r+", "a+"), and the raw {@code O_*} flags.
 */
public record OpenFile(String path, int fd, long position, String mode, int flags) {
}
