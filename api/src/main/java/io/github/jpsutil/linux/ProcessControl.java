package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.IoClass;
import io.github.jpsutil.Ionice;

/**
 * Calls that act on a process (signals, nice, I/O priority) through the kernel's system calls.
 * Each act checks the process' identity right before the call.
 */
final class ProcessControl {
    private final LinuxProcess p;
    private final long pid;

    ProcessControl(LinuxProcess p) {
        this.p = p;
        this.pid = p.pid();
    }

    /**
     * Sends a signal to exactly this process: through a pidfd where the kernel has them (5.3+), so
     * that a pid reused between the identity check and the signal cannot be hit; otherwise kill(2)
     * right after the check.
     */
    void sendSignal(int sig) {
        try {
            int pidfd = Native.pidfdOpen((int) pid);
            if (pidfd >= 0) {
                try {
                    p.checkIdentity();
                    Native.pidfdSendSignal(pidfd, sig);
                } finally {
                    Native.libc("close").close(pidfd);
                }
            } else {
                p.checkIdentity();
                Native.libc("kill").kill((int) pid, sig);
            }
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "signal " + sig);
        }
    }

    void setNice(int value) {
        p.checkIdentity();
        try {
            Native.libc("setpriority").setpriority(Native.PRIO_PROCESS, (int) pid, value);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "setpriority(" + value + ")");
        }
    }

    /**
     * A reading, not an act: the process is the one whose stat this reading holds (read afresh
     * outside a oneshot view), as for its files.
     */
    Ionice ionice() {
        p.stat();
        long prio;
        try {
            prio = Native.ioprioGet((int) pid);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "ioprio_get");
        }
        return new Ionice(IoClass.fromCode((int) (prio >> 13)), (int) (prio & 0x1fff));
    }

    void setIonice(IoClass ioclass, int value) {
        p.checkIdentity();
        try {
            Native.ioprioSet((int) pid, ioclass.code() << 13 | value);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, p.knownName(), "ioprio_set(" + ioclass + ", " + value + ")");
        }
    }
}
