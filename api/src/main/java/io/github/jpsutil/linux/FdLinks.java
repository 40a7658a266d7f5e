package io.github.jpsutil.linux;

import com.sun.jna.NativeLibrary;

import java.nio.charset.StandardCharsets;

/**
 * The descriptor links of a process read the way {@code ss -p} reads them: its
 * {@code /proc/<pid>/fd} directory opened once, listed with getdents64 ({@link ProcFiles#numbersIn}),
 * and each link read with readlinkat relative to that directory (no path built, resolved and
 * decoded per descriptor, as java.nio does). JNA's direct mapping: a call costs about as much as
 * in C. Used only where native access is already in use (the sock_diag dump of the same call).
 */
final class FdLinks {
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final int O_DIRECTORY = 0200000;
    private static final boolean AVAILABLE = register();

    private static boolean register() {
        try {
            if (com.sun.jna.Native.LONG_SIZE != 8) return false; // ssize_t and size_t mapped as long below
            com.sun.jna.Native.register(FdLinks.class, NativeLibrary.getInstance("c"));
            return NativeReads.getdentsBound();
        } catch (Throwable t) { // no JNA, no native access, or a libc without getdents64 (glibc before 2.30)
            return false;
        }
    }

    private static native int open(byte[] path, int flags);

    private static native long readlinkat(int dirfd, byte[] path, byte[] buf, long size);

    private static native int close(int fd);

    /** What to do with each link: the descriptor's number and the target's bytes {@code target[0, length)}. */
    interface Visitor {
        void link(int fd, byte[] target, int length);
    }

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
     * be opened or listed (the process is gone or not ours to read). A descriptor closed while
     * listed is skipped; a link longer than the buffer comes cut (no socket's is).
     */
    boolean visit(String fdDir, Visitor v) {
        int dir = open((fdDir + "\0").getBytes(StandardCharsets.UTF_8), O_RDONLY_CLOEXEC | O_DIRECTORY);
        if (dir < 0) return false;
        try {
            for (long fd : ProcFiles.numbersIn(dir)) {
                if (fd > Integer.MAX_VALUE) continue; // no descriptor's number
                String digits = Long.toString(fd);
                for (int i = 0; i < digits.length(); i++) name[i] = (byte) digits.charAt(i);
                name[digits.length()] = 0;
                long len = readlinkat(dir, name, target, target.length);
                if (len > 0) v.link((int) fd, target, (int) len);
            }
            return true;
        } catch (java.io.IOException e) { // getdents failed: the process went meanwhile
            return false;
        } finally {
            close(dir);
        }
    }
}
