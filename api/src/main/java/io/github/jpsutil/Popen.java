package io.github.jpsutil;

/**
 * A child started through {@link Psutil#start(ProcessBuilder)}: the JDK's {@link java.lang.Process}
 * for its streams and exit value, and the {@link OsProcess} handle for everything psutil offers.
 */
public record Popen(java.lang.Process process, OsProcess handle) {
    public long pid() {
        return handle.pid();
    }
}
