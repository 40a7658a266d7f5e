package io.github.jpsutil;

/**
 * A logged-in user (psutil's {@code suser}): name, terminal, host (empty for a local login),
 * when the session started in seconds since the epoch, and the session's process.
 */
public record User(String name, String terminal, String host, double started, long pid) {
}
