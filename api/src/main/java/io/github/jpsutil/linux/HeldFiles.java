package io.github.jpsutil.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files of /proc kept open, so that reading one again is a single pread(2) at offset 0 instead of
 * open, read and close. A descriptor of /proc/&lt;pid&gt;/stat (status, statm, io, cmdline) belongs to
 * the process it was opened on, not to the pid number: once that process is reaped, reading it
 * fails with ESRCH even when the pid has a new owner. So a held descriptor never reads another
 * process, provided it was opened on the right one, which {@link #readProcessFile} proves.
 * At most {@link #capacity()} descriptors, the least recently used closed first. Thread-safe.
 *
 * <p>Held files are FileChannels even where {@link NativeReads} opens the files read once: a
 * positional FileChannel read costs no more than JNA's call of pread(2) (measured: a held
 * snapshot took 4% more CPU through JNA), and a FileChannel cannot be read after it is closed,
 * where a descriptor number closed under a reader could meanwhile name another process' file.
 */
final class HeldFiles {
    /** The share of the open-files limit (RLIMIT_NOFILE) that held descriptors may take at most. */
    static final int NOFILE_SHARE = 8;

    /** How often at most the descriptors left idle are checked for processes that are gone. */
    private static final long SWEEP_NANOS = 200_000_000L;

    private record Key(long pid, long startTicks, String file) {
    }

    /** A held descriptor, when it was last read, and how long it is usually left between reads. */
    private static final class Held {
        final FileChannel ch;
        long usedAt = System.nanoTime();
        long period = SWEEP_NANOS;

        Held(FileChannel ch) {
            this.ch = ch;
        }
    }

    private final int capacity;
    private final Map<Key, Held> open;
    private long sweptAt = System.nanoTime();
    /** Set by {@link #clear}: a reader still under way closes what it opens. */
    private boolean cleared;

    /** {@code wanted} descriptors at most, and never more than 1/{@value #NOFILE_SHARE} of the open-files limit. */
    HeldFiles(int wanted) {
        if (wanted < 0) throw new IllegalArgumentException("held files must be 0 or more, got " + wanted);
        this.capacity = (int) Math.min(wanted, openFilesLimit() / NOFILE_SHARE);
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
                if (size() <= capacity) return false;
                closeQuietly(eldest.getValue().ch);
                return true;
            }
        };
    }

    int capacity() {
        return capacity;
    }

    /** Descriptors open now. */
    synchronized int size() {
        return open.size();
    }

    /**
     * One of a process' files (stat, status, statm, io, cmdline: written out whole by one read),
     * read through a descriptor held for the process with this pid and start time. A descriptor
     * opened here is kept only once it is shown to be that process': stat by its start time, any
     * other file by a read of the held stat after it was opened (the process was alive from before
     * the open to after it, so the pid was still its own). The file is read into the thread's
     * buffer ({@link ProcFiles#bytes()}); returns its length. An IOException when the process is gone.
     */
    int readProcessFile(Path dir, long pid, long startTicks, String file) throws IOException {
        Key key = new Key(pid, startTicks, file);
        FileChannel held = get(key);
        if (held != null) {
            int n = readHeld(key, held, true);
            if (n >= 0) {
                // empty: a zombie's or kernel thread's cmdline, or a file of a fake tree's ended process
                if (n == 0) requireAlive(dir, pid, startTicks);
                return n;
            }
        }
        FileChannel ch = FileChannel.open(dir.resolve(file));
        try {
            // another file's check reads stat (into the thread's buffer too) before the file itself
            if (!isStat(file)) requireAlive(dir, pid, startTicks);
            int n = ProcFiles.readInto(ch, true);
            if (isStat(file) && startTicksOf(ProcFiles.bytes(), n) != startTicks) {
                closeQuietly(ch);
                return n; // the pid has another process now: the caller's identity check says so
            }
            put(key, ch);
            return n;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** A machine-wide file (/proc/stat, meminfo, ...), read to its end through a held descriptor. */
    byte[] readSystemFile(Path p) throws IOException {
        Key key = new Key(-1, -1, p.toString());
        FileChannel held = get(key);
        if (held != null) {
            int n = readHeld(key, held, false);
            if (n >= 0) return Arrays.copyOf(ProcFiles.bytes(), n);
        }
        FileChannel ch = FileChannel.open(p);
        try {
            byte[] b = ProcFiles.readAll(ch, false);
            put(key, ch);
            return b;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Closes every held descriptor. */
    synchronized void clear() {
        cleared = true;
        open.values().forEach(h -> closeQuietly(h.ch));
        open.clear();
    }

    private static boolean isStat(String file) {
        return file.equals("stat");
    }

    /** Throws unless the process is still there, read through its held stat. */
    private void requireAlive(Path dir, long pid, long startTicks) throws IOException {
        int n = readProcessFile(dir, pid, startTicks, "stat");
        if (startTicksOf(ProcFiles.bytes(), n) != startTicks) throw gone(pid);
    }

    private static IOException gone(long pid) {
        return new IOException("process " + pid + " is gone");
    }

    private static long startTicksOf(byte[] stat, int length) {
        return PidStat.parse(stat, length).startTicks();
    }

    /**
     * A read of a held descriptor into the thread's buffer: its length, or -1 when another thread
     * closed it meanwhile (evicted, or its reader interrupted: the caller opens the file afresh).
     * A failed read drops the descriptor.
     */
    private int readHeld(Key key, FileChannel ch, boolean shortReadEnds) throws IOException {
        try {
            int n = ProcFiles.readInto(ch, shortReadEnds);
            if (n == 0 && isStat(key.file)) throw gone(key.pid); // a fake tree's ended process
            return n;
        } catch (ClosedByInterruptException e) {
            drop(key, ch);
            throw e;
        } catch (ClosedChannelException e) {
            drop(key, ch);
            return -1;
        } catch (IOException e) {
            drop(key, ch);
            if (key.pid >= 0) dropProcess(key.pid, key.startTicks); // ESRCH: the process is gone
            throw e;
        }
    }

    private synchronized FileChannel get(Key key) {
        long now = System.nanoTime();
        if (now - sweptAt >= SWEEP_NANOS) sweep(now);
        Held h = open.get(key);
        if (h == null) return null;
        h.period = now - h.usedAt;
        h.usedAt = now;
        return h.ch;
    }

    /**
     * Closes the descriptors of processes that are gone, so that they are not kept until evicted:
     * a process' descriptor left unread for twice its usual time between reads is read once (ESRCH
     * once the process is reaped); one that still reads waits twice as long for its next check.
     * Descriptors read at their usual pace (the sampler's, a handle in a loop) cost nothing here.
     */
    private void sweep(long now) {
        sweptAt = now;
        java.util.List<Key> gone = new java.util.ArrayList<>();
        for (Map.Entry<Key, Held> e : open.entrySet()) {
            Held h = e.getValue();
            if (e.getKey().pid < 0 || now - h.usedAt < 2 * Math.max(h.period, SWEEP_NANOS)) continue;
            try {
                h.ch.read(ByteBuffer.allocate(1), 0);
                h.period = 2 * Math.max(h.period, now - h.usedAt);
            } catch (IOException ex) {
                gone.add(e.getKey());
            }
        }
        for (Key k : gone) dropProcess(k.pid, k.startTicks);
    }

    private synchronized void put(Key key, FileChannel ch) {
        if (capacity == 0 || cleared) {
            closeQuietly(ch);
            return;
        }
        Held old = open.put(key, new Held(ch));
        if (old != null && old.ch != ch) closeQuietly(old.ch); // another thread opened it meanwhile
    }

    private synchronized void drop(Key key, FileChannel ch) {
        Held h = open.get(key);
        if (h != null && h.ch == ch) open.remove(key);
        closeQuietly(ch);
    }

    private synchronized void dropProcess(long pid, long startTicks) {
        open.entrySet().removeIf(e -> {
            boolean gone = e.getKey().pid == pid && e.getKey().startTicks == startTicks;
            if (gone) closeQuietly(e.getValue().ch);
            return gone;
        });
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a read-only /proc descriptor has nothing to flush
        }
    }

    /** The soft RLIMIT_NOFILE of this process (from /proc/self/limits); 1024 when it cannot be read. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (!line.startsWith("Max open files")) continue;
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Integer.MAX_VALUE : Long.parseLong(soft);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the common default
        }
        return 1024;
    }
}
