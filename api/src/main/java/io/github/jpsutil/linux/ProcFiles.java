package io.github.jpsutil.linux;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading the kernel's files: /proc reports a size of 0, so every read goes to the end. The
 * per-process files are read into the calling thread's buffer and parsed there, straight from its
 * bytes ({@link #bytes()}): no copy, no String, until a value is kept.
 */
final class ProcFiles {
    private ProcFiles() {
    }

    /** The most each thread keeps between reads; a larger file's array is kept only softly ({@link ReadBuffer#start}). */
    private static final int KEPT = 64 * 1024;

    /**
     * Each thread's read buffer: a direct buffer the kernel reads into (a heap buffer would go
     * through a temporary direct one, and a copy, on every read) and the same bytes on the heap,
     * where the parsers read them.
     */
    private static final class ReadBuffer {
        ByteBuffer direct = ByteBuffer.allocateDirect(8192);
        /** The direct buffer's address, for native reads ({@link NativeReads}); 0 until one is made. */
        long address;
        byte[] bytes = new byte[8192];

        long address() {
            if (address == 0) address = NativeReads.address(direct);
            return address;
        }

        /** The thread's own array, at most {@link #KEPT}: where each read begins. */
        private byte[] kept = bytes;
        /**
         * The array a file larger than {@link #KEPT} grew, held softly between reads: the next such
         * file reuses it (a reader of a JVM's smaps, round after round, makes no new half megabyte
         * each time), and memory pressure frees it.
         */
        private SoftReference<byte[]> large;

        /** Begins a read: into the kept array, a large one put by. */
        ReadBuffer start() {
            if (bytes != kept) {
                large = new SoftReference<>(bytes);
                bytes = kept;
            }
            return this;
        }

        /**
         * Appends the {@code r} bytes just read into the direct buffer to the {@code n} before them
         * in {@link #bytes}; returns the new length. A read that filled the direct buffer makes it
         * twice as large, up to {@link #KEPT}; a larger file is read in chunks of that size (no
         * direct memory made per read: each new one is zeroed, paged in and freed only by a GC).
         */
        int append(int n, int r) {
            if (n + r > bytes.length) bytes = grown(n, n + r);
            direct.get(0, bytes, n, r);
            if (r == direct.capacity() && r < KEPT) {
                direct = ByteBuffer.allocateDirect(2 * r);
                address = 0;
            }
            return n + r;
        }

        /** An array of at least {@code needed} bytes holding the first {@code n} of {@link #bytes}. */
        private byte[] grown(int n, int needed) {
            byte[] put = large == null ? null : large.get();
            byte[] next = put != null && put.length >= needed ? put : new byte[Math.max(2 * bytes.length, needed)];
            System.arraycopy(bytes, 0, next, 0, n);
            if (next.length <= KEPT) kept = next;
            return next;
        }
    }

    private static final ThreadLocal<ReadBuffer> READ_BUFFER = ThreadLocal.withInitial(ReadBuffer::new);

    /**
     * The calling thread's buffer, holding the file its last {@link #readInto} read in its first
     * {@code n} bytes (n as that call returned). Valid until this thread reads again.
     */
    static byte[] bytes() {
        return READ_BUFFER.get().bytes;
    }

    /** A whole file (read until end-of-file), through the C library where it serves. */
    static byte[] read(Path p) throws IOException {
        int n = readInto(p);
        return Arrays.copyOf(bytes(), n);
    }

    /** {@link #read} into the thread's buffer ({@link #bytes()}): returns the file's length. */
    static int readInto(Path p) throws IOException {
        return readInto(p, false);
    }

    /** A whole file into the thread's buffer, as {@link #readInto(FileChannel, boolean)} reads it: through the C library where it serves. */
    private static int readInto(Path p, boolean shortReadEnds) throws IOException {
        return NativeReads.AVAILABLE ? readNative(NativeReads.open(p), shortReadEnds) : readThroughChannel(p, shortReadEnds);
    }

    /**
     * {@link #read} of a file that the kernel writes out whole on the first read that has room
     * for it: the /proc/&lt;pid&gt; files shown by one call (stat, status, statm, io: seq files of a
     * single record) and cmdline, or a regular file. A read that returns less than it was asked
     * for has reached the end, which saves the read that would only return end-of-file (a system
     * call per file). Not for tables such as /proc/net/tcp, whose reads stop between records.
     */
    static byte[] readRecord(Path p) throws IOException {
        int n = readRecordInto(p);
        return Arrays.copyOf(bytes(), n);
    }

    /** {@link #readRecord} into the thread's buffer ({@link #bytes()}): returns the file's length. */
    static int readRecordInto(Path p) throws IOException {
        return readInto(p, true);
    }

    /** {@link #readRecordInto} of {@code dir/file}: through the C library without a Path made for the file. */
    static int readRecordInto(Path dir, String file) throws IOException {
        return NativeReads.AVAILABLE ? readNative(NativeReads.open(dir, file), true) : readRecordThroughChannel(dir.resolve(file));
    }

    /** {@link #readRecordInto} through the C library: open, pread, close. */
    static int readRecordNative(Path p) throws IOException {
        return readNative(NativeReads.open(p), true);
    }

    /** Reads a descriptor {@link NativeReads} opened, as {@link #readInto(int, boolean)}, and closes it. */
    private static int readNative(int fd, boolean shortReadEnds) throws IOException {
        try {
            return readInto(fd, shortReadEnds);
        } finally {
            NativeReads.closeFd(fd);
        }
    }

    /** {@link #readRecordInto} through a FileChannel, where native access is unavailable. */
    static int readRecordThroughChannel(Path p) throws IOException {
        return readThroughChannel(p, true);
    }

    private static int readThroughChannel(Path p, boolean shortReadEnds) throws IOException {
        // Files.readAllBytes trusts the size of 0 that /proc reports: read to the end instead. A
        // bare FileChannel: the errors of Files.newInputStream, without its stream and its buffers.
        try (FileChannel ch = FileChannel.open(p)) {
            return readInto(ch, shortReadEnds);
        }
    }

    /** The whole of an open file, as {@link #readInto} reads it, copied out. */
    static byte[] readAll(FileChannel ch, boolean shortReadEnds) throws IOException {
        int n = readInto(ch, shortReadEnds);
        return Arrays.copyOf(bytes(), n);
    }

    /**
     * The whole of an open file, read from offset 0 with pread(2) (so a descriptor kept open reads
     * the kernel's current text again) into the thread's buffer ({@link #bytes()}); returns its
     * length. With {@code shortReadEnds}, a read that returns less than it had room for ends it.
     */
    static int readInto(FileChannel ch, boolean shortReadEnds) throws IOException {
        ReadBuffer b = READ_BUFFER.get().start();
        int n = 0;
        while (true) {
            ByteBuffer d = b.direct.clear();
            int r = ch.read(d, n);
            if (r > 0) n = b.append(n, r);
            if (r < 0 || shortReadEnds && r < d.capacity()) return n;
        }
    }

    /**
     * {@link #readInto(FileChannel, boolean)} of a descriptor opened by {@link NativeReads}: pread(2)
     * from offset 0 straight into the thread's direct buffer, with no FileChannel around it.
     */
    static int readInto(int fd, boolean shortReadEnds) throws IOException {
        ReadBuffer b = READ_BUFFER.get().start();
        int n = 0;
        while (true) {
            int room = b.direct.capacity();
            int r = NativeReads.pread(fd, b.address(), room, n);
            if (r > 0) n = b.append(n, r);
            if (r <= 0 || shortReadEnds && r < room) return n;
        }
    }

    static String readString(Path p) throws IOException {
        return new String(read(p), StandardCharsets.UTF_8);
    }

    /**
     * The entries of a directory that are named by a number (/proc's pids, a process' tids or
     * descriptors), ascending. Through getdents(2) into the thread's direct buffer where the C
     * library serves: no Path and no String per entry, which is most of a listing's cost otherwise.
     */
    static long[] numericEntries(Path dir) throws IOException {
        long[] out = NativeReads.listsDirectories() ? numericEntriesNative(dir) : numericEntriesThroughStream(dir);
        Arrays.sort(out);
        return out;
    }

    /** {@link #numericEntries} through getdents(2), in the directory's order. */
    static long[] numericEntriesNative(Path dir) throws IOException {
        int fd = NativeReads.openDirectory(dir);
        try {
            return numbersIn(fd);
        } finally {
            NativeReads.closeFd(fd);
        }
    }

    /** The entries named by a number of a directory open for getdents(2) (see {@link NativeReads#getdents}), in its order. */
    static long[] numbersIn(int dirFd) throws IOException {
        ReadBuffer b = READ_BUFFER.get();
        long address = b.address();
        ByteBuffer d = b.direct.duplicate().order(ByteOrder.nativeOrder()); // the records' numbers are the machine's
        long[] out = new long[64];
        int n = 0;
        int filled;
        while ((filled = NativeReads.getdents(dirFd, address, d.capacity())) > 0) {
            // struct linux_dirent64: d_ino 8 bytes, d_off 8, d_reclen 2, d_type 1, then the name and its NUL
            for (int at = 0; at < filled; at += d.getShort(at + 16) & 0xffff) {
                long number = numericName(d, at + 19);
                if (number < 0) continue;
                if (n == out.length) out = Arrays.copyOf(out, 2 * n);
                out[n++] = number;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The number a NUL-terminated name at {@code at} spells, or -1 when it is not one (as {@link #numericName(Path)}). */
    private static long numericName(ByteBuffer d, int at) {
        long v = 0;
        int i = at;
        for (byte c; (c = d.get(i)) != 0; i++) {
            if (c < '0' || c > '9' || i - at == 18) return -1;
            v = v * 10 + (c - '0');
        }
        return i == at ? -1 : v;
    }

    /** {@link #numericEntries} through java.nio, in the directory's order. */
    static long[] numericEntriesThroughStream(Path dir) throws IOException {
        long[] out = new long[64];
        int n = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path p : d) {
                long number = numericName(p);
                if (number < 0) continue;
                if (n == out.length) out = Arrays.copyOf(out, 2 * n);
                out[n++] = number;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The number a /proc entry is named by (a pid or tid), or -1 for any other name. */
    static long numericName(Path p) {
        String s = p.getFileName().toString();
        if (s.isEmpty() || s.length() > 18) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Long.parseLong(s);
    }
}
