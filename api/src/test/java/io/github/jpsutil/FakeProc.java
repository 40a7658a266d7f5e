package io.github.jpsutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Builds a fake /proc and /sys tree in a directory, in the formats of a 6.x kernel (the samples
 * under proc-samples/ show the real thing), for {@link Psutil#withProcRoot}.
 */
final class FakeProc {
    final Path proc;
    final Path sys;

    FakeProc(Path dir) {
        this.proc = dir.resolve("proc");
        this.sys = dir.resolve("sys");
        write(proc.resolve("stat"), "cpu  6801 10 1606 90084 205 3 70 59 7 1\ncpu0 3071 0 729 45541 24 0 25 28 0 0\n"
                + "intr 1 0\nctxt 236575\nbtime 1795770142\nprocesses 4040\nprocs_running 1\nprocs_blocked 0\n");
        write(sys.resolve("devices/system/cpu/online"), "0-3,8\n");
    }

    Psutil psutil() {
        return Psutil.withProcRoot(proc, sys);
    }

    static void write(Path p, String text) {
        write(p, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path p, byte[] bytes) {
        try {
            Files.createDirectories(p.getParent());
            // write to a sibling and rename, as the kernel's files never show half a line
            Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void link(Path link, String target) {
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 52-field stat line (6.x layout) with the fields the library reads; the others are 0. */
    static String statLine(long pid, String comm, char state, long ppid, long utime, long stime, long cutime,
                           long cstime, int nice, long threads, long start, long vsize, long rss, long blkio) {
        String[] f = new String[53];
        java.util.Arrays.fill(f, "0");
        f[3] = String.valueOf(state);
        f[4] = Long.toString(ppid);
        f[14] = Long.toString(utime);
        f[15] = Long.toString(stime);
        f[16] = Long.toString(cutime);
        f[17] = Long.toString(cstime);
        f[18] = Integer.toString(20 + nice);
        f[19] = Integer.toString(nice);
        f[20] = Long.toString(threads);
        f[22] = Long.toString(start);
        f[23] = Long.toString(vsize);
        f[24] = Long.toString(rss);
        f[42] = Long.toString(blkio);
        StringJoiner j = new StringJoiner(" ", pid + " (" + comm + ") ", "\n");
        for (int i = 3; i <= 52; i++) j.add(f[i]);
        return j.toString();
    }

    static String status(String name, long tgid, long pid, long ppid, long[] uids, long[] gids, long threads) {
        return "Name:\t" + name.replace("\\", "\\\\").replace("\n", "\\n") + "\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t"
                + tgid + "\nNgid:\t0\nPid:\t" + pid + "\nPPid:\t" + ppid + "\nTracerPid:\t0\n"
                + "Uid:\t" + uids[0] + "\t" + uids[1] + "\t" + uids[2] + "\t" + uids[1] + "\n"
                + "Gid:\t" + gids[0] + "\t" + gids[1] + "\t" + gids[2] + "\t" + gids[1] + "\n"
                + "FDSize:\t64\nGroups:\t \nThreads:\t" + threads + "\n";
    }

    /** A process with one thread (tid = pid) and the usual files. */
    Path process(long pid, String comm, char state, long ppid, long start, String cmdline) {
        Path d = proc.resolve(Long.toString(pid));
        write(d.resolve("stat"), statLine(pid, comm, state, ppid, 120, 30, 7, 3, 0, 1, start, 10_485_760, 300, 5));
        write(d.resolve("status"), status(comm, pid, pid, ppid, new long[]{0, 0, 0}, new long[]{0, 0, 0}, 1));
        write(d.resolve("cmdline"), cmdline);
        write(d.resolve("statm"), "2560 300 200 5 0 123 0\n");
        write(d.resolve("io"), "rchar: 6976\nwchar: 11\nsyscr: 10\nsyscw: 2\nread_bytes: 4096\nwrite_bytes: 8192\n"
                + "cancelled_write_bytes: 0\n");
        write(d.resolve("task/" + pid + "/stat"), statLine(pid, comm, state, ppid, 120, 30, 7, 3, 0, 1, start, 10_485_760, 300, 5));
        write(d.resolve("task/" + pid + "/children"), "");
        try {
            Files.createDirectories(d.resolve("fd"));
            Files.createDirectories(d.resolve("fdinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /**
     * Ends a process: its files are emptied first, so that a descriptor still open on one reads
     * nothing (the kernel's reads fail with ESRCH), then removed.
     */
    void delete(long pid) {
        try (var s = Files.walk(proc.resolve(Long.toString(pid)))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.write(p, new byte[0]);
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
