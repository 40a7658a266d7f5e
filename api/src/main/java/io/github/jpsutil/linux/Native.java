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

        int sched_setaffinity(int pid, NativeLong cpusetsize, Pointer mask) throws LastErrorException;

        int prlimit(int pid, int resource, Pointer newLimit, Pointer oldLimit) throws LastErrorException;

        NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

        int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

        int eventfd(int initval, int flags) throws LastErrorException;

        int statvfs(String path, Pointer buf) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

        /**
         * ioctl(2) for a failure that is a common answer (an interface without link settings):
         * -1 with errno in {@link com.sun.jna.Native#getLastError()}, no exception built. The
         * request is 64 bits: for 64-bit Linux only.
         */
        int ioctl(int fd, long request, Pointer arg);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

        int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

        NativeLong send(int fd, Pointer buf, NativeLong len, int flags) throws LastErrorException;

        NativeLong recv(int fd, Pointer buf, NativeLong len, int flags) throws LastErrorException;

        int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout) throws LastErrorException;
    }

    /** A native call the library needs could not be made on this JVM (JNA missing or unloadable, or access denied). */
    static final class NativeUnavailable extends JpsutilException {
        private static final long serialVersionUID = 1L;

        NativeUnavailable(String what, Throwable cause) {
            super(what + " needs native access, which is " + (denied(cause)
                    ? "denied on this JVM (--illegal-native-access=deny): add " + enableFlag() + " to its command line"
                    : "unavailable: " + cause), cause);
        }
    }

    /** Whether the JDK refused JNA its native library (Java 24+ with --illegal-native-access=deny). */
    private static boolean denied(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause())
            if (t instanceof IllegalCallerException) return true;
        return false;
    }

    /**
     * The flag that grants JNA native access: its module's name when JNA is a module of the boot layer
     * (the module path), else ALL-UNNAMED (the class path, and jpsutil's agent, which enables its own
     * module when class path code may use native access).
     */
    static String enableFlag() {
        Module jna = com.sun.jna.Native.class.getModule();
        boolean bootModule = jna.isNamed() && jna.getLayer() == ModuleLayer.boot();
        return "--enable-native-access=" + (bootModule ? jna.getName() : "ALL-UNNAMED");
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

    /**
     * The calls a thread that waits on events makes at every wake-up (poll, recvmmsg), bound directly
     * (JNA's direct mapping: one JNI call, without the proxy, reflection and argument conversion of
     * the LibC interface). Only on 64-bit systems, where nfds_t is a Java long.
     */
    private static final class Direct {
        static final boolean BOUND;

        static {
            boolean bound = false;
            try {
                if (com.sun.jna.Native.POINTER_SIZE == 8 && Holder.LIBC != null) {
                    com.sun.jna.Native.register(Direct.class, "c");
                    bound = true;
                }
            } catch (Throwable t) { // LinkageError, or JNA refused: the LibC interface serves
                bound = false;
            }
            BOUND = bound;
        }

        static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

        /** Without LastErrorException: an empty socket (EAGAIN) is the usual answer, not worth an exception. */
        static native int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

        /**
         * syscall(2) with two arguments, for ioprio_get, which a listing makes per process. The C
         * function is variadic; its integer arguments travel in the same registers as fixed ones
         * on the 64-bit ABIs where this is bound.
         */
        static native long syscall(long number, long a, long b) throws LastErrorException;
    }

    private Native() {
    }

    /** recvmmsg(2): how many datagrams it took into the headers' buffers; -1 with EAGAIN (none queued, MSG_DONTWAIT). */
    static int recvmmsg(int fd, Pointer msgvec, int vlen, int flags) {
        if (!Direct.BOUND) {
            try {
                return libc("recvmmsg").recvmmsg(fd, msgvec, vlen, flags, null);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EAGAIN) return -1;
                throw e;
            }
        }
        int n = Direct.recvmmsg(fd, msgvec, vlen, flags, null);
        if (n >= 0) return n;
        int errno = com.sun.jna.Native.getLastError();
        if (errno == Errno.EAGAIN) return -1;
        throw new LastErrorException(errno);
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
        if (Direct.BOUND) return Direct.syscall(SYS_IOPRIO_GET, IOPRIO_WHO_PROCESS, pid);
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

    /** Sets the CPUs a process may run on: a mask of as many 64-bit words as the highest CPU needs. */
    static void schedSetaffinity(int pid, int[] cpus) {
        int highest = 0;
        for (int c : cpus) highest = Math.max(highest, c);
        long words = highest / 64 + 1;
        try (Memory mask = new Memory(words * 8)) {
            mask.clear();
            for (int c : cpus) mask.setLong(c / 64 * 8L, mask.getLong(c / 64 * 8L) | 1L << (c % 64));
            libc("sched_setaffinity").sched_setaffinity(pid, new NativeLong(mask.size()), mask);
        }
    }

    /**
     * prlimit(2): sets the limit when {@code set} is non-null ({soft, hard}), and returns the one
     * before ({soft, hard}); values as the kernel's rlim_t, RLIM_INFINITY being -1 (all bits set).
     */
    static long[] prlimit(int pid, int resource, long[] set) {
        try (Memory newLimit = set == null ? null : new Memory(16); Memory old = new Memory(16)) {
            if (set != null) {
                newLimit.setLong(0, set[0]);
                newLimit.setLong(8, set[1]);
            }
            libc("prlimit").prlimit(pid, resource, newLimit, old);
            return new long[]{old.getLong(0), old.getLong(8)};
        }
    }

    /** Writes a short text to a file such as /proc/PID/oom_score_adj in one write(2); throws with its errno. */
    static void writeFile(String path, String text) {
        LibC c = libc("writing " + path);
        final int oWronlyCloexec = 01 | 02000000;
        int fd = c.open(path, oWronlyCloexec);
        try (Memory buf = new Memory(text.length() + 1)) {
            buf.setString(0, text, "US-ASCII");
            c.write(fd, buf, new NativeLong(text.length()));
        } finally {
            c.close(fd);
        }
    }

    private static final short POLLIN = 1;

    /**
     * poll(2) on one descriptor for reading, up to {@code timeoutMillis}: true when it is readable
     * (a pidfd: its process has ended). The thread sleeps in the kernel meanwhile.
     */
    static boolean pollReadable(int fd, int timeoutMillis) {
        try (Memory pfd = pollFds(new int[]{fd})) {
            return poll(pfd, 1, timeoutMillis) > 0;
        }
    }

    /** An array of struct pollfd (int fd, short events, short revents), each asking whether it is readable. */
    static Memory pollFds(int[] fds) {
        Memory m = new Memory(8L * fds.length);
        for (int i = 0; i < fds.length; i++) {
            m.setInt(8L * i, fds[i]);
            m.setShort(8L * i + 4, POLLIN);
            m.setShort(8L * i + 6, (short) 0);
        }
        return m;
    }

    /** Whether the i-th descriptor of a polled array became readable (or hung up, or failed). */
    static boolean polledReady(Memory pfds, int i) {
        return pfds.getShort(8L * i + 6) != 0;
    }

    /** poll(2) on {@code n} descriptors, again when a signal interrupts it; the number that are ready. */
    static int poll(Memory pfds, int n, int timeoutMillis) {
        while (true) {
            try {
                return Direct.BOUND ? Direct.poll(pfds, n, timeoutMillis) : libc("poll").poll(pfds, new NativeLong(n), timeoutMillis);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) throw e;
            }
        }
    }

    private static final int EFD_CLOEXEC = 02000000, EFD_NONBLOCK = 04000;

    /** A new eventfd(2), for waking a thread that sleeps in poll(2). */
    static int eventFd() {
        return libc("eventfd").eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    }

    /** Adds one to an eventfd's counter: a poll on it returns. */
    static void signalEventFd(int fd) {
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            libc("write").write(fd, one, new NativeLong(8));
        }
    }

    /** Resets an eventfd's counter (non-blocking: nothing to read is no error). */
    static void drainEventFd(int fd) {
        try (Memory buf = new Memory(8)) {
            libc("read").read(fd, buf, new NativeLong(8));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EAGAIN) throw e;
        }
    }

    /** PIDFD_GET_INFO (Linux 6.15): _IOWR(0xFF, 11, struct pidfd_info) with the first version's 64 bytes. */
    private static final long PIDFD_GET_INFO = 0xC040FF0BL;
    private static final long PIDFD_INFO_EXIT = 1L << 3;
    /** Offset of exit_code in struct pidfd_info: mask, cgroupid (8 bytes each), then eleven 32-bit ids. */
    private static final int EXIT_CODE_OFFSET = 16 + 11 * 4;

    /**
     * The wait status (as waitpid(2) gives it) of the ended process behind a pidfd, from the
     * kernel's PIDFD_GET_INFO; null where the kernel has no such query (before 6.15) or has no
     * exit information yet (the process was not yet reaped by its parent).
     */
    static Integer pidfdExitStatus(int pidfd) {
        try (Memory info = new Memory(64)) {
            info.clear();
            info.setLong(0, PIDFD_INFO_EXIT);
            try {
                libc("ioctl").ioctl(pidfd, new NativeLong(PIDFD_GET_INFO), info);
            } catch (LastErrorException e) {
                return null; // ENOTTY or EINVAL before 6.15; ESRCH when there is nothing to tell
            }
            return (info.getLong(0) & PIDFD_INFO_EXIT) != 0 ? info.getInt(EXIT_CODE_OFFSET) : null;
        }
    }

    private static UnsupportedOperationException unsupportedArch(String call) {
        return new UnsupportedOperationException(call + " is not known on architecture " + System.getProperty("os.arch"));
    }
}
