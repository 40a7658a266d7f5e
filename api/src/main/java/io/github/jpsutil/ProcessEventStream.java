package io.github.jpsutil;

/**
 * The machine's process events as the kernel reports them, from {@link Psutil#processEvents()}:
 * every fork, exec and exit of every process, as they happen (no polling, nothing missed however
 * short-lived, unless the reader falls behind, which {@link ProcessEvent.Kind#LOST} says). One
 * thread reads it and closes it.
 */
public interface ProcessEventStream extends AutoCloseable {
    /**
     * The next event; null when none came within a short wait (a quarter second), so that a reader
     * loop can look at its own stop flag.
     */
    ProcessEvent next();

    /** Stops the events and releases the socket. */
    @Override
    void close();
}
