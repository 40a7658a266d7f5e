package io.github.jpsutil.backend;

import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Processes watched for their end by one thread that sleeps in the kernel until one of them ends
 * (on Linux: poll(2) on their pidfds). Thread-safe.
 */
public interface ExitWatcher extends AutoCloseable {
    /**
     * Watches the process under {@code key}: {@code onExit} runs once, on the watcher's thread, when
     * it ends, with its exit status in psutil's form where the kernel tells it. A process that has
     * already ended is told at once, on the calling thread. False where the kernel cannot watch it
     * (the caller then looks from time to time); then nothing is called.
     */
    boolean add(Backend.ProcessReader process, Object key, Consumer<OptionalInt> onExit);

    /** Stops watching; true when {@code key} was watched (its onExit will not run). */
    boolean remove(Object key);

    /** The processes watched now. */
    int size();

    /** Stops the thread and closes every descriptor; the callbacks not run yet never run. */
    @Override
    void close();
}
