package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;

/**
 * statvfs(3) through JNA, for what the JDK does not tell: a file system's longest file name
 * (psutil's maxfile). The layout read is glibc's on 64-bit Linux: eleven 8-byte fields.
 */
final class StatVfs {
    /** The longest name (f_namemax). */
    record Result(long nameMax) {
    }

    interface Lib extends Library {
        int statvfs(String path, Memory buf) throws LastErrorException;
    }

    private static final class Holder {
        static final Lib LIB;
        static final Throwable FAILURE;

        static {
            Lib lib = null;
            Throwable failure = null;
            try {
                if (com.sun.jna.Native.LONG_SIZE != 8) throw new UnsupportedOperationException("statvfs is read on 64-bit Linux only");
                lib = com.sun.jna.Native.load("c", Lib.class);
            } catch (Throwable t) { // no JNA, or a 32-bit JVM
                failure = t;
            }
            LIB = lib;
            FAILURE = failure;
        }
    }

    private StatVfs() {
    }

    /** statvfs of the path; throws LastErrorException with errno, or NativeUnavailable. */
    static Result of(String path) {
        if (Holder.LIB == null) throw new Native.NativeUnavailable("statvfs", Holder.FAILURE);
        try (Memory m = new Memory(128)) {
            Holder.LIB.statvfs(path, m);
            // f_bsize f_frsize f_blocks f_bfree f_bavail f_files f_ffree f_favail f_fsid f_flag f_namemax
            return new Result(m.getLong(80));
        }
    }
}
