package io.github.jpsutil.linux;

import io.github.jpsutil.AccessDenied;
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
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OpenFile;
import io.github.jpsutil.PageFaults;
import io.github.jpsutil.ResourceLimit;
import io.github.jpsutil.Rlimit;
import io.github.jpsutil.Status;
import io.github.jpsutil.ThreadTimes;
import io.github.jpsutil.ZombieProcess;
import io.github.jpsutil.backend.Backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one process' files under the proc root, and is the identity (pid + start time) that every
 * read and action checks. Each file is read at most once per instance (a fresh instance per call
 * reads fresh values; one instance kept for several calls is psutil's {@code oneshot()}). Every
 * read of {@code stat} checks the start time, so a reused pid reads as gone. What the process has
 * open lives in {@link ProcessDescriptors}, its children in {@link ProcessChildren}, what acts on it
 * in {@link ProcessControl}. Not thread-safe. (About 400 lines: a short getter for each value
 * of psutil's Process that /proc/&lt;pid&gt; answers, over files read once each; what needs no
 * part of this cache lives in the classes above.)
 */
final class LinuxProcess implements Backend.ProcessReader {
    /** The kernel threads' parent, in the machine's first pid namespace. */
    private static final long KTHREADD = 2;
    private final LinuxSystem sys;
    private final long pid;
    private long startTicks;
    /** A reader of a process known by its start time reads through descriptors held for it. */
    private final boolean held;
    final Path dir;
    private String name;
    /** The name a handle knew from earlier reads, for error messages only. */
    private String hintName;
    private PidStat stat;
    private PidStatus status;
    private byte[] statusBytes;
    private StatusDetail statusDetail;
    private MemoryFullInfo memoryFullInfo;
    /** uss, pss and swap added up from the smaps that memoryMaps read, so that memoryFullInfo walks no second time. */
    private long[] smapsTotals;
    private long[] statm;
    private long[] fds;
    private long fdCount = -1;
    private List<String> cmdline;
    private IoCounters io;
    private Ionice ionice;

    LinuxProcess(LinuxSystem sys, long pid, long startTicks) {
        if (pid < 0 || pid > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pid must be between 0 and " + Integer.MAX_VALUE + ", got " + pid);
        this.sys = sys;
        this.pid = pid;
        this.startTicks = startTicks;
        this.held = startTicks >= 0;
        this.dir = sys.procRoot().resolve(Long.toString(pid));
    }

    @Override
    public long pid() {
        return pid;
    }

    /** The name to put in errors: the short name if it was read already. */
    String knownName() {
        return name != null ? name : stat != null ? stat.comm() : hintName;
    }

    /**
     * Sets the name that errors report (a handle remembers it across readers). Only for errors:
     * {@link #name()} still reads the process, so a gone process is NoSuchProcess and a long name
     * is extended from the command line.
     */
    @Override
    public void knownName(String n) {
        if (hintName == null) hintName = n;
    }

    // ---- raw files ----------------------------------------------------------------------------

    /**
     * One of the process' files, read into the thread's buffer ({@link ProcFiles#bytes()}, to be
     * parsed before this thread reads again): returns its length.
     */
    private int read(String file) {
        try {
            // stat, status, cmdline, statm, io: each written out whole by the kernel's first read;
            // read again through the descriptor held for this process (one pread) when it is known
            HeldFiles h = held ? sys.heldFiles() : null;
            return h != null ? h.readProcessFile(dir, pid, startTicks, file) : ProcFiles.readRecordInto(dir, file);
        } catch (IOException e) {
            throw failure(e, dir.resolve(file));
        }
    }

    private String readText(String file) {
        int n = read(file);
        return ParseError.text(ProcFiles.bytes(), 0, n);
    }

    /**
     * The error for a failed read of one of the process' files, decided by the exception's type, the
     * errno and the process' state, never by the message (which follows the locale): EACCES is
     * AccessDenied; otherwise a process that is gone (or whose pid has another process now) is
     * NoSuchProcess, a zombie whose files are gone is ZombieProcess, and a missing file of a live
     * process (a kernel thread's, or one the kernel lacks) is NoSuchProcess as psutil has it.
     */
    RuntimeException failure(IOException e) {
        return failure(e, null);
    }

    /**
     * {@link #failure(IOException)} of reading {@code file}. An error of read(2) comes as a plain
     * IOException with strerror's text only: its errno is then asked of the kernel again; without
     * native access, a refused read of a live process is taken as the denial it almost always is
     * (EACCES from the kernel's ptrace check: io, environ, ...).
     */
    RuntimeException failure(IOException e, Path file) {
        if (e instanceof AccessDeniedException) return new AccessDenied(pid, knownName(), e.getMessage());
        PidStat fresh = freshStat();
        PidStat now = fresh != null && (startTicks < 0 || fresh.startTicks() == startTicks) ? fresh : null;
        // a descriptor held for the process fails with ESRCH once it is gone, even if its pid has a new owner
        if (now == null) return new NoSuchProcess(pid, knownName(), fresh != null ? reusedPid() : null);
        if (now.status() == Status.ZOMBIE) return new ZombieProcess(pid, knownName(), now.ppid(), null);
        if (e instanceof NativeReads.ErrnoIOException n) // a native read's error: its errno is known
            return Errno.translate(n.errno, pid, knownName(), "reading " + (file != null ? file : "/proc/" + pid) + ": " + e.getMessage());
        boolean readFailed = e.getClass() == IOException.class;
        // open(2) failing otherwise than ENOENT or EACCES (ESRCH of smaps_rollup while the process execs)
        boolean openFailed = e.getClass() == java.nio.file.FileSystemException.class && Native.available();
        if (file != null && (readFailed || openFailed)) {
            int errno = Native.available() ? Native.readErrno(file.toString()) : Errno.EACCES;
            if (errno != 0) return Errno.translate(errno, pid, knownName(), "reading " + file + ": " + e.getMessage());
        }
        return Errno.translate(e, pid, knownName());
    }

    /** A fresh read of stat for error paths: null when the process (with our start time) is gone. */
    PidStat statOrNull() {
        PidStat s = freshStat();
        return s != null && (startTicks < 0 || s.startTicks() == startTicks) ? s : null;
    }

    /** Whatever process has the pid now, read afresh; null when none has. */
    private PidStat freshStat() {
        try {
            return PidStat.parse(ProcFiles.readString(dir.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String reusedPid() {
        return "pid " + pid + " now belongs to another process";
    }

    String readLink(String file) throws IOException {
        String target = Files.readSymbolicLink(dir.resolve(file)).toString();
        int nul = target.indexOf('\0');
        if (nul >= 0) target = target.substring(0, nul);
        // A deleted file keeps " (deleted)" in its link; psutil drops it unless that name exists.
        if (target.endsWith(" (deleted)") && !Files.exists(Path.of(target)))
            target = target.substring(0, target.length() - " (deleted)".length());
        return target;
    }

    // ---- parsed files -------------------------------------------------------------------------

    PidStat stat() {
        if (stat == null) {
            int n = read("stat");
            PidStat s = PidStat.parse(ProcFiles.bytes(), n);
            if (startTicks >= 0 && s.startTicks() != startTicks)
                throw new NoSuchProcess(pid, knownName(), reusedPid());
            startTicks = s.startTicks();
            stat = s;
        }
        return stat;
    }

    private PidStatus statusFile() {
        if (status == null) {
            stat(); // checks identity first
            int n = read("status");
            byte[] b = ProcFiles.bytes();
            status = PidStatus.parse(b, n);
            statusBytes = Arrays.copyOf(b, n); // for statusDetail(), parsed only when it is asked
        }
        return status;
    }

    @Override
    public long startTicks() {
        return stat().startTicks();
    }

    // ---- what psutil reports ------------------------------------------------------------------

    /** The short name from stat ("comm", at most 15 characters). */
    @Override
    public String comm() {
        return stat().comm();
    }

    /**
     * psutil's name: comm, extended to the base name of the first argument when comm was cut at
     * 15 characters and that argument starts with it.
     */
    @Override
    public String name() {
        if (name == null) {
            String n = stat().comm();
            if (n.length() >= 15) {
                try {
                    List<String> args = cmdline();
                    if (!args.isEmpty()) {
                        String first = args.get(0);
                        String base = first.substring(first.lastIndexOf('/') + 1);
                        if (base.startsWith(n)) n = base;
                    }
                } catch (io.github.jpsutil.AccessDenied e) {
                    // keep the short name
                }
            }
            name = n;
        }
        return name;
    }

    @Override
    public long ppid() {
        return stat().ppid();
    }

    @Override
    public Status status() {
        return stat().status();
    }

    @Override
    public double createTime() {
        return sys.bootTime() + stat().startTicks() / (double) sys.clockTicks();
    }

    /** The arguments; empty for kernel threads and zombies, as in psutil. */
    @Override
    public List<String> cmdline() {
        if (cmdline == null) {
            cmdline = hasNoAddressSpace() ? List.of() : Fields.cmdline(readText("cmdline"));
        }
        return cmdline;
    }

    /** The executable's path; "" for kernel threads, as in psutil. */
    @Override
    public String exe() {
        PidStat s = stat();
        if (READS_AS_ROOT && hasNoAddressSpace()) return ""; // a kernel thread: what the failed read of its link tells root
        try {
            return readLink("exe");
        } catch (IOException e) {
            if (!(e instanceof NoSuchFileException)) throw failure(e);
            // kthreadd (pid 2) and its children are kernel threads: the stat just read says so
            if (s.pid() == KTHREADD || s.ppid() == KTHREADD) return "";
            // alive but no executable: a kernel thread, or a zombie (psutil 5.9.4 returns "" for
            // both, since their /proc/<pid> still exists); one fresh read of stat tells
            if (statOrNull() != null) return "";
            throw new NoSuchProcess(pid, knownName(), null);
        }
    }

    @Override
    public String cwd() {
        stat();
        try {
            return readLink("cwd");
        } catch (IOException e) {
            RuntimeException f = failure(e);
            if (f instanceof NoSuchProcess && !(f instanceof ZombieProcess) && statOrNull() != null)
                return ""; // readable but unresolvable: a kernel thread's cwd
            throw f;
        }
    }

    @Override
    public Ids uids() {
        return statusFile().uids();
    }

    @Override
    public Ids gids() {
        return statusFile().gids();
    }

    @Override
    public String username() {
        return sys.users.name(uids().real());
    }

    @Override
    public int numThreads() {
        return (int) statusFile().threads();
    }

    @Override
    public int nice() {
        return stat().nice();
    }

    @Override
    public CpuTimes cpuTimes() {
        PidStat s = stat();
        double hz = sys.clockTicks();
        return new CpuTimes(s.utime() / hz, s.stime() / hz, s.cutime() / hz, s.cstime() / hz, s.blkioTicks() / hz);
    }

    @Override
    public PageFaults pageFaults() {
        PidStat s = stat();
        return new PageFaults(s.minorFaults(), s.majorFaults());
    }

    @Override
    public MemoryInfo memoryInfo() {
        if (statm == null) {
            if (hasNoAddressSpace()) {
                statm = new long[7]; // what the kernel's statm of no address space says
            } else {
                int n = read("statm");
                statm = Fields.numbers(ProcFiles.bytes(), n, 7, "/proc/<pid>/statm");
            }
        }
        long ps = sys.pageSize();
        // statm: size resident shared text lib data dt
        return new MemoryInfo(statm[1] * ps, statm[0] * ps, statm[2] * ps, statm[3] * ps, statm[5] * ps);
    }

    @Override
    public IoCounters ioCounters() {
        if (io == null) {
            stat();
            int n = read("io");
            long[] v = Fields.values(ProcFiles.bytes(), n, IO_KEYS, "/proc/<pid>/io");
            io = new IoCounters(v[0], v[1], v[2], v[3], v[4], v[5]);
        }
        return io;
    }

    /** The fields of /proc/&lt;pid&gt;/io, in the order of IoCounters' constructor. */
    private static final String[] IO_KEYS = {"syscr", "syscw", "read_bytes", "write_bytes", "rchar", "wchar"};

    /** Threads with their CPU times; threads that exit while they are listed are left out. */
    @Override
    public List<ThreadTimes> threads() {
        PidStat s = stat();
        double hz = sys.clockTicks();
        // one thread and a live leader: the leader is that thread, read without listing task/
        if (s.numThreads() == 1 && s.status() != Status.ZOMBIE) {
            try {
                int n = ProcFiles.readRecordInto(dir, "task/" + pid + "/stat");
                PidStat t = PidStat.parse(ProcFiles.bytes(), n);
                return List.of(new ThreadTimes(pid, t.utime() / hz, t.stime() / hz));
            } catch (IOException e) {
                // gone, or the leader ended meanwhile: the listing below tells
            }
        }
        List<ThreadTimes> out = new ArrayList<>();
        for (long tid : numericEntries("task")) {
            try {
                int n = ProcFiles.readRecordInto(dir, "task/" + tid + "/stat");
                PidStat t = PidStat.parse(ProcFiles.bytes(), n);
                out.add(new ThreadTimes(tid, t.utime() / hz, t.stime() / hz));
            } catch (IOException e) {
                // ENOENT or ESRCH: the thread exited meanwhile (its tid may already be another's)
                if (e instanceof AccessDeniedException || statOrNull() == null) throw failure(e);
            }
        }
        if (out.isEmpty()) throw failure(new NoSuchFileException(dir.resolve("task").toString()));
        return out;
    }

    /** File descriptors open in the process, ascending (listed once per view: num_fds and open_files share it). */
    long[] fdNumbers() {
        if (fds == null) {
            stat();
            fds = descriptorCount() == 0 ? new long[0] : numericEntries("fd"); // none (a kernel thread's): no listing
        }
        return fds;
    }

    @Override
    public int numFds() {
        if (fds != null) return fds.length;
        long n = descriptorCount();
        return n >= 0 ? (int) n : fdNumbers().length;
    }

    /**
     * The number of open descriptors from one stat(2) of the fd directory (one call where a listing
     * takes four), or -1: only where the kernel gives it there and this JVM reads as root, since
     * the size is shown to anyone while the listing, as psutil reads it, only to who may trace the
     * process (another user gets AccessDenied, as from psutil).
     */
    private long descriptorCount() {
        if (fdCount < 0 && READS_AS_ROOT && sys.countsDescriptorsInSize()) {
            stat();
            try {
                fdCount = Files.size(dir.resolve("fd"));
            } catch (IOException e) {
                throw failure(e);
            }
        }
        return fdCount;
    }

    @Override
    public List<OpenFile> openFiles() {
        return new ProcessDescriptors(this).openFiles();
    }

    @Override
    public List<Connection> connections(Set<String> kinds) {
        return new ProcessDescriptors(this).connections(kinds);
    }

    private long[] numericEntries(String sub) {
        try {
            return ProcFiles.numericEntries(dir.resolve(sub));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public List<Backend.ProcessReader> children() {
        return ProcessChildren.of(this, sys);
    }

    /** Throws NoSuchProcess unless the pid still holds the process with our start time (read afresh). */
    @Override
    public void checkIdentity() {
        PidStat now;
        try {
            int n = held ? read("stat") : ProcFiles.readRecordInto(dir, "stat");
            now = PidStat.parse(ProcFiles.bytes(), n);
        } catch (IOException e) {
            throw failure(e);
        }
        if (startTicks >= 0 && now.startTicks() != startTicks)
            throw new NoSuchProcess(pid, knownName(), reusedPid());
    }

    // ---- today's psutil: status details, terminal, CPU, and the heavy reads of ProcessDetails ----

    private StatusDetail statusDetail() {
        if (statusDetail == null) {
            statusFile();
            statusDetail = StatusDetail.parse(statusBytes, statusBytes.length);
        }
        return statusDetail;
    }

    @Override
    public CtxSwitches numCtxSwitches() {
        return statusDetail().ctxSwitches();
    }

    @Override
    public MemoryInfoEx memoryInfoEx() {
        return statusDetail().memory();
    }

    @Override
    public int[] cpuAffinity() {
        return statusDetail().cpusAllowed();
    }

    @Override
    public int cpuNum() {
        return stat().processor();
    }

    @Override
    public String terminal() {
        return Terminals.path(Terminals.DEV, stat().ttyNr());
    }

    @Override
    public Map<String, String> environ() {
        return new ProcessDetails(this).environ();
    }

    /**
     * psutil's memory_full_info: from smaps_rollup, or, when this reader (a oneshot view) has read
     * smaps for memoryMaps already, the sums of that same walk of the address space (the kernel's
     * dearest read of a large process, not done twice: ps --json --all asks for both).
     */
    @Override
    public MemoryFullInfo memoryFullInfo() {
        if (memoryFullInfo == null) memoryFullInfo = new ProcessDetails(this).memoryFullInfo(memoryInfo(), smapsTotals);
        return memoryFullInfo;
    }

    @Override
    public List<MemoryMap> memoryMaps(boolean grouped) {
        long[] totals = new long[3];
        List<MemoryMap> maps = new ProcessDetails(this).memoryMaps(grouped, totals);
        smapsTotals = totals;
        return maps;
    }

    /**
     * Whether this JVM reads as the machine's root: effective uid 0 in the first user namespace
     * (its uid map the whole identity), whose capabilities reach every process. A kernel thread's
     * environ (mode 0400) and exe link (a ptrace check) and any process' fd directory are root's
     * to read; another user, or a container's root, gets AccessDenied, as psutil does, so for
     * them they are read, not assumed.
     */
    static final boolean READS_AS_ROOT = readsAsRoot();

    private static boolean readsAsRoot() {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/self/status"));
            String[] map = Files.readString(Path.of("/proc/self/uid_map")).trim().split("\\s+");
            return PidStatus.parse(b, b.length).uids().effective() == 0
                    && Arrays.equals(map, new String[]{"0", "0", "4294967295"});
        } catch (IOException | RuntimeException e) {
            return false; // then nothing is assumed
        }
    }

    /**
     * Whether the process has no address space: a kernel thread, or a process that has just let go
     * of its memory as it exits (not yet a zombie). Its exe, cmdline, environ, statm and mappings
     * are empty or 0, as a read of them would find (ENOENT, ESRCH or nothing), so they are not read.
     */
    boolean hasNoAddressSpace() {
        PidStat s = stat();
        return s.vsize() == 0 && s.status() != Status.ZOMBIE;
    }

    @Override
    public int oomScore() {
        return new ProcessDetails(this).oomScore();
    }

    @Override
    public int oomScoreAdj() {
        return new ProcessDetails(this).oomScoreAdj();
    }

    @Override
    public void setCpuAffinity(int[] cpus) {
        new ProcessLimits(this).setCpuAffinity(cpus);
    }

    @Override
    public ResourceLimit rlimit(Rlimit resource) {
        return new ProcessLimits(this).rlimit(resource.code());
    }

    @Override
    public void setRlimit(Rlimit resource, ResourceLimit limit) {
        new ProcessLimits(this).setRlimit(resource.code(), limit);
    }

    @Override
    public void setOomScoreAdj(int value) {
        new ProcessLimits(this).setOomScoreAdj(value);
    }

    @Override
    public io.github.jpsutil.backend.ExitWait awaitExit(long timeoutNanos) {
        return ExitWaiter.await(this, timeoutNanos);
    }

    // ---- acting on it (each checks the identity right before the call) -----------------------------

    @Override
    public void setNice(int value) {
        new ProcessControl(this).setNice(value);
    }

    @Override
    public Ionice ionice() {
        if (ionice == null) ionice = new ProcessControl(this).ionice();
        return ionice;
    }

    @Override
    public void setIonice(IoClass ioclass, int value) {
        new ProcessControl(this).setIonice(ioclass, value);
    }

    @Override
    public void sendSignal(int signal) {
        new ProcessControl(this).sendSignal(signal);
    }

    // ---- its cgroup (LinuxCgroups) ------------------------------------------------------------------

    private io.github.jpsutil.Cgroup cgroup;

    @Override
    public io.github.jpsutil.Cgroup cgroup() {
        if (cgroup == null) cgroup = sys.cgroups().read(cgroupPaths());
        return cgroup;
    }

    /** The task flag the kernel sets as the process starts to exit (include/linux/sched.h). */
    private static final long PF_EXITING = 0x4;

    @Override
    public boolean exiting() {
        String stat = readText("stat");
        Status s = PidStat.parse(stat).status();
        if (s == Status.ZOMBIE || s == Status.DEAD) return true;
        return (PidStat.flags(stat) & PF_EXITING) != 0 || PidStatus.sigkillPending(readText("status"));
    }

    @Override
    public java.util.Map<String, String> cgroupPaths() {
        return CgroupText.procCgroup(readText("cgroup"));
    }
}
