package io.github.jpsutil;

import io.github.jpsutil.backend.Backend;
import io.github.jpsutil.linux.LinuxSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The machine: processes, CPUs and memory (psutil's module-level functions). {@link #local()} is
 * this machine; {@link #withProcRoot} reads another proc tree (a container's, or a test fixture).
 * Linux only: elsewhere every call throws UnsupportedOperationException naming the OS.
 */
public final class Psutil {
    private static volatile Psutil local;

    private final Backend sys;
    private final Object cpuLock = new Object();
    private SystemCpuTimes lastCpuTimes;

    Psutil(Backend sys) {
        this.sys = sys;
        this.lastCpuTimes = sys.cpuTimes(); // like psutil, cpuPercent() first counts from here
    }

    /** This machine. */
    public static Psutil local() {
        Psutil p = local;
        if (p == null) {
            synchronized (Psutil.class) {
                if (local == null) local = new Psutil(Backends.local());
                p = local;
            }
        }
        return p;
    }

    /** A machine seen through another proc and sys tree (paths such as /host/proc, /host/sys). */
    public static Psutil withProcRoot(Path procRoot, Path sysRoot) {
        return new Psutil(new LinuxSystem(procRoot, sysRoot));
    }

    // ---- processes -------------------------------------------------------------------------------

    /** Every process id, ascending. */
    public long[] pids() {
        return sys.pids();
    }

    public boolean pidExists(long pid) {
        return sys.pidExists(pid);
    }

    /** The process with this pid now; NoSuchProcess if there is none. */
    public OsProcess process(long pid) {
        if (pid < 0 || pid > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pid must be between 0 and " + Integer.MAX_VALUE + ", got " + pid);
        return OsProcess.open(sys, pid, null);
    }

    /**
     * A {@link OsProcess#oneshot() oneshot} view of the process with this pid, opened with one read
     * of its stat, which is also the view's (two reads fewer than {@code process(pid).oneshot()}).
     * It does not check that the pid is a process rather than one of its threads: for pids known to
     * be processes, such as those of {@link #processEvents()}. NoSuchProcess when it is gone.
     */
    public OsProcess oneshotProcess(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pid must be between 1 and " + Integer.MAX_VALUE + ", got " + pid);
        return OsProcess.openListed(sys, pid, true);
    }

    /**
     * This JVM's process: for a proc tree of another pid namespace (the host's /proc seen from a
     * container), the process this JVM is there, found by its NSpid.
     */
    public OsProcess self() {
        return process(sys.selfPid());
    }

    /**
     * Every process, in pid order, read lazily; processes that exit while the stream runs are
     * skipped (psutil's {@code process_iter}).
     */
    public Stream<OsProcess> processes() {
        return listed(false);
    }

    /**
     * Every process as a {@link OsProcess#oneshot() oneshot} view, in pid order, read lazily: the
     * way to read many attributes of every process (psutil's {@code process_iter(attrs)}). The
     * same as {@code processes().map(OsProcess::oneshot)}, with one file read fewer per process:
     * the read of stat that identifies the process is also the view's.
     */
    public Stream<OsProcess> oneshotProcesses() {
        return listed(true);
    }

    private Stream<OsProcess> listed(boolean views) {
        long[] pids = pids();
        Iterator<OsProcess> it = new Iterator<>() {
            int i;
            OsProcess next;

            @Override
            public boolean hasNext() {
                while (next == null && i < pids.length) {
                    try {
                        next = OsProcess.openListed(sys, pids[i++], views);
                    } catch (NoSuchProcess gone) {
                        // exited since the listing
                    }
                }
                return next != null;
            }

            @Override
            public OsProcess next() {
                if (!hasNext()) throw new NoSuchElementException();
                OsProcess p = next;
                next = null;
                return p;
            }
        };
        // not SIZED: processes that exit meanwhile are left out, so the count is unknown (toList() would fail)
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Starts a child and returns it with its handle at once (psutil's {@code Popen}); its
     * {@link OsProcess#waitFor} returns the exit code.
     */
    public Popen start(ProcessBuilder builder) {
        java.lang.Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        return new Popen(p, OsProcess.open(sys, p.pid(), p));
    }

    // ---- CPU -------------------------------------------------------------------------------------

    public SystemCpuTimes cpuTimes() {
        return sys.cpuTimes();
    }

    /**
     * Machine-wide CPU use in percent (0-100): over {@code interval} when it is positive (blocking),
     * otherwise since the previous call (the first call counts from when this object was made).
     */
    public double cpuPercent(Duration interval) {
        if (interval != null && interval.isNegative())
            throw new IllegalArgumentException("interval is negative: " + interval);
        SystemCpuTimes before;
        SystemCpuTimes after;
        if (interval != null && !interval.isZero()) {
            before = sys.cpuTimes();
            Lifecycle.sleep(interval);
            after = sys.cpuTimes();
        } else {
            synchronized (cpuLock) {
                before = lastCpuTimes;
                after = sys.cpuTimes();
                lastCpuTimes = after;
            }
        }
        return CpuPercent.ofMachine(before, after);
    }

    /** {@link #cpuPercent(Duration)} since the previous call. */
    public double cpuPercent() {
        return cpuPercent(null);
    }

    /** Logical CPUs online. */
    public int cpuCount() {
        return sys.cpuCountLogical();
    }

    /** Logical CPUs, or with {@code logical} false physical cores (-1 when the kernel does not say). */
    public int cpuCount(boolean logical) {
        return logical ? sys.cpuCountLogical() : sys.cpuCountPhysical();
    }

    /** When the machine booted, in seconds since the epoch. */
    public double bootTime() {
        return sys.bootTime();
    }

    /**
     * The machine's values at one instant, each system file read at most once: the way to read
     * many of them together ({@link SystemMetrics} lists them all).
     */
    public SystemView oneshot() {
        return new SystemView(this);
    }

    /**
     * Whether {@link OsProcess#exitStatus()} and {@link OsProcess#waitFor} learn the exit status of
     * children started anywhere in this JVM, not only through {@link #start}: true when java.base
     * opens java.lang to jpsutil (the agent arranges that, or
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
     */
    public static boolean childExitStatusAvailable() {
        return JvmChildren.available();
    }

    /**
     * Subscribes to the kernel's process events (on Linux the process events connector). Fails
     * with a {@link JpsutilException} that says why when the kernel refuses this process (older
     * kernels admit only CAP_NET_ADMIN in the initial namespaces) or has no such source: the
     * caller then falls back to looking at the processes from time to time.
     */
    public ProcessEventStream processEvents() {
        return sys.processEvents();
    }

    /**
     * A new watch of process exits: each process added is told when it ends, at once, with its exit
     * status where the kernel tells it, by one thread asleep in the kernel (see {@link ExitWatch}).
     */
    public ExitWatch exitWatch() {
        return new ExitWatch(sys.exitWatcher());
    }

    // ---- memory ----------------------------------------------------------------------------------

    public VirtualMemory virtualMemory() {
        return sys.virtualMemory();
    }

    public SwapMemory swapMemory() {
        return sys.swapMemory();
    }

    /** Total memory, read once per backend (it does not change while the machine runs). */
    static long totalMemory(Backend sys) {
        Long t = TOTALS.get(sys);
        if (t == null) {
            t = sys.virtualMemory().total();
            TOTALS.put(sys, t);
        }
        return t;
    }

    private static final java.util.Map<Backend, Long> TOTALS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The cgroup with these paths (as {@link Cgroup#paths()} gives them), read now. */
    public Cgroup cgroup(java.util.Map<String, String> paths) {
        return sys.cgroup(paths);
    }

    /** The machine's pressure stall information (/proc/pressure), or null when the kernel has none. */
    public Pressure pressure() {
        return sys.pressure();
    }

    /** Clock ticks per second, as the kernel told this process. */
    public long clockTicks() {
        return sys.clockTicks();
    }

    /** Page size in bytes, as the kernel told this process. */
    public long pageSize() {
        return sys.pageSize();
    }

    /**
     * psutil's {@code wait_procs(procs, timeout, callback)}: waits for all of them at once, at
     * most {@code timeout} (null: until all have ended), calling {@code callback} (may be null) for
     * each as it ends; returns those gone, with their exit status where it can be known and whether
     * the OOM killer ended them ({@link OsProcess#waitForExit}), and those alive.
     */
    public WaitProcs waitProcs(java.util.Collection<OsProcess> procs, java.time.Duration timeout,
                               java.util.function.Consumer<WaitProcs.Gone> callback) {
        return WaitProcs.await(procs, timeout, callback);
    }

    // ---- machine-wide values beyond psutil's classic ones ----------------------------------------

    private java.util.List<SystemCpuTimes> lastPerCpuForPercent = java.util.List.of();
    private SystemCpuTimes lastTimesForPercent;

    /** Times of each online CPU in the kernel's order (psutil's {@code cpu_times(percpu=True)}). */
    public java.util.List<SystemCpuTimes> cpuTimesPercpu() {
        return sys.perCpuTimes();
    }

    /**
     * Each CPU's use in percent (psutil's {@code cpu_percent(percpu=True)}): over {@code interval}
     * when it is positive (blocking), otherwise since the previous call (the first call: since boot).
     */
    public java.util.List<Double> cpuPercentPercpu(Duration interval) {
        java.util.List<SystemCpuTimes> before;
        java.util.List<SystemCpuTimes> after;
        if (positive(interval)) {
            before = sys.perCpuTimes();
            Lifecycle.sleep(interval);
            after = sys.perCpuTimes();
        } else {
            synchronized (cpuLock) {
                before = lastPerCpuForPercent;
                after = sys.perCpuTimes();
                lastPerCpuForPercent = after;
            }
        }
        java.util.List<Double> out = new java.util.ArrayList<>(after.size());
        for (int i = 0; i < after.size(); i++)
            out.add(CpuPercent.ofMachine(i < before.size() ? before.get(i) : NO_CPU_TIME, after.get(i)));
        return out;
    }

    /**
     * The share of each CPU mode in percent (psutil's {@code cpu_times_percent()}): over
     * {@code interval} when it is positive (blocking), otherwise since the previous call (the first: since boot).
     */
    public SystemCpuTimes cpuTimesPercent(Duration interval) {
        SystemCpuTimes before;
        SystemCpuTimes after;
        if (positive(interval)) {
            before = sys.cpuTimes();
            Lifecycle.sleep(interval);
            after = sys.cpuTimes();
        } else {
            synchronized (cpuLock) {
                before = lastTimesForPercent == null ? NO_CPU_TIME : lastTimesForPercent;
                after = sys.cpuTimes();
                lastTimesForPercent = after;
            }
        }
        return CpuPercent.timesOfMachine(before, after);
    }

    private static final SystemCpuTimes NO_CPU_TIME = new SystemCpuTimes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static boolean positive(Duration interval) {
        if (interval != null && interval.isNegative())
            throw new IllegalArgumentException("interval is negative: " + interval);
        return interval != null && !interval.isZero();
    }

    /** Context switches, interrupts and soft interrupts since boot (psutil's {@code cpu_stats()}). */
    public CpuStats cpuStats() {
        return sys.cpuStats();
    }

    /**
     * The CPUs' clock in MHz (psutil's {@code cpu_freq()}): the mean of {@link #cpuFreqPercpu()};
     * empty where the machine does not tell its clock.
     */
    public java.util.Optional<CpuFreq> cpuFreq() {
        return CpuFreq.mean(sys.cpuFreq());
    }

    /** Each CPU's clock in MHz (psutil's {@code cpu_freq(percpu=True)}); empty where the machine does not tell. */
    public java.util.List<CpuFreq> cpuFreqPercpu() {
        return sys.cpuFreq();
    }

    /** The 1, 5 and 15 minute load averages (psutil's {@code getloadavg()}). */
    public LoadAverage getloadavg() {
        return sys.loadAverage();
    }

    /** Mounted file systems (psutil's {@code disk_partitions(all)}); without {@code all}, those on devices only. */
    public java.util.List<DiskPartition> diskPartitions(boolean all) {
        return sys.diskPartitions(all, true);
    }

    /**
     * {@link #diskPartitions(boolean)}; with {@code limits} false, maxfile and maxpath are null and
     * no native call is made (statvfs through JNA, which Java 22 and later warn of when it loads):
     * how the agent and the System view read them.
     */
    public java.util.List<DiskPartition> diskPartitions(boolean all, boolean limits) {
        return sys.diskPartitions(all, limits);
    }

    /**
     * Space of the file system that holds {@code path} (psutil's {@code disk_usage}); an
     * IllegalArgumentException names a path that does not exist.
     */
    public DiskUsage diskUsage(String path) {
        if (path == null || path.isEmpty()) throw new IllegalArgumentException("disk usage needs a path");
        return sys.diskUsage(path);
    }

    /** I/O counters of each disk and partition by name (psutil's {@code disk_io_counters(perdisk=True)}). */
    public java.util.Map<String, DiskIoCounters> diskIoCountersPerdisk() {
        return sys.diskIoCounters();
    }

    /**
     * I/O counters of all whole disks together (psutil's {@code disk_io_counters()}): partitions
     * are left out, since their disk counts their I/O already; empty where the machine has no disk.
     */
    public java.util.Optional<DiskIoCounters> diskIoCounters() {
        return DiskIoCounters.total(sys.diskIoCounters(), sys.wholeDisks());
    }

    java.util.function.Predicate<String> wholeDisks() {
        return sys.wholeDisks();
    }

    /** Traffic of each network interface by name (psutil's {@code net_io_counters(pernic=True)}). */
    public java.util.Map<String, NetIoCounters> netIoCountersPernic() {
        return sys.netIoCounters();
    }

    /** Traffic of all network interfaces together, loopback included (psutil's {@code net_io_counters()}). */
    public NetIoCounters netIoCounters() {
        return NetMetrics.total(sys.netIoCounters());
    }

    /** State of each network interface by name (psutil's {@code net_if_stats()}). */
    public java.util.Map<String, NetIfStats> netIfStats() {
        return sys.netIfStats();
    }

    /** State of one network interface, read from its own files only; empty when the machine does not show it. */
    public java.util.Optional<NetIfStats> netIfStats(String nic) {
        return java.util.Optional.ofNullable(sys.netIfStats(nic));
    }

    /** Addresses of every network interface, each row naming its interface (psutil's {@code net_if_addrs()}). */
    public java.util.List<NetIfAddress> netIfAddrs() {
        return sys.netIfAddrs();
    }

    /**
     * Every socket of the machine of one kind, with the process holding it (psutil's
     * {@code net_connections(kind)}): "inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp",
     * "udp4", "udp6", "unix" or "all"; another kind is an IllegalArgumentException.
     */
    public java.util.List<NetConnection> netConnections(String kind) {
        return sys.netConnections(ConnectionKinds.tables(kind));
    }

    /** Temperature sensors (psutil's {@code sensors_temperatures()}, one row per sensor with its chip); empty where none. */
    public java.util.List<SensorTemperature> sensorsTemperatures() {
        return sys.sensorsTemperatures();
    }

    /** Fans (psutil's {@code sensors_fans()}); empty where none. */
    public java.util.List<SensorFan> sensorsFans() {
        return sys.sensorsFans();
    }

    /** The battery (psutil's {@code sensors_battery()}); empty where the machine has none. */
    public java.util.Optional<Battery> sensorsBattery() {
        return sys.sensorsBattery();
    }

    /** Users logged in (psutil's {@code users()}). */
    public java.util.List<User> users() {
        return sys.users();
    }

    /**
     * Keeps up to {@code max} /proc files open, so that reading a process again through its handle
     * (a handle read in a loop, a oneshot view taken each round) is one pread(2) per file instead of
     * open, read and close. A kept descriptor belongs to the process, not to its pid: once that process
     * is gone it reads as gone, even when the pid has a new owner. The least recently used is closed
     * first, and never more than an eighth of the open-files limit is kept. 0 closes them all.
     * {@link #local()} keeps 1024 unless the system property {@code jpsutil.heldFiles} says otherwise;
     * other trees keep none until told.
     */
    public void holdFiles(int max) {
        if (max < 0) throw new IllegalArgumentException("held files must be 0 or more, got " + max);
        sys.holdFiles(max);
    }
}
