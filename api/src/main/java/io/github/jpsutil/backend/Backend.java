package io.github.jpsutil.backend;

import io.github.jpsutil.Connection;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.Ids;
import io.github.jpsutil.IoClass;
import io.github.jpsutil.IoCounters;
import io.github.jpsutil.Ionice;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.OpenFile;
import io.github.jpsutil.PageFaults;
import io.github.jpsutil.Status;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.SystemCpuTimes;
import io.github.jpsutil.ThreadTimes;
import io.github.jpsutil.VirtualMemory;

import java.util.List;
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

    /** Boot time in seconds since the epoch. */
    double bootTime();

    int cpuCountLogical();

    /** Physical cores; -1 when the OS does not say. */
    int cpuCountPhysical();

    VirtualMemory virtualMemory();

    SwapMemory swapMemory();

    long clockTicks();

    long pageSize();

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
    }
}
