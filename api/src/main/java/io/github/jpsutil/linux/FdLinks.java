package io.github.jpsutil.linux;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * The descriptor links of a process read the way {@code ss -p} reads them: its
 * {@code /proc/<pid>/fd} directory opened once, listed with getdents64 into one buffer, and
 * each link read with readlinkat relative to that directory (no path built, resolved and decoded
 * per descriptor, as java.nio does). JNA's direct mapping: a call costs about as much as in C.
 * Used only where native access is already in use (the sock_diag dump of the same call).
 */
final class FdLinks {
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final int DIRENT_BUFFER = 32768;
    private static final boolean AVAILABLE = register();
    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private static boolean register() {
        try {
            if (com.sun.jna.Native.LONG_SIZE != 8) return false; // ssize_t and size_t mapped as long below
            com.sun.jna.Native.register(FdLinks.class, NativeLibrary.getInstance("c"));
            return true;
        } catch (Throwable t) { // no JNA, no native access, or a libc without getdents64 (glibc before 2.30)
            return false;
        }
    }

    private static native int open(byte[] path, int flags);

    private static native long getdents64(int fd, Pointer buf, long size);

    private static native long readlinkat(int dirfd, byte[] path, byte[] buf, long size);

    private static native int close(int fd);

    /** What to do with each link: the descriptor's number and the target's bytes {@code target[0, length)}. */
    interface Visitor {
        void link(int fd, byte[] target, int length);
    }

    private final Memory dirents = new Memory(DIRENT_BUFFER);
    private final byte[] entries = new byte[DIRENT_BUFFER];
    private final byte[] name = new byte[16];
    private final byte[] target = new byte[256];

    private FdLinks() {
    }

    /** A reader for one scan (its buffers are reused across processes), or null without native access. */
    static FdLinks open() {
        return AVAILABLE ? new FdLinks() : null;
    }

    /**
     * Visits every descriptor link of the directory {@code fdDir}; false when the directory cannot
     * be opened (the process is gone or not ours to read). A descriptor closed while listed is
     * skipped; a link longer than the buffer comes cut (no socket's is).
     */
    boolean visit(String fdDir, Visitor v) {
        int dir = open((fdDir + "\0").getBytes(StandardCharsets.UTF_8), O_RDONLY_CLOEXEC);
        if (dir < 0) return false;
        try {
            while (true) {
                int n = (int) getdents64(dir, dirents, DIRENT_BUFFER);
                if (n <= 0) return n == 0;
                dirents.read(0, entries, 0, n);
                // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[]
                for (int at = 0; at + 19 < n; ) {
                    int lo = entries[at + 16] & 0xff, hi = entries[at + 17] & 0xff;
                    int reclen = LITTLE_ENDIAN ? lo | hi << 8 : hi | lo << 8;
                    if (reclen <= 19) return true; // malformed: stop rather than loop
                    int fd = number(at + 19, at + reclen);
                    if (fd >= 0) {
                        long len = readlinkat(dir, name, target, target.length);
                        if (len > 0) v.link(fd, target, (int) len);
                    }
                    at += reclen;
                }
            }
        } finally {
            close(dir);
        }
    }

    /** The name at {@code entries[from, to)} when it is a descriptor number (copied NUL-ended into {@link #name}), else -1. */
    private int number(int from, int to) {
        int value = 0;
        int i = from;
        for (; i < to && entries[i] != 0; i++) {
            byte c = entries[i];
            if (c < '0' || c > '9' || i - from >= 10) return -1;
            value = value * 10 + (c - '0');
            name[i - from] = c;
        }
        if (i == from || value < 0) return -1; // ".", "..", or past int
        name[i - from] = 0;
        return value;
    }
}
