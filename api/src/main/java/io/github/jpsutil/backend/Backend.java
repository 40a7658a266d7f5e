package io.github.jpsutil.backend;

import io.github.jpsutil.Connection;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.CtxSwitches;
import io.github.jpsutil.Ids;
import io.github.jpsutil.IoClass;
import io.github.jpsutil.IoCounters;
import io.github.jpsutil.Ionice;
import io.github.jpsutil.MemoryFullInfo;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.MemoryInfoEx;
import io.github.jpsutil.MemoryMap;
import io.github.jpsutil.OpenFile;
import io.github.jpsutil.PageFaults;
import io.github.jpsutil.ResourceLimit;
import io.github.jpsutil.Rlimit;
import io.github.jpsutil.Status;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.SystemCpuTimes;
import io.github.jpsutil.ThreadTimes;
import io.github.jpsutil.VirtualMemory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the facade ({@code Psutil}, {@code OsProcess}) needs from an operating system: the one
 * interface between the public API and the code of one platform. Linux implements it
 * ({@code io.github.jpsutil.linux}); another OS is another package implementing it. Not exported
 * from the module. Errors come as the API's exceptions (NoSuchProcess, AccessDenied, ...).
 */
public interface Backend {
    /** A reader of one process; {@code startTicks} of -1 takes whatever process has the pid now. */
    ProcessReader process(long pid, long startTicks);

    /** Every process id, ascending. */
    long[] pids();

    boolean pidExists(long pid);

    SystemCpuTimes cpuTimes();

    /** The kernel's process events; a JpsutilException saying why when they are refused or absent. */
    io.github.jpsutil.ProcessEventStream processEvents();

    /** A new watcher of process exits; its thread starts with the first process watched. */
    ExitWatcher exitWatcher();

    /** Boot time in seconds since the epoch. */
    double bootTime();

    int cpuCountLogical();

    /** Physical cores; -1 when the OS does not say. */
    int cpuCountPhysical();

    VirtualMemory virtualMemory();

    SwapMemory swapMemory();

    long clockTicks();

    long pageSize();

    // ---- machine-wide values beyond psutil's classic ones ----------------------------------------

    /** Times of each online CPU, in the kernel's order. */
    List<SystemCpuTimes> perCpuTimes();

    io.github.jpsutil.CpuStats cpuStats();

    /** Each CPU's clock (or each group of CPUs that share one); empty where the OS does not say. */
    List<io.github.jpsutil.CpuFreq> cpuFreq();

    io.github.jpsutil.LoadAverage loadAverage();

    /** Mounted file systems; without {@code all}, those on devices only; {@code limits}: maxfile and maxpath too. */
    List<io.github.jpsutil.DiskPartition> diskPartitions(boolean all, boolean limits);

    /** Usage of the file system holding the path; IllegalArgumentException when the path does not exist. */
    io.github.jpsutil.DiskUsage diskUsage(String path);

    /** I/O counters of every disk and partition the kernel lists, by name, in its order. */
    java.util.Map<String, io.github.jpsutil.DiskIoCounters> diskIoCounters();

    /**
     * Which names of {@link #diskIoCounters()} are whole disks (psutil adds only those to its
     * total), as the machine has them now: one look at the disks, then asked per name.
     */
    java.util.function.Predicate<String> wholeDisks();

    /** Traffic of each network interface by name, in the kernel's order. */
    java.util.Map<String, io.github.jpsutil.NetIoCounters> netIoCounters();

    java.util.Map<String, io.github.jpsutil.NetIfStats> netIfStats();

    /** The state of one interface, or null when the OS does not show it. */
    io.github.jpsutil.NetIfStats netIfStats(String nic);

    List<io.github.jpsutil.NetIfAddress> netIfAddrs();

    /** Every socket of these tables ("tcp4", "tcp6", "udp4", "udp6", "unix") with its holder. */
    List<io.github.jpsutil.NetConnection> netConnections(Set<String> tables);

    /** Temperature sensors; empty where the machine has none. */
    List<io.github.jpsutil.SensorTemperature> sensorsTemperatures();

    List<io.github.jpsutil.SensorFan> sensorsFans();

    java.util.Optional<io.github.jpsutil.Battery> sensorsBattery();

    /** Users logged in (utmp). */
    List<io.github.jpsutil.User> users();

    /** Keeps up to {@code max} of the OS's files open for reading again (0: none); a no-op where that means nothing. */
    default void holdFiles(int max) {
    }

    /**
     * One process, pinned to its start time: every read checks that the pid still holds it. Each
     * source of data is read at most once per reader (a fresh reader reads fresh values), so a
     * reader kept for several calls is psutil's {@code oneshot()}. Not thread-safe.
     */
    interface ProcessReader {
        long pid();

        /** Start time in clock ticks since boot: with the pid, the process' identity. */
        long startTicks();

        /** Throws NoSuchProcess unless the pid still holds this process (checked afresh, not from the cache). */
        void checkIdentity();

        /** The name errors should report, known from earlier reads (errors only). */
        void knownName(String name);

        /** The kernel's short name (at most 15 characters on Linux). */
        String comm();

        String name();

        long ppid();

        /** Path of the executable; "" where the process has none (kernel threads). */
        String exe();

        List<String> cmdline();

        String cwd();

        double createTime();

        Ids uids();

        Ids gids();

        String username();

        Status status();

        int numThreads();

        List<ThreadTimes> threads();

        int numFds();

        CpuTimes cpuTimes();

        MemoryInfo memoryInfo();

        PageFaults pageFaults();

        IoCounters ioCounters();

        List<OpenFile> openFiles();

        /** Sockets of these kinds: "tcp4", "tcp6", "udp4", "udp6", "unix". */
        List<Connection> connections(Set<String> kinds);

        /** Direct children whose start time is not before this process' own (a reused pid is not a child). */
        List<ProcessReader> children();

        int nice();

        void setNice(int value);

        Ionice ionice();

        void setIonice(IoClass ioclass, int value);

        /** Sends a signal to exactly this process, never to a later owner of the pid. */
        void sendSignal(int signal);

        // today's psutil (status details, terminal, CPU; the heavy reads of smaps and environ)

        CtxSwitches numCtxSwitches();

        MemoryInfoEx memoryInfoEx();

        /** The CPUs the process may run on, ascending. */
        int[] cpuAffinity();

        /** The CPU it last ran on; -1 where the kernel does not say. */
        int cpuNum();

        /** Path of the controlling terminal, or null for none. */
        String terminal();

        Map<String, String> environ();

        MemoryFullInfo memoryFullInfo();

        List<MemoryMap> memoryMaps(boolean grouped);

        int oomScore();

        int oomScoreAdj();

        // changing what bounds it (each checks the identity right before the call)

        void setCpuAffinity(int[] cpus);

        ResourceLimit rlimit(Rlimit resource);

        void setRlimit(Rlimit resource, ResourceLimit limit);

        void setOomScoreAdj(int value);

        /**
         * Waits in the kernel until the process ends or {@code timeoutNanos} pass (negative: no
         * limit), without polling; null where the kernel cannot (the caller then polls).
         */
        ExitWait awaitExit(long timeoutNanos);
        /** Its control group and what that reads now. */
        io.github.jpsutil.Cgroup cgroup();

        /**
         * Whether the process is on its way out: a zombie, already exiting, or with a SIGKILL
         * pending (read afresh). NoSuchProcess once it is gone.
         */
        boolean exiting();

        /** The paths of its cgroups only (as {@code Cgroup.paths()} gives them), without reading the cgroups. */
        java.util.Map<String, String> cgroupPaths();
    }

    /** The machine's pressure stall information, or null when the kernel has none. */
    io.github.jpsutil.Pressure pressure();

    /** The cgroup with these paths (as {@code Cgroup.paths()} gives them), read now. */
    io.github.jpsutil.Cgroup cgroup(java.util.Map<String, String> paths);

    /**
     * The OOM-kill count of the memory cgroup with these paths (as {@code CgroupMemory.Events.oomKill}
     * reads it), read alone; -1 when that cgroup has no such count (no memory controller, the v2
     * root, a kernel before 4.13 on v1).
     */
    long oomKills(java.util.Map<String, String> paths);

    /** This JVM's pid as this backend's processes number it (another pid namespace's proc tree numbers it otherwise). */
    long selfPid();
}
