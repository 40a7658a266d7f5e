package io.github.jpsutil;

/**
 * One event of the kernel's process life cycle, for a whole process (threads are left out).
 *
 * @param kind       what happened
 * @param pid        the process (for {@link Kind#FORK} the new one)
 * @param parentPid  its parent (the process that forked it); 0 where the event does not say ({@link Kind#EXEC})
 * @param exitStatus for {@link Kind#EXIT}, psutil's form: the exit code, or minus the signal that
 *                   ended it; 0 for the other kinds
 * @param nanos      when it happened, in nanoseconds of the kernel's monotonic clock since boot;
 *                   0 for {@link Kind#LOST}
 */
public record ProcessEvent(Kind kind, long pid, long parentPid, int exitStatus, long nanos) {
    public enum Kind {
        /** A new process: {@code pid} forked from {@code parentPid}. */
        FORK,
        /** The process became another program (its name and command line changed). */
        EXEC,
        /** The process ended; it may still be a zombie until its parent reaps it. */
        EXIT,
        /** The kernel dropped events because the reader fell behind: what happened meanwhile is unknown. */
        LOST
    }
}
