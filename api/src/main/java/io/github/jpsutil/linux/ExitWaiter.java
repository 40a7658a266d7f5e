package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.backend.ExitWait;

import java.util.OptionalInt;

/**
 * Waits for any process (not only a child) to end without looking again and again: a pidfd
 * becomes readable when its process ends, and the thread sleeps in poll(2) until then. The exit
 * status comes from the kernel's PIDFD_GET_INFO (6.15+) once the parent has reaped the process.
 */
final class ExitWaiter {
    /** The longest single poll: between two, an interrupt of the waiting thread is noticed. */
    private static final int SLICE_MILLIS = 250;
    /**
     * After the exit, how long the parent gets to reap the process so that the kernel can tell its
     * status (the kernel signals the exit, not the reaping: this is looked at, 1 ms apart at first).
     * A parent that never reaps costs a wait this long, and the status stays unknown.
     */
    static final long REAP_GRACE_NANOS = 200_000_000L;

    static final java.nio.file.Path KERNEL_PROC = java.nio.file.Path.of("/proc");

    private ExitWaiter() {
    }

    /**
     * Null when the kernel has no pidfd_open (before 5.3), JNA is missing, or the process lies in
     * another proc tree than the kernel's own (a test's fake one, whose pids are not this kernel's):
     * the caller then polls.
     */
    static ExitWait await(LinuxProcess p, long timeoutNanos) {
        if (!Native.available() || !p.dir.getParent().equals(KERNEL_PROC)) return null;
        int fd;
        try {
            fd = Native.pidfdOpen((int) p.pid());
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) return new ExitWait(true, OptionalInt.empty());
            throw Errno.translate(e, p.pid(), p.knownName(), "pidfd_open");
        }
        if (fd < 0) return null;
        try {
            try {
                p.checkIdentity(); // the pidfd holds the process we mean, not a later owner of its pid
            } catch (NoSuchProcess gone) {
                return new ExitWait(true, OptionalInt.empty());
            }
            long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            while (true) {
                long left = deadline - System.nanoTime();
                int slice = timeoutNanos < 0 ? SLICE_MILLIS : (int) Math.max(0, Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000));
                if (Native.pollReadable(fd, slice)) return new ExitWait(true, status(fd));
                if (Thread.currentThread().isInterrupted())
                    throw new JpsutilException("interrupted while waiting for pid " + p.pid());
                if (timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) return new ExitWait(false, OptionalInt.empty());
            }
        } finally {
            Native.libc("close").close(fd);
        }
    }

    /** The status in psutil's form once the parent has reaped the process (a short grace), else empty. */
    private static OptionalInt status(int fd) {
        long end = System.nanoTime() + REAP_GRACE_NANOS;
        for (int pause = 1; ; pause = Math.min(pause * 2, 20)) {
            Integer raw = Native.pidfdExitStatus(fd);
            if (raw != null) return OptionalInt.of(psutilForm(raw));
            if (System.nanoTime() > end) return OptionalInt.empty();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            }
        }
    }

    /** A wait status as psutil reports it: the exit code, or minus the signal that ended the process. */
    static int psutilForm(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : -signal;
    }
}
