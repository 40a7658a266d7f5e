package io.github.jpsutil.linux;

import io.github.jpsutil.CpuFreq;
import io.github.jpsutil.CpuStats;
import io.github.jpsutil.LoadAverage;
import io.github.jpsutil.SystemCpuTimes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the machine's per-CPU times, CPU event counts, clocks and load under the system's proc and sys roots. */
final class CpuReader {
    private final LinuxSystem sys;
    /** Whether sysfs has cpufreq (policy0 or cpu0/cpufreq); null until the first reading. */
    private volatile Boolean hasCpufreq;

    CpuReader(LinuxSystem sys) {
        this.sys = sys;
    }

    List<SystemCpuTimes> perCpuTimes() {
        List<SystemCpuTimes> out = new ArrayList<>();
        for (long[] t : CpuDetail.perCpuTicks(sys.systemFile(sys.procRoot().resolve("stat"))))
            out.add(sys.times(t));
        return out;
    }

    CpuStats cpuStats() {
        long[] n = CpuDetail.eventCounts(sys.systemFile(sys.procRoot().resolve("stat")));
        return new CpuStats(n[0], n[1], n[2], 0);
    }

    LoadAverage loadAverage() {
        double[] l = CpuDetail.loadAverage(sys.systemFile(sys.procRoot().resolve("loadavg")));
        return new LoadAverage(l[0], l[1], l[2]);
    }

    /**
     * Each CPU's clock: from cpufreq in sysfs (one policy per CPU or group of CPUs, in kHz) where
     * the kernel has it, else the {@code cpu MHz} lines of /proc/cpuinfo with no bounds (0), as
     * psutil does; empty where neither says.
     */
    List<CpuFreq> cpuFreq() {
        Path cpu = sys.sysRoot().resolve("devices/system/cpu");
        Boolean cpufreq = hasCpufreq;
        if (cpufreq == null) {
            // decided once, as psutil decides when it is imported: a machine without cpufreq
            // (a virtual machine, a container's sysfs) is not listed again at every reading
            hasCpufreq = cpufreq = Files.exists(cpu.resolve("cpufreq/policy0")) || Files.exists(cpu.resolve("cpu0/cpufreq"));
        }
        List<Path> dirs = cpufreq ? numbered(cpu.resolve("cpufreq"), "policy") : new ArrayList<>();
        // no policies: cpuN/cpufreq on old kernels, if cpu0 has one (psutil decides by cpu0 too)
        if (cpufreq && dirs.isEmpty() && Files.isDirectory(cpu.resolve("cpu0/cpufreq"))) {
            for (Path p : numbered(cpu, "cpu")) if (Files.isDirectory(p.resolve("cpufreq"))) dirs.add(p.resolve("cpufreq"));
        }
        List<CpuFreq> out = new ArrayList<>();
        for (Path d : dirs) {
            long cur = kiloHertz(d, "scaling_cur_freq");
            if (cur < 0) cur = kiloHertz(d, "cpuinfo_cur_freq");
            if (cur < 0) continue; // no readable clock for this policy
            out.add(new CpuFreq(cur / 1000.0, Math.max(0, kiloHertz(d, "scaling_min_freq")) / 1000.0,
                    Math.max(0, kiloHertz(d, "scaling_max_freq")) / 1000.0));
        }
        if (!out.isEmpty()) return out;
        String cpuinfo;
        try {
            cpuinfo = sys.systemFile(sys.procRoot().resolve("cpuinfo")); // a held descriptor: one pread
        } catch (io.github.jpsutil.JpsutilException e) {
            return List.of();
        }
        for (double mhz : CpuDetail.cpuinfoMhz(cpuinfo)) out.add(new CpuFreq(mhz, 0, 0));
        return out;
    }

    /** Physical cores: distinct sibling lists of the CPUs' topology; -1 when sysfs does not say. */
    int physicalCores() {
        Set<String> cores = new HashSet<>();
        for (Path cpu : numbered(sys.sysRoot().resolve("devices/system/cpu"), "cpu")) {
            try {
                cores.add(firstOf(cpu.resolve("topology/core_cpus_list"), cpu.resolve("topology/thread_siblings_list")).trim());
            } catch (NoSuchFileException e) {
                // a CPU without topology (offline): not counted
            } catch (IOException e) {
                return -1;
            }
        }
        return cores.isEmpty() ? -1 : cores.size();
    }

    /** The text of {@code first} (kernels since 5.3), else of {@code fallback}. */
    private static String firstOf(Path first, Path fallback) throws IOException {
        try {
            return ProcFiles.readString(first);
        } catch (NoSuchFileException e) {
            return ProcFiles.readString(fallback);
        }
    }

    /** {@code dir/<prefix>N} entries, by N (a plain listing: a glob would compile a pattern each call). */
    private static List<Path> numbered(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (number(p, prefix) >= 0) out.add(p);
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparingLong(p -> number(p, prefix)));
        return out;
    }

    private static long number(Path p, String prefix) {
        String name = p.getFileName().toString();
        return name.startsWith(prefix) ? ParseError.plainDigits(name, prefix.length(), name.length()) : -1;
    }

    /** A frequency file's kHz, or -1 when it is absent, unreadable (cpuinfo_cur_freq is root's) or not a number. */
    private static long kiloHertz(Path dir, String name) {
        try {
            String s = ProcFiles.readString(dir.resolve(name)).trim();
            return ParseError.plainDigits(s, 0, s.length());
        } catch (IOException e) {
            return -1;
        }
    }
}
