package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;

/**
 * statvfs(3) through JNA: the one call that tells a file system's size, free and reserved blocks
 * and longest name without reading the mount table (the JDK's FileStore reads /proc/mounts first).
 * The layout read is glibc's on 64-bit Linux: eleven 8-byte fields.
 */
final class StatVfs {
    /** Block size (f_frsize), total, free, available-to-users blocks, and the longest name (f_namemax). */
    record Result(long fragmentSize, long blocks, long freeBlocks, long availableBlocks, long nameMax) {
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

    static boolean available() {
        return Holder.LIB != null;
    }

    /** statvfs of the path; throws LastErrorException with errno, or NativeUnavailable. */
    static Result of(String path) {
        if (Holder.LIB == null) throw new Native.NativeUnavailable("statvfs", Holder.FAILURE);
        try (Memory m = new Memory(128)) {
            Holder.LIB.statvfs(path, m);
            // f_bsize f_frsize f_blocks f_bfree f_bavail f_files f_ffree f_favail f_fsid f_flag f_namemax
            return new Result(m.getLong(8), m.getLong(16), m.getLong(24), m.getLong(32), m.getLong(80));
        }
    }
}
