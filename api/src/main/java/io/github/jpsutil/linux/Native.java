package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.github.jpsutil.JpsutilException;

/**
 * The system calls /proc cannot replace, through JNA. Loaded on first use: if JNA's native
 * library cannot load, every /proc-based reading still works and only these calls fail, with
 * {@link NativeUnavailable}.
 */
final class Native {
    static final int IOPRIO_WHO_PROCESS = 1;
    static final int PRIO_PROCESS = 0;
    /** Same number on every architecture: both calls are newer than the unified syscall table. */
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_IOPRIO_SET;
    private static final long SYS_IOPRIO_GET;

    static {
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            SYS_IOPRIO_SET = 251;
            SYS_IOPRIO_GET = 252;
        } else if (arch.equals("aarch64") || arch.equals("riscv64") || arch.equals("loongarch64")) {
            SYS_IOPRIO_SET = 30;
            SYS_IOPRIO_GET = 31;
        } else {
            SYS_IOPRIO_SET = -1;
            SYS_IOPRIO_GET = -1;
        }
    }

    interface LibC extends Library {
        int kill(int pid, int sig) throws LastErrorException;

        int setpriority(int which, int who, int prio) throws LastErrorException;

        long syscall(long number, Object... args) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

        int getpwuid_r(int uid, Pointer pwd, Pointer buf, NativeLong buflen, PointerByReference result);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

        int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

        NativeLong send(int fd, Pointer buf, NativeLong len, int flags) throws LastErrorException;

        NativeLong recv(int fd, Pointer buf, NativeLong len, int flags) throws LastErrorException;
    }

    /** A native call the library needs could not be made on this JVM (JNA missing or unloadable). */
    static final class NativeUnavailable extends JpsutilException {
        private static final long serialVersionUID = 1L;

        NativeUnavailable(String what, Throwable cause) {
            super(what + " needs native access, which is unavailable: " + cause, cause);
        }
    }

    private static final class Holder {
        static final LibC LIBC;
        static final Throwable FAILURE;

        static {
            LibC lib = null;
            Throwable failure = null;
            try {
                lib = com.sun.jna.Native.load("c", LibC.class);
            } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ...: all mean "no native access"
                failure = t;
            }
            LIBC = lib;
            FAILURE = failure;
        }
    }

    private Native() {
    }

    static LibC libc(String what) {
        if (Holder.LIBC == null) throw new NativeUnavailable(what, Holder.FAILURE);
        return Holder.LIBC;
    }

    static boolean available() {
        try {
            return Holder.LIBC != null;
        } catch (Throwable t) {
            return false;
        }
    }

    static long ioprioGet(int pid) {
        if (SYS_IOPRIO_GET < 0) throw unsupportedArch("ioprio_get");
        return libc("ioprio_get").syscall(SYS_IOPRIO_GET, IOPRIO_WHO_PROCESS, pid);
    }

    static void ioprioSet(int pid, int ioprio) {
        if (SYS_IOPRIO_SET < 0) throw unsupportedArch("ioprio_set");
        libc("ioprio_set").syscall(SYS_IOPRIO_SET, IOPRIO_WHO_PROCESS, pid, ioprio);
    }

    /** Opens a pidfd, or returns -1 on kernels without pidfd_open (before 5.3). */
    static int pidfdOpen(int pid) {
        try {
            return (int) libc("pidfd_open").syscall(SYS_PIDFD_OPEN, pid, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOSYS) return -1;
            throw e;
        }
    }

    static void pidfdSendSignal(int pidfd, int sig) {
        libc("pidfd_send_signal").syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, sig, Pointer.NULL, 0);
    }

    /**
     * The errno with which opening or reading this file fails now, 0 when it reads: for an error
     * that the JDK reports with strerror's text alone (read(2) errors), whose text follows the locale.
     */
    static int readErrno(String path) {
        LibC c = libc("reading " + path);
        final int oRdonlyCloexec = 02000000;
        int fd;
        try {
            fd = c.open(path, oRdonlyCloexec);
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
        try (Memory buf = new Memory(4096)) {
            c.read(fd, buf, new NativeLong(buf.size()));
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        } finally {
            c.close(fd);
        }
    }

    /** The user name of uid from the system's user database (NSS), or null when it has none. */
    static String userName(long uid) {
        LibC c = libc("getpwuid_r");
        try (Memory pwd = new Memory(128); Memory buf = new Memory(16384)) {
            PointerByReference result = new PointerByReference();
            int rc = c.getpwuid_r((int) uid, pwd, buf, new NativeLong(buf.size()), result);
            if (rc != 0 || result.getValue() == null) return null;
            return pwd.getPointer(0).getString(0);
        }
    }

    private static UnsupportedOperationException unsupportedArch(String call) {
        return new UnsupportedOperationException(call + " is not known on architecture " + System.getProperty("os.arch"));
    }
}
