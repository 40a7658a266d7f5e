package io.github.jpsutil.agent.boot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip archive that lies in a file at some offset (the agent jar itself, or a jar stored
 * uncompressed in it), indexed once from its central directory and read entry by entry, in
 * place, when asked. Only what jar tools write is read: stored or deflated entries, no zip64.
 */
final class StoredZip {
    private static final int END_SIG = 0x06054b50, CEN_SIG = 0x02014b50, LOC_SIG = 0x04034b50;
    private static final int END_LEN = 22, CEN_LEN = 46, LOC_LEN = 30;
    private static final int STORED = 0, DEFLATED = 8;
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private final RandomAccessFile file;
    private final String where;
    private final long base;
    /** name -> {method, compressed size, size, offset of the local header}. */
    private final Map<String, long[]> entries = new HashMap<String, long[]>();

    private StoredZip(RandomAccessFile file, String where, long base, long length) throws IOException {
        this.file = file;
        this.where = where;
        this.base = base;
        int tail = (int) Math.min(length, END_LEN + 0xFFFF);
        byte[] end = readAt(base + length - tail, tail);
        int e = tail - END_LEN;
        while (e >= 0 && u32(end, e) != END_SIG) e--;
        if (e < 0) throw new IOException(where + " is not a zip archive");
        long cenSize = u32(end, e + 12), cenOffset = u32(end, e + 16);
        if (cenOffset + cenSize > length) throw new IOException(where + ": bad central directory (zip64 is not read)");
        byte[] cen = readAt(base + cenOffset, (int) cenSize);
        for (int p = 0; p + CEN_LEN <= cen.length; ) {
            if (u32(cen, p) != CEN_SIG) throw new IOException(where + ": bad central directory entry at " + p);
            int nameLen = u16(cen, p + 28), extraLen = u16(cen, p + 30), commentLen = u16(cen, p + 32);
            String name = new String(cen, p + CEN_LEN, nameLen, UTF_8);
            entries.put(name, new long[]{u16(cen, p + 10), u32(cen, p + 20), u32(cen, p + 24), u32(cen, p + 42)});
            p += CEN_LEN + nameLen + extraLen + commentLen;
        }
    }

    /** The archive that is the whole file. */
    static StoredZip open(RandomAccessFile file, String where) throws IOException {
        return new StoredZip(file, where, 0, file.length());
    }

    /** The archive stored, uncompressed, as the entry {@code name} of this one. */
    StoredZip nested(String name) throws IOException {
        long[] e = entries.get(name);
        if (e == null) throw new IOException(where + " has no " + name);
        if (e[0] != STORED) throw new IOException(name + " in " + where + " is compressed; it must be stored");
        return new StoredZip(file, name + " in " + where, dataOffset(e), e[1]);
    }

    /** The names of every entry. */
    Iterable<String> names() {
        return entries.keySet();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The entry's bytes, or null if there is no such entry. */
    byte[] read(String name) throws IOException {
        long[] e = entries.get(name);
        if (e == null) return null;
        byte[] data = readAt(dataOffset(e), (int) e[1]);
        if (e[0] == STORED) return data;
        if (e[0] != DEFLATED) throw new IOException(name + " in " + where + ": compression method " + e[0] + " is not read");
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            byte[] out = new byte[(int) e[2]];
            int n = 0;
            boolean padded = false;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got > 0) continue;
                if (inflater.finished() || inflater.needsDictionary() || padded || !inflater.needsInput()) break;
                inflater.setInput(new byte[1]); // zlib may ask for one byte past raw deflate data
                padded = true;
            }
            if (n != out.length) throw new IOException(name + " in " + where + ": " + n + " bytes inflated, " + out.length + " expected");
            return out;
        } catch (DataFormatException bad) {
            throw new IOException(name + " in " + where + ": " + bad.getMessage(), bad);
        } finally {
            inflater.end();
        }
    }

    private long dataOffset(long[] e) throws IOException {
        byte[] loc = readAt(base + e[3], LOC_LEN);
        if (u32(loc, 0) != LOC_SIG) throw new IOException(where + ": bad local header at " + e[3]);
        return base + e[3] + LOC_LEN + u16(loc, 26) + u16(loc, 28);
    }

    private byte[] readAt(long position, int length) throws IOException {
        byte[] b = new byte[length];
        synchronized (file) { // one file position for every reader, as in the JDK's own ZipFile
            file.seek(position);
            file.readFully(b);
        }
        return b;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xffffffffL;
    }
}
