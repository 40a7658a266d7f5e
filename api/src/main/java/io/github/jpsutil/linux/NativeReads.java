package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * open(2), pread(2) and close(2) of the C library through JNA's direct mapping, for a process'
 * files opened for one read (a listing, a process read without a held descriptor): a call costs
 * about what it costs in C, where FileChannel.open adds its descriptor objects and a Cleaner per
 * open (held descriptors stay FileChannels: see {@link HeldFiles}). Used only
 * where JNA loads without a word from the JVM (before Java 24, or where its module has native
 * access); elsewhere {@link ProcFiles} reads through FileChannel, with the same bytes and the same
 * exceptions ({@link #open} throws what FileChannel.open throws, a failed read an {@link ErrnoIOException}).
 */
final class NativeReads {
    private static final int O_RDONLY_CLOEXEC = 02000000;
    static final boolean AVAILABLE = register();

    private NativeReads() {
    }

    private static boolean register() {
        try {
            if (!Boolean.parseBoolean(System.getProperty("jpsutil.nativeReads", "true"))) return false;
            if (!loadsWithoutWarning()) return false;
            if (com.sun.jna.Native.LONG_SIZE != 8 || com.sun.jna.Native.POINTER_SIZE != 8) return false; // mapped as long below
            com.sun.jna.Native.register(NativeReads.class, NativeLibrary.getInstance("c"));
            return true;
        } catch (Throwable t) { // no JNA, native access refused, ...: FileChannel reads
            return false;
        }
    }

    /**
     * Whether loading JNA's native library passes without the JVM's warning: before Java 24 it
     * does; from 24 on only where JNA's module has native access (the agent grants its own; a
     * program gives {@code --enable-native-access}). A program that did neither keeps its stderr
     * clean, and its reads go through FileChannel.
     */
    private static boolean loadsWithoutWarning() throws ReflectiveOperationException {
        if (Runtime.version().feature() < 24) return true;
        Module jna = com.sun.jna.Pointer.class.getModule(); // not initialised: nothing is loaded yet
        return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(jna);
    }

    /**
     * open(2), declared without LastErrorException: a failure (a process that vanished: ENOENT) is
     * -1 and its errno taken from {@link com.sun.jna.Native#getLastError()}, which JNA keeps for
     * every call, instead of an exception made and thrown through JNI.
     */
    private static native int open(byte[] path, int flags);

    /** pread(2); {@code buf} is an address (a pointer is 64 bits where this is registered). */
    private static native long pread(int fd, long buf, long count, long offset) throws LastErrorException;

    private static native int close(int fd);

    private static native String strerror(int errno);

    /**
     * getdents64(2), bound apart from the calls above: a C library older than 2.30 lacks it, and
     * the reads need not go without it. Directories are then listed through java.nio.
     */
    private static final class Dents {
        static final boolean BOUND = bind();

        private static boolean bind() {
            try {
                com.sun.jna.Native.register(Dents.class, NativeLibrary.getInstance("c"));
                return true;
            } catch (Throwable t) {
                return false;
            }
        }

        /** {@code buf} is an address, as for pread. */
        static native long getdents64(int fd, long buf, long count) throws LastErrorException;
    }

    /** Whether {@link #openDirectory} and {@link #getdents} serve (JNA's library is not loaded where the reads are refused). */
    static boolean listsDirectories() {
        return AVAILABLE && Dents.BOUND;
    }

    /** Whether {@link #getdents} serves, for a caller that already uses native access (FdLinks opens its own descriptors). */
    static boolean getdentsBound() {
        return Dents.BOUND;
    }

    private static final int O_DIRECTORY = 0200000;

    /** Opens a directory for {@link #getdents}; on failure what Files.newDirectoryStream throws for that errno. */
    static int openDirectory(Path dir) throws IOException {
        return open((dir.toString() + '\0').getBytes(StandardCharsets.UTF_8), O_RDONLY_CLOEXEC | O_DIRECTORY, dir, null);
    }

    /**
     * getdents64(2): the next entries of an open directory as struct linux_dirent64 records in
     * memory at {@code address}; the bytes filled, 0 at the end.
     */
    static int getdents(int fd, long address, int count) throws ErrnoIOException {
        while (true) {
            try {
                return (int) Dents.getdents64(fd, address, count);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) throw new ErrnoIOException(e.getErrorCode());
            }
        }
    }

    /** A failed read(2): its errno, and strerror's text as the message (as FileChannel's IOException has it). */
    static final class ErrnoIOException extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        ErrnoIOException(int errno) {
            super(strerror(errno));
            this.errno = errno;
        }
    }

    /** The address of a direct buffer's first byte. */
    static long address(ByteBuffer direct) {
        return com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
    }

    /** Opens a file for reading; on failure the exception FileChannel.open throws for that errno. */
    static int open(Path p) throws IOException {
        return open((p.toString() + '\0').getBytes(StandardCharsets.UTF_8), O_RDONLY_CLOEXEC, p, null);
    }

    /**
     * {@link #open(Path)} of {@code dir/file}, its C string built in one array (no Path resolved,
     * decoded and encoded again per file: /proc's names are ASCII).
     */
    static int open(Path dir, String file) throws IOException {
        String d = dir.toString(); // a Path keeps its string once made
        int n = d.length(), m = file.length();
        byte[] path = new byte[n + m + 2];
        for (int i = 0; i < n; i++) {
            char c = d.charAt(i);
            if (c >= 0x80) return open(dir.resolve(file));
            path[i] = (byte) c;
        }
        path[n] = '/';
        for (int i = 0; i < m; i++) {
            char c = file.charAt(i);
            if (c >= 0x80) return open(dir.resolve(file));
            path[n + 1 + i] = (byte) c;
        }
        return open(path, O_RDONLY_CLOEXEC, dir, file);
    }

    /** open(2) of the C string {@code path}, which names {@code dir/file} ({@code dir} alone when file is null). */
    private static int open(byte[] path, int flags, Path dir, String file) throws IOException {
        while (true) {
            int fd = open(path, flags);
            if (fd >= 0) return fd;
            int errno = com.sun.jna.Native.getLastError();
            if (errno == Errno.EINTR) continue;
            String name = (file == null ? dir : dir.resolve(file)).toString();
            throw switch (errno) {
                case Errno.ENOENT -> new NoSuchFileException(name);
                case Errno.EACCES -> new AccessDeniedException(name);
                default -> new FileSystemException(name, null, strerror(errno));
            };
        }
    }

    /** pread(2) of up to {@code count} bytes at {@code offset} into memory at {@code address}: the bytes read, 0 at the end. */
    static int pread(int fd, long address, int count, long offset) throws ErrnoIOException {
        while (true) {
            try {
                return (int) pread(fd, address, (long) count, offset); // the native one: count as size_t
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) throw new ErrnoIOException(e.getErrorCode());
            }
        }
    }

    /** Closes a descriptor this class opened (a read-only one has nothing to flush: an error says nothing). */
    static void closeFd(int fd) {
        close(fd);
    }
}
