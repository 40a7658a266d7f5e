package io.github.jpsutil.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Reading the kernel's files: /proc reports a size of 0, so every read goes to the end. */
final class ProcFiles {
    private ProcFiles() {
    }

    /** Each thread's read buffer: a /proc file is read into it, then copied out at its size. */
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    static byte[] read(Path p) throws IOException {
        return read(p, false);
    }

    /**
     * {@link #read} of a file that the kernel writes out whole on the first read that has room
     * for it: the /proc/&lt;pid&gt; files shown by one call (stat, status, statm, io: seq files of a
     * single record) and cmdline, or a regular file. A read that returns less than it was asked
     * for has reached the end, which saves the read that would only return end-of-file (a system
     * call per file). Not for tables such as /proc/net/tcp, whose reads stop between records.
     */
    static byte[] readRecord(Path p) throws IOException {
        return read(p, true);
    }

    private static byte[] read(Path p, boolean shortReadEnds) throws IOException {
        // Files.readAllBytes trusts the size of 0 that /proc reports: read to the end instead. A hot
        // path: a bare FileChannel (the errors of Files.newInputStream, without its stream and its
        // buffers per call) reading into the thread's buffer, grown for this read only if need be.
        try (FileChannel ch = FileChannel.open(p)) {
            return readAll(ch, shortReadEnds);
        }
    }

    /**
     * The whole of an open file, read from offset 0 with pread(2) (so a descriptor kept open reads
     * the kernel's current text again) into the thread's buffer, grown for this read only if need be.
     */
    static byte[] readAll(FileChannel ch, boolean shortReadEnds) throws IOException {
        byte[] buf = READ_BUFFER.get();
        int n = 0;
        while (true) {
            if (n == buf.length) buf = Arrays.copyOf(buf, 2 * buf.length);
            int room = buf.length - n;
            int r = ch.read(ByteBuffer.wrap(buf, n, room), n);
            if (r < 0) break;
            n += r;
            if (shortReadEnds && r < room) break;
        }
        return Arrays.copyOf(buf, n);
    }

    static String readString(Path p) throws IOException {
        return new String(read(p), StandardCharsets.UTF_8);
    }

    /** The number a /proc entry is named by (a pid or tid), or -1 for any other name. */
    static long numericName(Path p) {
        String s = p.getFileName().toString();
        if (s.isEmpty() || s.length() > 18) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Long.parseLong(s);
    }
}
