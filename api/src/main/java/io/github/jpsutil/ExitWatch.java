package io.github.jpsutil;

import io.github.jpsutil.backend.ExitWatcher;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Processes watched for their end, from {@link Psutil#exitWatch()}: one daemon thread sleeps in
 * the kernel until one of them ends (on Linux, poll(2) on a pidfd of each), so that an exit is
 * known at once without looking at the processes again and again, and any process' exit status
 * where the kernel tells it (Linux 6.15+, once its parent has reaped it; a child of this JVM as
 * {@link OsProcess#waitFor} gives it). The thread runs only while something is watched. At most an
 * eighth of the open-files limit (RLIMIT_NOFILE) is watched at once. Thread-safe; close it when done.
 */
public final class ExitWatch implements AutoCloseable {
    private final ExitWatcher watcher;

    ExitWatch(ExitWatcher watcher) {
        this.watcher = watcher;
    }

    /**
     * Watches {@code process}: {@code onExit} runs once, on the watch's thread, when it ends, with its
     * exit status in psutil's form (the exit code, or minus the signal that ended it), empty where
     * the kernel does not tell it. A process that has already ended is told at once, on this thread.
     * Watching it again replaces the callback. False, and nothing is ever called, where it cannot
     * be watched (a kernel without pidfds, before Linux 5.3; no native access; a proc root other than
     * the kernel's own; the limit of descriptors reached): look at it from time to time instead.
     *
     * @throws IllegalStateException once this watch is closed
     */
    public boolean add(OsProcess process, Consumer<OptionalInt> onExit) {
        Objects.requireNonNull(onExit, "onExit");
        try {
            return watcher.add(process.fresh(), process, onExit);
        } catch (NoSuchProcess gone) {
            onExit.accept(OptionalInt.empty());
            return true;
        }
    }

    /** Stops watching {@code process}; true when it was watched (its callback will not run). */
    public boolean remove(OsProcess process) {
        return watcher.remove(process);
    }

    /** How many processes are watched now. */
    public int size() {
        return watcher.size();
    }

    /** Stops the thread and closes every descriptor; callbacks not yet run never run. */
    @Override
    public void close() {
        watcher.close();
    }
}
