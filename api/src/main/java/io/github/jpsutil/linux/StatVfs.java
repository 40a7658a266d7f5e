package io.github.jpsutil.linux;

import com.sun.jna.Memory;

/**
 * statvfs(3) through JNA: a file system's space (psutil's disk_usage reads the same call) and
 * its longest file name (psutil's maxfile). The layout read is glibc's on 64-bit Linux: eleven
 * 8-byte fields.
 */
final class StatVfs {
    /** Sizes in bytes (blocks times the fragment size f_frsize): all, free to root, free to users; the longest name. */
    record Result(long total, long freeToRoot, long freeToUsers, long nameMax) {
    }

    private StatVfs() {
    }

    /** statvfs of the path; throws LastErrorException with errno, or NativeUnavailable. */
    static Result of(String path) {
        Native.LibC c = Native.libc("statvfs"); // NativeUnavailable without JNA, before JNA's classes are touched
        if (com.sun.jna.Native.LONG_SIZE != 8)
            throw new Native.NativeUnavailable("statvfs", new UnsupportedOperationException("statvfs is read on 64-bit Linux only"));
        try (Memory m = new Memory(128)) {
            c.statvfs(path, m);
            // f_bsize f_frsize f_blocks f_bfree f_bavail f_files f_ffree f_favail f_fsid f_flag f_namemax
            long fragment = m.getLong(8);
            return new Result(m.getLong(16) * fragment, m.getLong(24) * fragment, m.getLong(32) * fragment, m.getLong(80));
        }
    }
}
