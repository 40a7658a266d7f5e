package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.backend.Backend;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.SystemCpuTimes;
import io.github.jpsutil.VirtualMemory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Linux backend for the whole machine: reads under an injectable proc root (and sys root),
 * so that tests can point it at a fake tree. Not part of the public API.
 */
public final class LinuxSystem implements Backend {
    private static volatile LinuxSystem local;

    private final Path procRoot;
    private final Path sysRoot;
    private final long clockTicks;
    private final long pageSize;
    private volatile double bootTime = -1;
    /** Descriptors kept open for reading again; null when none are. */
    private volatile HeldFiles heldFiles;
    final Users users = new Users();

    public LinuxSystem(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        byte[] auxv = readKernelAuxv();
        int word = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
        this.clockTicks = Auxv.find(auxv, Auxv.AT_CLKTCK, word);
        this.pageSize = Auxv.find(auxv, Auxv.AT_PAGESZ, word);
        if (clockTicks <= 0 || pageSize <= 0)
            throw new JpsutilException("the kernel's auxiliary vector has no clock rate or page size");
    }

    /** The machine this JVM runs on ({@code /proc}, {@code /sys}), made once. */
    public static LinuxSystem local() {
        LinuxSystem s = local;
        if (s == null) {
            synchronized (LinuxSystem.class) {
                if (local == null) {
                    local = new LinuxSystem(Paths.get("/proc"), Paths.get("/sys"));
                    local.holdFiles(Integer.getInteger(HELD_FILES_PROPERTY, DEFAULT_HELD_FILES));
                }
                s = local;
            }
        }
        return s;
    }

    /** The system property that sets how many files {@link #local()} keeps open (0: none). */
    public static final String HELD_FILES_PROPERTY = "jpsutil.heldFiles";
    /** Enough for the usual five files of 200 tracked processes and the machine's files. */
    public static final int DEFAULT_HELD_FILES = 1024;

    /**
     * Keeps up to {@code max} /proc files open (never more than a small share of the open-files
     * limit; least recently used closed first), so that reading a process known by its start time
     * again is one pread(2) each. 0 closes them all and reads each file afresh.
     */
    @Override
    public void holdFiles(int max) {
        HeldFiles next = max == 0 ? null : new HeldFiles(max);
        HeldFiles previous = heldFiles;
        heldFiles = next;
        if (previous != null) previous.clear();
    }

    /** The held descriptors, or null when none are kept. */
    HeldFiles heldFiles() {
        return heldFiles;
    }

    private static byte[] readKernelAuxv() {
        try (InputStream in = Files.newInputStream(Paths.get("/proc/self/auxv"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new JpsutilException("cannot read /proc/self/auxv for the clock rate and page size", e);
        }
    }

    /** Clock ticks per second (USER_HZ), as the kernel told this process. */
    @Override
    public long clockTicks() {
        return clockTicks;
    }

    /** Page size in bytes, as the kernel told this process. */
    @Override
    public long pageSize() {
        return pageSize;
    }

    public Path procRoot() {
        return procRoot;
    }

    Path sysRoot() {
        return sysRoot;
    }

    private volatile Boolean countsDescriptorsInSize;

    /**
     * Whether stat(2) of a process' fd directory gives its number of open descriptors as the size:
     * the real procfs of Linux 6.2 and later (earlier ones say 0; a directory elsewhere, as in a
     * fake tree, its blocks). Found once from this JVM's own fd directory, never empty.
     */
    boolean countsDescriptorsInSize() {
        Boolean b = countsDescriptorsInSize;
        if (b == null) {
            try {
                b = Files.getFileStore(procRoot).type().equals("proc") && Files.size(procRoot.resolve("self/fd")) > 0;
            } catch (IOException | RuntimeException e) {
                b = false; // then descriptors are counted by listing them
            }
            countsDescriptorsInSize = b;
        }
        return b;
    }

    /** A system-wide file, whose absence is a broken or foreign kernel rather than a gone process. */
    String systemFile(Path p) {
        try {
            // read each round by the sampler: through a held descriptor (one pread and the one to
            // find the end) when descriptors are kept
            HeldFiles h = heldFiles;
            return h != null ? new String(h.readSystemFile(p), StandardCharsets.UTF_8) : ProcFiles.readString(p);
        } catch (IOException e) {
            throw new JpsutilException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Every process id (thread group) under the proc root, ascending. */
    @Override
    public long[] pids() {
        try {
            return ProcFiles.numericEntries(procRoot);
        } catch (IOException e) {
            throw new JpsutilException("cannot list " + procRoot + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a process (not merely a thread: /proc/&lt;tid&gt; resolves too) with this pid exists.
     * Zombies exist until reaped, as in psutil.
     */
    @Override
    public boolean pidExists(long pid) {
        if (pid < 0 || pid > Integer.MAX_VALUE) return false;
        // pid 0 (the idle task) has no /proc entry: psutil 5.9.4 answers "0 in pids()", false on Linux
        if (pid == 0) return false;
        try {
            return PidStatus.parse(ProcFiles.readString(procRoot.resolve(pid + "/status"))).tgid() == pid;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return Files.exists(procRoot.resolve(Long.toString(pid)));
        }
    }

    CpuStat cpuStat() {
        return CpuStat.parse(systemFile(procRoot.resolve("stat")));
    }

    @Override
    public io.github.jpsutil.ProcessEventStream processEvents() {
        return ProcConnector.open();
    }

    @Override
    public io.github.jpsutil.backend.ExitWatcher exitWatcher() {
        return new PidfdExitWatcher();
    }

    @Override
    public SystemCpuTimes cpuTimes() {
        return times(cpuStat().ticks());
    }

    /** Ten modes' clock ticks as seconds. */
    SystemCpuTimes times(long[] t) {
        double hz = clockTicks;
        return new SystemCpuTimes(t[0] / hz, t[1] / hz, t[2] / hz, t[3] / hz, t[4] / hz, t[5] / hz, t[6] / hz,
                t[7] / hz, t[8] / hz, t[9] / hz);
    }

    /** Boot time in seconds since the epoch (btime of /proc/stat); read once. */
    @Override
    public double bootTime() {
        double b = bootTime;
        if (b < 0) bootTime = b = cpuStat().bootTime();
        return b;
    }

    /** CPUs online (as sysconf(_SC_NPROCESSORS_ONLN) counts them). */
    @Override
    public int cpuCountLogical() {
        return Fields.cpuListCount(systemFile(sysRoot.resolve("devices/system/cpu/online")));
    }

    /** Physical cores: distinct sibling lists of the CPUs' topology; -1 when sysfs does not say. */
    @Override
    public int cpuCountPhysical() {
        return cpu.physicalCores();
    }

    @Override
    public VirtualMemory virtualMemory() {
        String what = "/proc/meminfo";
        Map<String, Long> m = Fields.keyValues(systemFile(procRoot.resolve("meminfo")));
        long total = Fields.require(m, "MemTotal", what);
        long free = Fields.require(m, "MemFree", what);
        long buffers = m.getOrDefault("Buffers", 0L);
        long cached = m.getOrDefault("Cached", 0L) + m.getOrDefault("SReclaimable", 0L);
        long shared = m.getOrDefault("Shmem", m.getOrDefault("MemShared", 0L));
        long active = m.getOrDefault("Active", 0L);
        long inactive = m.getOrDefault("Inactive", 0L);
        long slab = m.getOrDefault("Slab", 0L);
        long used = total - free - cached - buffers;
        if (used < 0) used = total - free;
        Long availableField = m.get("MemAvailable");
        long available = availableField != null ? availableField : estimateAvailable(m, free, active, inactive);
        if (available < 0) available = 0;
        if (available > total) available = free;
        return new VirtualMemory(total, available, percent(total - available, total), used, free, active,
                inactive, buffers, cached, shared, slab);
    }

    /**
     * Kernels before 3.14 have no MemAvailable: estimate it as they do since (free memory, plus the
     * page cache and reclaimable slab that can be dropped, less the low watermarks of /proc/zoneinfo).
     */
    private long estimateAvailable(Map<String, Long> m, long free, long active, long inactive) {
        long lruFile = m.getOrDefault("Active(file)", 0L) + m.getOrDefault("Inactive(file)", 0L);
        long reclaimable = m.getOrDefault("SReclaimable", 0L);
        long lowWatermark = 0;
        try {
            for (String line : ProcFiles.readString(procRoot.resolve("zoneinfo")).split("\n")) {
                String t = line.trim();
                if (t.startsWith("low ")) lowWatermark += Long.parseLong(t.substring(4).trim());
            }
        } catch (IOException | NumberFormatException e) {
            return free + m.getOrDefault("Cached", 0L); // psutil's last resort
        }
        lowWatermark *= pageSize;
        long avail = free - lowWatermark;
        avail += lruFile - Math.min(lruFile / 2, lowWatermark);
        avail += reclaimable - Math.min(reclaimable / 2, lowWatermark);
        return avail;
    }

    @Override
    public SwapMemory swapMemory() {
        String what = "/proc/meminfo";
        Map<String, Long> m = Fields.keyValues(systemFile(procRoot.resolve("meminfo")));
        long total = Fields.require(m, "SwapTotal", what);
        long free = Fields.require(m, "SwapFree", what);
        long used = total - free;
        long sin = 0, sout = 0;
        try {
            Map<String, Long> vm = Fields.keyValues(ProcFiles.readString(procRoot.resolve("vmstat")));
            // pswpin/pswpout count pages
            sin = vm.getOrDefault("pswpin", 0L) * pageSize;
            sout = vm.getOrDefault("pswpout", 0L) * pageSize;
        } catch (IOException e) {
            // psutil, too, reports 0 when vmstat is unreadable
        }
        return new SwapMemory(total, used, free, percent(used, total), sin, sout);
    }

    /** used / total * 100 rounded to one decimal, 0 when total is 0 (psutil's usage_percent). */
    static double percent(long used, long total) {
        if (total <= 0) return 0.0;
        return Math.round(used * 1000.0 / total) / 10.0;
    }

    @Override
    public Backend.ProcessReader process(long pid, long startTicks) {
        return new LinuxProcess(this, pid, startTicks);
    }

    // ---- machine-wide values beyond psutil's classic ones ----------------------------------------

    private final CpuReader cpu = new CpuReader(this);

    @Override
    public java.util.List<SystemCpuTimes> perCpuTimes() {
        return cpu.perCpuTimes();
    }

    @Override
    public io.github.jpsutil.CpuStats cpuStats() {
        return cpu.cpuStats();
    }

    @Override
    public java.util.List<io.github.jpsutil.CpuFreq> cpuFreq() {
        return cpu.cpuFreq();
    }

    @Override
    public io.github.jpsutil.LoadAverage loadAverage() {
        return cpu.loadAverage();
    }

    private final DiskReader disks = new DiskReader(this);

    @Override
    public java.util.List<io.github.jpsutil.DiskPartition> diskPartitions(boolean all, boolean limits) {
        return disks.partitions(all, limits);
    }

    @Override
    public io.github.jpsutil.DiskUsage diskUsage(String path) {
        return disks.usage(path);
    }

    @Override
    public Map<String, io.github.jpsutil.DiskIoCounters> diskIoCounters() {
        return disks.ioCounters();
    }

    @Override
    public java.util.function.Predicate<String> wholeDisks() {
        return disks.wholeDisks();
    }

    private final NetReader net = new NetReader(this);

    @Override
    public Map<String, io.github.jpsutil.NetIoCounters> netIoCounters() {
        return net.ioCounters();
    }

    @Override
    public Map<String, io.github.jpsutil.NetIfStats> netIfStats() {
        return net.ifStats();
    }

    @Override
    public io.github.jpsutil.NetIfStats netIfStats(String nic) {
        return net.ifStats(nic);
    }

    @Override
    public java.util.List<io.github.jpsutil.NetIfAddress> netIfAddrs() {
        return net.ifAddrs();
    }

    private final MachineSockets sockets = new MachineSockets(this);

    @Override
    public java.util.List<io.github.jpsutil.NetConnection> netConnections(java.util.Set<String> tables) {
        return sockets.list(tables);
    }

    private final SensorReader sensors = new SensorReader(this);

    @Override
    public java.util.List<io.github.jpsutil.SensorTemperature> sensorsTemperatures() {
        return sensors.temperatures();
    }

    @Override
    public java.util.List<io.github.jpsutil.SensorFan> sensorsFans() {
        return sensors.fans();
    }

    @Override
    public java.util.Optional<io.github.jpsutil.Battery> sensorsBattery() {
        return sensors.battery();
    }

    @Override
    public java.util.List<io.github.jpsutil.User> users() {
        return Utmp.read(procRoot);
    }

    // ---- cgroups and pressure (LinuxCgroups) ------------------------------------------------------

    private volatile LinuxCgroups cgroups;

    LinuxCgroups cgroups() {
        LinuxCgroups c = cgroups;
        if (c == null) cgroups = c = new LinuxCgroups(procRoot, sysRoot, clockTicks);
        return c;
    }

    @Override
    public io.github.jpsutil.Pressure pressure() {
        return cgroups().machinePressure();
    }

    @Override
    public io.github.jpsutil.Cgroup cgroup(Map<String, String> paths) {
        return cgroups().read(paths);
    }

    @Override
    public long oomKills(Map<String, String> paths) {
        return cgroups().oomKills(paths);
    }

    private volatile long selfPid = -1;

    @Override
    public long selfPid() {
        long p = selfPid;
        if (p < 0) selfPid = p = NamespacePids.selfIn(this);
        return p;
    }
}
