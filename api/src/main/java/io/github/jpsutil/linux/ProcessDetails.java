package io.github.jpsutil.linux;

import io.github.jpsutil.MemoryFullInfo;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.MemoryMap;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.Status;
import io.github.jpsutil.ZombieProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The values of a process read from files that the kernel builds by walking its address space
 * (smaps, smaps_rollup, environ) or that no other value needs (oom_score, oom_score_adj): each
 * read when asked, never cached, after the identity check of the process' stat.
 */
final class ProcessDetails {
    private final LinuxProcess p;

    ProcessDetails(LinuxProcess p) {
        this.p = p;
    }

    /**
     * A file of the address space (read to its end: smaps is written in pieces), or null for a live
     * process that has none: a kernel thread's smaps and environ fail with ESRCH though the thread
     * runs (psutil 5.9 reports ZombieProcess and NoSuchProcess; it is an address space of nothing,
     * so its figures are 0, it has no mappings and no environment).
     */
    private String addressSpace(String file) {
        int n = addressSpaceInto(file);
        return n < 0 ? null : new String(ProcFiles.bytes(), 0, n, StandardCharsets.UTF_8);
    }

    /**
     * {@link #addressSpace} into the thread's buffer ({@link ProcFiles#bytes()}, no copy: a JVM's
     * smaps is half a megabyte): the file's length, or -1 for a live process that has none.
     */
    private int addressSpaceInto(String file) {
        p.stat();
        Path path = p.dir.resolve(file);
        try {
            return ProcFiles.readInto(path);
        } catch (IOException e) {
            // ESRCH comes as a FileSystemException with strerror's text: asked of the kernel by errno
            if (!(e instanceof AccessDeniedException) && Native.available() && Native.readErrno(path.toString()) == Errno.ESRCH) {
                PidStat now = p.statOrNull();
                if (now != null && now.status() != Status.ZOMBIE) return -1;
            }
            throw p.failure(e, path);
        }
    }

    /** The environment; empty for a kernel thread (psutil 5.9 says NoSuchProcess of a thread that runs). */
    Map<String, String> environ() {
        if (LinuxProcess.READS_AS_ROOT && p.hasNoAddressSpace()) return Map.of();
        String text = addressSpace("environ");
        return text == null ? Map.of() : Fields.environ(text);
    }

    /**
     * uss, pss and swap from smaps_rollup (4.14+), else by adding up smaps; or {@code smapsTotals},
     * those sums of a smaps read just before (pss then adds up each mapping's, rounded down to a kB
     * as smaps prints it, as psutil's smaps fallback does; uss and swap are the same either way).
     */
    MemoryFullInfo memoryFullInfo(MemoryInfo m, long[] smapsTotals) {
        long[] t;
        if (smapsTotals != null) {
            t = smapsTotals;
        } else if (p.hasNoAddressSpace()) {
            t = new long[3]; // nothing to walk: its smaps would say ESRCH
        } else {
            t = rollupTotals();
        }
        return new MemoryFullInfo(m.rss(), m.vms(), m.shared(), m.text(), m.data(), t[0], t[1], t[2]);
    }

    private long[] rollupTotals() {
        Path rollup = p.dir.resolve("smaps_rollup");
        try {
            // one record, written whole by the first read (a hot path: no second read, no String)
            byte[] b = ProcFiles.readRecord(rollup);
            return Smaps.totals(b, b.length);
        } catch (IOException e) {
            RuntimeException failure = p.failure(e, rollup);
            if (failure instanceof NoSuchProcess && !(failure instanceof ZombieProcess) && p.statOrNull() != null) {
                // a kernel before 4.14 (no smaps_rollup), or a process that just lost its address space
                String text = addressSpace(Files.exists(rollup) ? "smaps_rollup" : "smaps");
                return text == null ? new long[3] : Smaps.totals(text);
            }
            throw failure;
        }
    }

    /** The mappings; their uss, pss and swap added up into {@code totals}. */
    List<MemoryMap> memoryMaps(boolean grouped, long[] totals) {
        if (p.hasNoAddressSpace()) return List.of();
        int n = addressSpaceInto("smaps");
        // parsed in the thread's buffer: mapPath reads no file through it
        return n < 0 ? List.of() : Smaps.maps(ProcFiles.bytes(), n, grouped, ProcessDetails::mapPath, totals);
    }

    /** psutil's path of a mapping: "[anon]" for none; " (deleted)" dropped unless a file has that very name. */
    static String mapPath(String raw) {
        String path = raw.strip();
        if (path.isEmpty()) return "[anon]";
        String deleted = " (deleted)";
        if (path.endsWith(deleted) && !Files.exists(Path.of(path))) return path.substring(0, path.length() - deleted.length());
        return path;
    }

    int oomScore() {
        return number("oom_score");
    }

    int oomScoreAdj() {
        return number("oom_score_adj");
    }

    private int number(String file) {
        String what = "/proc/<pid>/" + file;
        String text = addressSpace(file);
        if (text == null) throw new ParseError(what, "the kernel said ESRCH of a running process");
        long v = ParseError.parseLong(what, file, text.trim());
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new ParseError(what, "out of range: " + v);
        return (int) v;
    }
}
