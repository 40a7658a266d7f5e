package io.github.jpsutil;

import java.time.Duration;
import java.util.Collection;

/**
 * The machine's process events as the kernel reports them, from {@link Psutil#processEvents()}:
 * every fork, exec and exit of every process, in the kernel's order (no polling, nothing missed
 * however short-lived, unless the reader falls behind, which {@link ProcessEvent.Kind#LOST} says).
 * An exec is told at once, while the new program runs; forks and exits may wait up to about 10 ms
 * (they come at once with the next exec), so that a busy machine's forks and exits do not each
 * wake the reader. One thread reads it; any thread may close it, which ends a wait under way.
 */
public interface ProcessEventStream extends AutoCloseable {
    /**
     * The next event, waiting as long as it takes (the thread sleeps in the kernel meanwhile); null
     * once the stream is closed.
     */
    ProcessEvent next();

    /** The next event, waiting at most {@code timeout}; null when none came by then, or once the stream is closed. */
    ProcessEvent next(Duration timeout);

    /**
     * Moves the events that came with the last one {@link #next()} returned (the rest of the burst
     * its wake-up took from the kernel) into {@code sink}, in order, without waiting and without
     * asking the kernel again: a burst of events costs one wake-up. Returns how many it moved.
     */
    int drainTo(Collection<? super ProcessEvent> sink);

    /** Stops the events and releases the socket; a thread waiting in {@link #next()} returns null. */
    @Override
    void close();
}
