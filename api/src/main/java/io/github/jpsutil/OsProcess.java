package io.github.jpsutil;

import io.github.jpsutil.backend.Backend;
import io.github.jpsutil.backend.Backend.ProcessReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A handle on one operating-system process (psutil's {@code Process}). Its identity is the pid
 * together with the start time: once the process exits, every call raises {@link NoSuchProcess},
 * even if the pid is reused, and no signal, priority or I/O class ever reaches the new owner.
 *
 * <p>Each getter reads the kernel afresh. {@link #oneshot()} gives a view that reads each file at
 * most once, for reading many values at the same instant cheaply. Handles are thread-safe; a
 * oneshot view is meant for one thread.
 *
 * <p>(About 450 lines, most of them documentation: one public method per psutil call, each a
 * line or two over the backend; how the process ends and its CPU percent belong to
 * {@code Lifecycle}, every value's names and units to {@link ProcessMetrics}.)
 */
public final class OsProcess {
    /** Start ticks of a process that was already gone when its handle was made. */
    private static final long GONE = -2;

    private final Backend sys;
    private final long pid;
    private final long startTicks;
    /** Shared by the handle and its oneshot views. */
    private final Lifecycle life;
    /** Set on a oneshot view: the reader whose cached files it reuses. */
    private final ProcessReader pinned;
    private volatile String name;

    private OsProcess(Backend sys, long pid, long startTicks, Lifecycle life, ProcessReader pinned, String name) {
        this.sys = sys;
        this.pid = pid;
        this.startTicks = startTicks;
        this.life = life;
        this.pinned = pinned;
        this.name = name;
    }

    /** Opens the process that has this pid now; NoSuchProcess when there is none. */
    static OsProcess open(Backend sys, long pid, java.lang.Process jvmProcess) {
        if (!sys.pidExists(pid)) {
            // a child that exited (and was reaped by the JDK) before we looked: its handle reports it gone
            if (jvmProcess != null) return new OsProcess(sys, pid, GONE, new Lifecycle(jvmProcess), null, null);
            throw new NoSuchProcess(pid, null, null);
        }
        ProcessReader reader = sys.process(pid, -1);
        long ticks;
        String comm;
        try {
            ticks = reader.startTicks();
            comm = reader.comm();
        } catch (NoSuchProcess e) {
            if (jvmProcess == null) throw e;
            ticks = GONE; // a child that exited before we looked: its handle reports it gone
            comm = null;
        }
        return new OsProcess(sys, pid, ticks, new Lifecycle(jvmProcess), null, comm);
    }

    /**
     * Opens a pid found by listing the proc root, as {@link #open} does but with one file read
     * fewer: /proc lists thread group leaders only, so the pid is a process and needs no check
     * of its status file; its stat (the identity) says whether it is still there. With
     * {@code view}, a oneshot view that keeps that reading of stat.
     */
    static OsProcess openListed(Backend sys, long pid, boolean view) {
        return opened(sys, sys.process(pid, -1), view);
    }

    /** A handle on the process a reader has identified (its stat read); with {@code view}, a oneshot view on it. */
    private static OsProcess opened(Backend sys, ProcessReader reader, boolean view) {
        return new OsProcess(sys, reader.pid(), reader.startTicks(), new Lifecycle(null), view ? reader : null, reader.comm());
    }

    /** The process with this pid on this machine. */
    public static OsProcess of(long pid) {
        return Psutil.local().process(pid);
    }

    /** This JVM's own process. */
    public static OsProcess self() {
        return Psutil.local().self();
    }

    private ProcessReader reader() {
        if (pinned != null) return pinned;
        ProcessReader r = sys.process(pid, startTicks);
        r.knownName(name);
        return r;
    }

    /**
     * A view of this process that reads each /proc file at most once (psutil's {@code oneshot()}):
     * values read through it come from the same instant. Calls that act on the process still check
     * its identity afresh. Use one view per thread, and a new view for new values.
     */
    public OsProcess oneshot() {
        return new OsProcess(sys, pid, startTicks, life, sys.process(pid, startTicks), name);
    }

    // ---- identity ----------------------------------------------------------------------------

    public long pid() {
        return pid;
    }

    /** The status read afresh, even on a oneshot view (for waiting). */
    Status freshStatus() {
        return fresh().status();
    }

    /** The name as last read, for errors (null before the first read). */
    String knownName() {
        return name;
    }

    /** Start time in clock ticks since boot: with the pid, what makes this process unique. */
    public long startTicks() {
        if (startTicks == GONE) throw new NoSuchProcess(pid, name, null);
        return startTicks;
    }

    /** Whether the process still exists with the same start time (a zombie still exists). */
    public boolean isRunning() {
        if (startTicks == GONE) return false;
        try {
            sys.process(pid, startTicks).checkIdentity();
            return true;
        } catch (NoSuchProcess e) {
            return e instanceof ZombieProcess;
        }
    }

    // ---- what it is ----------------------------------------------------------------------------

    public long ppid() {
        return reader().ppid();
    }

    /** The parent process, or null when it is gone (or the parent pid now has a younger process). */
    public OsProcess parent() {
        long ppid = ppid();
        if (ppid <= 0) return null;
        try {
            OsProcess p = open(sys, ppid, null);
            return p.startTicks <= startTicks() ? p : null;
        } catch (NoSuchProcess e) {
            return null;
        }
    }

    /** The name, extended past the 15 characters of the kernel's comm from the command line. */
    public String name() {
        String n = reader().name();
        name = n;
        return n;
    }

    /**
     * Path of the executable; "" for kernel threads. Where the kernel denies it (another user's
     * process), psutil's guess: the first argument, if it is an absolute path to an executable
     * file; otherwise AccessDenied.
     */
    public String exe() {
        ProcessReader r = reader();
        try {
            String exe = r.exe();
            if (!exe.isEmpty()) return exe;
            try {
                String guess = guessExe(r);
                return guess != null ? guess : exe;
            } catch (AccessDenied e) {
                return exe;
            }
        } catch (AccessDenied denied) {
            String guess = guessExe(r);
            if (guess != null) return guess;
            throw denied;
        }
    }

    /** psutil's guess of the executable from the command line, or null. */
    private static String guessExe(ProcessReader r) {
        List<String> args = r.cmdline();
        if (args.isEmpty()) return null;
        String first = args.get(0);
        if (!first.startsWith("/")) return null;
        java.nio.file.Path p = java.nio.file.Path.of(first);
        return java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isExecutable(p) ? first : null;
    }

    /** The arguments; empty for kernel threads and zombies. */
    public List<String> cmdline() {
        return reader().cmdline();
    }

    /** Current directory. */
    public String cwd() {
        return reader().cwd();
    }

    /** When the process started, in seconds since the epoch. */
    public double createTime() {
        return reader().createTime();
    }

    public Ids uids() {
        return reader().uids();
    }

    public Ids gids() {
        return reader().gids();
    }

    /** Name of the real user (the uid as a string if it has no name). */
    public String username() {
        return reader().username();
    }

    public Status status() {
        return reader().status();
    }

    public int numThreads() {
        return reader().numThreads();
    }

    public List<ThreadTimes> threads() {
        return reader().threads();
    }

    /** Number of open file descriptors. */
    public int numFds() {
        return reader().numFds();
    }

    // ---- resources -----------------------------------------------------------------------------

    public CpuTimes cpuTimes() {
        return reader().cpuTimes();
    }

    /**
     * CPU use in percent of one CPU (so up to 100 × CPUs), as psutil's {@code cpu_percent}: with a
     * positive interval, measured over that interval (blocking); with a null or zero interval,
     * since the previous call on this handle, and 0.0 on the first call.
     */
    public double cpuPercent(Duration interval) {
        if (interval != null && interval.isNegative())
            throw new IllegalArgumentException("interval is negative: " + interval);
        boolean blocking = interval != null && !interval.isZero();
        if (blocking) {
            long t1 = System.nanoTime();
            CpuTimes c1 = cpuTimes();
            Lifecycle.sleep(interval);
            long t2 = System.nanoTime();
            return CpuPercent.ofProcess(c1, cpuTimes(), (t2 - t1) / 1e9);
        }
        return life.cpuPercentSinceLast(cpuTimes(), System.nanoTime());
    }

    /** {@link #cpuPercent(Duration)} since the previous call on this handle. */
    public double cpuPercent() {
        return cpuPercent(null);
    }

    /** Minor and major page faults since the process started (psutil's {@code page_faults()}). */
    public PageFaults pageFaults() {
        return reader().pageFaults();
    }

    public MemoryInfo memoryInfo() {
        return reader().memoryInfo();
    }

    /** Resident memory as a percentage of the machine's total memory. */
    public double memoryPercent() {
        long total = Psutil.totalMemory(sys);
        return total == 0 ? 0.0 : memoryInfo().rss() * 100.0 / total;
    }

    public IoCounters ioCounters() {
        return reader().ioCounters();
    }

    /**
     * Its control group (from /proc/&lt;pid&gt;/cgroup) with the limits, use and pressure it reads
     * now. On a handle (not a oneshot view, whose reading may be older) this is also the reading
     * {@link #waitForExit} and {@link #attributeExit} judge an OOM kill from, while the process runs.
     */
    public Cgroup cgroup() {
        Cgroup c = reader().cgroup();
        if (pinned == null) life.cgroupRead(this, c.paths(), c.memory() == null ? -1 : c.memory().events().oomKill());
        return c;
    }

    /** The paths of its cgroups read afresh, even on a oneshot view (for {@link Lifecycle}'s OOM attribution). */
    java.util.Map<String, String> cgroupPaths() {
        return fresh().cgroupPaths();
    }

    /** Whether it still runs and is not on its way out (for {@link Lifecycle}'s OOM attribution). */
    boolean runsAndIsNotExiting() {
        try {
            return !fresh().exiting();
        } catch (NoSuchProcess gone) {
            return false;
        }
    }

    /** The OOM-kill count of the memory cgroup with these paths; -1 when it cannot be read. */
    long oomKills(java.util.Map<String, String> paths) {
        try {
            return sys.oomKills(paths);
        } catch (JpsutilException unreadable) { // the attribution is then unknown, never a guess
            return -1;
        }
    }

    public List<OpenFile> openFiles() {
        return reader().openFiles();
    }

    /** Internet sockets (psutil's default kind "inet"). */
    public List<Connection> connections() {
        return connections("inet");
    }

    /**
     * Sockets of one kind, as psutil names them: "inet", "inet4", "inet6", "tcp", "tcp4", "tcp6",
     * "udp", "udp4", "udp6", "unix" or "all".
     */
    public List<Connection> connections(String kind) {
        Set<String> tables = ConnectionKinds.tables(kind);
        return reader().connections(tables);
    }

    // ---- family ------------------------------------------------------------------------------

    /** Direct children, or with {@code recursive} every descendant (breadth first). */
    public List<OsProcess> children(boolean recursive) {
        List<OsProcess> out = new ArrayList<>();
        List<OsProcess> level = List.of(this);
        // each pid once: children lists read at different instants (or a broken proc tree) must
        // not make the walk go round for ever
        Set<Long> seen = new java.util.HashSet<>();
        seen.add(pid);
        while (!level.isEmpty()) {
            List<OsProcess> next = new ArrayList<>();
            for (OsProcess p : level) {
                List<ProcessReader> kids;
                try {
                    kids = p.reader().children();
                } catch (NoSuchProcess e) {
                    if (p == this) throw e;
                    continue; // a descendant that exited while we walked
                }
                // the children lists hold processes (thread group leaders) whose stat was just read
                for (ProcessReader c : kids) if (seen.add(c.pid())) next.add(opened(sys, c, false));
            }
            out.addAll(next);
            level = recursive ? next : List.of();
        }
        return out;
    }

    // ---- today's psutil: environment, terminal, scheduling, memory detail ------------------------

    /** The environment the process started with, or set since through its own memory (psutil's {@code environ()}). */
    public java.util.Map<String, String> environ() {
        return reader().environ();
    }

    /** Path of the controlling terminal such as /dev/pts/3, or null when it has none. */
    public String terminal() {
        return reader().terminal();
    }

    /** Voluntary and involuntary context switches since the process started. */
    public CtxSwitches numCtxSwitches() {
        return reader().numCtxSwitches();
    }

    /** The CPU the process last ran on (psutil's {@code cpu_num()}); -1 where the kernel does not say. */
    public int cpuNum() {
        return reader().cpuNum();
    }

    /** The CPUs the process may run on, ascending (psutil's {@code cpu_affinity()}). */
    public List<Integer> cpuAffinity() {
        return java.util.Arrays.stream(reader().cpuAffinity()).boxed().toList();
    }

    /**
     * The parent, its parent, and so on up to the first process (psutil's {@code parents()}); an
     * ancestor that exits during the walk ends the list, where psutil would raise about it.
     */
    public List<OsProcess> parents() {
        List<OsProcess> out = new ArrayList<>();
        for (OsProcess p = parent(); p != null && !out.contains(p); ) {
            out.add(p);
            try {
                p = p.parent();
            } catch (NoSuchProcess ancestorGone) { // exited during the walk: the chain ends with it
                p = null;
            }
        }
        return out;
    }

    /** The memory figures of /proc/&lt;pid&gt;/status: peaks, the resident set by kind, locked, swap, page tables. */
    public MemoryInfoEx memoryInfoEx() {
        return reader().memoryInfoEx();
    }

    /**
     * {@link #memoryInfo()} with the unique and proportional set sizes and swap (psutil's
     * {@code memory_full_info()}): walks every page of the process; much slower than memoryInfo.
     */
    public MemoryFullInfo memoryFullInfo() {
        return reader().memoryFullInfo();
    }

    /** psutil's {@code memory_maps(grouped)}: each mapping, or with {@code grouped} one per path. Heavy, as memoryFullInfo. */
    public List<MemoryMap> memoryMaps(boolean grouped) {
        return reader().memoryMaps(grouped);
    }

    /** The mappings grouped by path, as psutil's {@code memory_maps()} gives them by default. */
    public List<MemoryMap> memoryMaps() {
        return memoryMaps(true);
    }

    /** The kernel's OOM-killer badness of the process, 0 to 2000 (higher is killed first). */
    public int oomScore() {
        return reader().oomScore();
    }

    /** The adjustment added to the OOM score, -1000 (never killed) to 1000. */
    public int oomScoreAdj() {
        return reader().oomScoreAdj();
    }

    /**
     * Lets the process run only on these CPUs (psutil's {@code cpu_affinity(cpus)}); any number of
     * CPUs. An empty list means every CPU of the machine, as in psutil.
     */
    public void setCpuAffinity(List<Integer> cpus) {
        Objects.requireNonNull(cpus, "cpus");
        List<Integer> all = cpus.isEmpty() ? java.util.stream.IntStream.range(0, sys.cpuCountLogical()).boxed().toList() : cpus;
        for (Integer c : all)
            if (c == null || c < 0 || c >= 1 << 20) throw new IllegalArgumentException("not a CPU number: " + c);
        fresh().setCpuAffinity(all.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The soft and hard limit of a resource (psutil's {@code rlimit(resource)}); any process, through prlimit(2). */
    public ResourceLimit rlimit(Rlimit resource) {
        return fresh().rlimit(Objects.requireNonNull(resource, "resource"));
    }

    /**
     * Sets the limits of a resource (psutil's {@code rlimit(resource, (soft, hard))}). Raising the
     * hard limit needs CAP_SYS_RESOURCE, and so does changing another user's process (AccessDenied).
     */
    public void setRlimit(Rlimit resource, ResourceLimit limit) {
        fresh().setRlimit(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(limit, "limit"));
    }

    /** {@link Lifecycle}'s wait in the kernel for a process that is not this JVM's child; null where it cannot. */
    io.github.jpsutil.backend.ExitWait awaitExitInKernel(long timeoutNanos) {
        if (startTicks == GONE) return new io.github.jpsutil.backend.ExitWait(true, OptionalInt.empty());
        return fresh().awaitExit(timeoutNanos);
    }

    /** Sets the OOM score adjustment, -1000 to 1000; lowering it needs CAP_SYS_RESOURCE (AccessDenied otherwise). */
    public void setOomScoreAdj(int value) {
        if (value < -1000 || value > 1000) throw new IllegalArgumentException("oom_score_adj " + value + " is out of range -1000..1000");
        fresh().setOomScoreAdj(value);
    }

    // ---- acting on it ------------------------------------------------------------------------

    /** The nice value (-20 highest priority to 19 lowest). */
    public int nice() {
        return reader().nice();
    }

    /** Sets the nice value; lowering it needs CAP_SYS_NICE (AccessDenied otherwise). */
    public void setNice(int value) {
        if (value < -20 || value > 19)
            throw new IllegalArgumentException("nice value " + value + " is out of range -20..19");
        fresh().setNice(value);
    }

    public Ionice ionice() {
        return reader().ionice();
    }

    /**
     * Sets the I/O class and level. RT and BE take a level 0-7; NONE and IDLE take only 0, as in
     * psutil. RT needs CAP_SYS_ADMIN.
     */
    public void setIonice(IoClass ioclass, int value) {
        Objects.requireNonNull(ioclass, "ioclass");
        if ((ioclass == IoClass.NONE || ioclass == IoClass.IDLE) && value != 0)
            throw new IllegalArgumentException("I/O class " + ioclass.name().toLowerCase(Locale.ROOT) + " takes no level, got " + value);
        if (value < 0 || value > 7)
            throw new IllegalArgumentException("I/O level " + value + " is out of range 0-7");
        fresh().setIonice(ioclass, value);
    }

    /** Sends a signal (0 to {@link Signals#MAX}) to this process, never to a later owner of the pid. */
    public void sendSignal(int signal) {
        if (signal < 0 || signal > Signals.MAX)
            throw new IllegalArgumentException("signal number " + signal + " is out of range 0-" + Signals.MAX);
        fresh().sendSignal(signal);
    }

    /** SIGSTOP. */
    public void suspend() {
        sendSignal(Signals.SIGSTOP);
    }

    /** SIGCONT. */
    public void resume() {
        sendSignal(Signals.SIGCONT);
    }

    /** SIGTERM. */
    public void terminate() {
        sendSignal(Signals.SIGTERM);
    }

    /** SIGKILL. */
    public void kill() {
        sendSignal(Signals.SIGKILL);
    }

    /** A reader of this process now, not of a oneshot view (NoSuchProcess when it is known to be gone). */
    ProcessReader fresh() {
        if (startTicks == GONE) throw new NoSuchProcess(pid, name, null);
        ProcessReader r = sys.process(pid, startTicks);
        r.knownName(name);
        return r;
    }

    /**
     * The exit status this process will have, in psutil's form (the exit code, or minus the signal
     * that ended it), for a child of this JVM: started with {@link Psutil#start}, or started
     * anywhere in the JVM while jpsutil can see the JDK's own bookkeeping
     * ({@link Psutil#childExitStatusAvailable()}). Empty for any other process, whose exit status
     * only its parent learns. Ask while the process runs: the JDK forgets a child it has reaped.
     */
    public Optional<CompletableFuture<Integer>> exitStatus() {
        return Optional.ofNullable(life.exit(pid));
    }

    /**
     * Waits for the process to end. For a child of this JVM the exit code is returned (negative
     * signal number when a signal ended it, as psutil reports). Any other process is waited for
     * asleep in the kernel (poll(2) on a pidfd, no polling loop), and its status is returned where
     * the kernel tells it (Linux 6.15+, once its parent has reaped it); otherwise the result is
     * empty. Raises TimeoutExpired when it still runs after {@code timeout} (null waits for ever).
     */
    public OptionalInt waitFor(Duration timeout) {
        return life.waitFor(this, timeout);
    }

    /** Waits without a time limit. */
    public OptionalInt waitFor() {
        return waitFor(null);
    }

    /**
     * Waits as {@link #waitFor(Duration)} does, and tells also whether the kernel's OOM killer
     * ended the process: {@link ProcessExit.OomKilled#YES} when it died by SIGKILL while the
     * OOM-kill count of its memory cgroup rose, from a reading taken while it was alive (as the
     * wait starts, or by an earlier {@link #cgroup()} when it had ended by then) to one after
     * its exit ({@link ProcessExit#attribute} has the rule and its limits). Unknown where the
     * exit status is unknown or the count cannot be read (no memory controller, the v2 root
     * cgroup, a v1 kernel before 4.13). The process is taken to stay in the cgroup it was in at
     * that reading.
     */
    public ProcessExit waitForExit(Duration timeout) {
        return life.waitForExit(this, timeout);
    }

    /** {@link #waitForExit(Duration)} without a time limit. */
    public ProcessExit waitForExit() {
        return waitForExit(null);
    }

    /**
     * How the process ended, for an exit status learnt elsewhere (the JDK's {@code Process.onExit},
     * {@link #exitStatus()}): whether the OOM killer ended it, by the rule and from the readings
     * {@link #waitForExit(Duration)} uses, the one before being the latest this handle took while
     * the process ran ({@link #cgroup()}, or a wait). Unknown when it took none.
     *
     * @param returncode the exit status in psutil's form, empty when unknown
     */
    public ProcessExit attributeExit(OptionalInt returncode) {
        return life.attributeExit(this, Objects.requireNonNull(returncode, "returncode"));
    }

    // ---- object ------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof OsProcess p && p.pid == pid && p.startTicks == startTicks && p.sys == sys;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + Long.hashCode(startTicks);
    }

    @Override
    public String toString() {
        return "OsProcess(pid=" + pid + (name != null ? ", name='" + name + "'" : "") + ", startTicks=" + startTicks + ")";
    }
}
