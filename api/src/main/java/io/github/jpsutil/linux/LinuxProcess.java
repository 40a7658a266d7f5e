package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.Address;
import io.github.jpsutil.Connection;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.Ids;
import io.github.jpsutil.IoClass;
import io.github.jpsutil.IoCounters;
import io.github.jpsutil.Ionice;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OpenFile;
import io.github.jpsutil.Status;
import io.github.jpsutil.ThreadTimes;
import io.github.jpsutil.ZombieProcess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one process' files. Each file is read at most once per instance (a fresh instance per
 * call reads fresh values; one instance kept for several calls is psutil's {@code oneshot()}).
 * Every read of {@code stat} checks the start time, so a reused pid reads as gone.
 * Not thread-safe; not part of the public API.
 */
public final class LinuxProcess {
    private final LinuxSystem sys;
    private final long pid;
    private long startTicks;
    private final Path dir;
    private String name;
    /** The name a handle knew from earlier reads, for error messages only. */
    private String hintName;
    private PidStat stat;
    private PidStatus status;
    private long[] statm;
    private List<String> cmdline;

    LinuxProcess(LinuxSystem sys, long pid, long startTicks) {
        if (pid < 0 || pid > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pid must be between 0 and " + Integer.MAX_VALUE + ", got " + pid);
        this.sys = sys;
        this.pid = pid;
        this.startTicks = startTicks;
        this.dir = sys.procRoot().resolve(Long.toString(pid));
    }

    public long pid() {
        return pid;
    }

    /** The name to put in errors: the short name if it was read already. */
    public String knownName() {
        return name != null ? name : stat != null ? stat.comm() : hintName;
    }

    /**
     * Sets the name that errors report (a handle remembers it across readers). Only for errors:
     * {@link #name()} still reads the process, so a gone process is NoSuchProcess and a long name
     * is extended from the command line.
     */
    public void knownName(String n) {
        if (hintName == null) hintName = n;
    }

    // ---- raw files ----------------------------------------------------------------------------

    private byte[] read(String file) {
        try {
            return LinuxSystem.readRecord(dir.resolve(file)); // stat, status, cmdline, statm, io
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * The error for a failed read: a zombie whose files are gone is a ZombieProcess, a pid that no
     * longer has this process is NoSuchProcess, EACCES is AccessDenied.
     */
    private RuntimeException failure(IOException e) {
        if (!Errno.isGone(e)) return Errno.translate(e, pid, knownName());
        PidStat now = statOrNull();
        if (now != null && now.status() == Status.ZOMBIE) return new ZombieProcess(pid, knownName(), now.ppid(), null);
        return new NoSuchProcess(pid, knownName(), null);
    }

    /** A fresh read of stat for error paths: null when the process (with our start time) is gone. */
    private PidStat statOrNull() {
        try {
            PidStat s = PidStat.parse(LinuxSystem.readString(dir.resolve("stat")));
            return startTicks < 0 || s.startTicks() == startTicks ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String readLink(String file) throws IOException {
        String target = Files.readSymbolicLink(dir.resolve(file)).toString();
        int nul = target.indexOf('\0');
        if (nul >= 0) target = target.substring(0, nul);
        // A deleted file keeps " (deleted)" in its link; psutil drops it unless that name exists.
        if (target.endsWith(" (deleted)") && !Files.exists(Path.of(target)))
            target = target.substring(0, target.length() - " (deleted)".length());
        return target;
    }

    // ---- parsed files -------------------------------------------------------------------------

    public PidStat stat() {
        if (stat == null) {
            PidStat s = PidStat.parse(new String(read("stat"), java.nio.charset.StandardCharsets.UTF_8));
            if (startTicks >= 0 && s.startTicks() != startTicks)
                throw new NoSuchProcess(pid, knownName(), "pid " + pid + " now belongs to another process");
            startTicks = s.startTicks();
            stat = s;
        }
        return stat;
    }

    private PidStatus statusFile() {
        if (status == null) {
            stat(); // checks identity first
            status = PidStatus.parse(new String(read("status"), java.nio.charset.StandardCharsets.UTF_8));
        }
        return status;
    }

    public long startTicks() {
        return stat().startTicks();
    }

    // ---- what psutil reports ------------------------------------------------------------------

    /** The short name from stat ("comm", at most 15 characters). */
    public String comm() {
        return stat().comm();
    }

    /**
     * psutil's name: comm, extended to the base name of the first argument when comm was cut at
     * 15 characters and that argument starts with it.
     */
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

    public long ppid() {
        return stat().ppid();
    }

    public Status status() {
        return stat().status();
    }

    public double createTime() {
        return sys.bootTime() + stat().startTicks() / (double) sys.clockTicks();
    }

    /** The arguments; empty for kernel threads and zombies, as in psutil. */
    public List<String> cmdline() {
        if (cmdline == null) {
            stat();
            cmdline = Fields.cmdline(new String(read("cmdline"), java.nio.charset.StandardCharsets.UTF_8));
        }
        return cmdline;
    }

    /** The executable's path; "" for kernel threads, as in psutil. */
    public String exe() {
        stat();
        try {
            return readLink("exe");
        } catch (IOException e) {
            if (!Errno.isGone(e)) throw failure(e);
            // alive but no executable: a kernel thread, or a zombie (psutil 5.9.4 returns "" for
            // both, since their /proc/<pid> still exists); one fresh read of stat tells
            if (statOrNull() != null) return "";
            throw new NoSuchProcess(pid, knownName(), null);
        }
    }

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

    public Ids uids() {
        return statusFile().uids();
    }

    public Ids gids() {
        return statusFile().gids();
    }

    public String username() {
        return sys.userName(uids().real());
    }

    public long numThreads() {
        return statusFile().threads();
    }

    public int nice() {
        return stat().nice();
    }

    public CpuTimes cpuTimes() {
        PidStat s = stat();
        double hz = sys.clockTicks();
        return new CpuTimes(s.utime() / hz, s.stime() / hz, s.cutime() / hz, s.cstime() / hz, s.blkioTicks() / hz);
    }

    public MemoryInfo memoryInfo() {
        if (statm == null) {
            stat();
            statm = Fields.numbers(new String(read("statm"), java.nio.charset.StandardCharsets.UTF_8), 7,
                    "/proc/<pid>/statm");
        }
        long ps = sys.pageSize();
        // statm: size resident shared text lib data dt
        return new MemoryInfo(statm[1] * ps, statm[0] * ps, statm[2] * ps, statm[3] * ps, statm[5] * ps);
    }

    public IoCounters ioCounters() {
        stat();
        String what = "/proc/<pid>/io";
        Map<String, Long> m = Fields.keyValues(new String(read("io"), java.nio.charset.StandardCharsets.UTF_8));
        return new IoCounters(Fields.require(m, "syscr", what), Fields.require(m, "syscw", what),
                Fields.require(m, "read_bytes", what), Fields.require(m, "write_bytes", what),
                Fields.require(m, "rchar", what), Fields.require(m, "wchar", what));
    }

    /** Threads with their CPU times; threads that exit while they are listed are left out. */
    public List<ThreadTimes> threads() {
        stat();
        List<ThreadTimes> out = new ArrayList<>();
        double hz = sys.clockTicks();
        for (long tid : numericEntries("task")) {
            try {
                PidStat t = PidStat.parse(LinuxSystem.readString(dir.resolve("task/" + tid + "/stat")));
                out.add(new ThreadTimes(tid, t.utime() / hz, t.stime() / hz));
            } catch (IOException e) {
                if (!Errno.isGone(e)) throw failure(e);
            }
        }
        if (out.isEmpty()) throw failure(new NoSuchFileException(dir.resolve("task").toString()));
        return out;
    }

    /** File descriptors open in the process (their count is psutil's num_fds). */
    public long[] fds() {
        stat();
        return numericEntries("fd");
    }

    private long[] numericEntries(String sub) {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir.resolve(sub))) {
            for (Path p : d) {
                long n = LinuxSystem.numericName(p);
                if (n >= 0) ids.add(n);
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return ids.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Regular files open in the process, with position and mode from fdinfo (as psutil lists them). */
    public List<OpenFile> openFiles() {
        List<OpenFile> out = new ArrayList<>();
        for (long fd : fds()) {
            String target;
            try {
                target = readLink("fd/" + fd);
            } catch (IOException e) {
                if (Errno.isGone(e)) continue; // closed meanwhile
                throw failure(e);
            }
            if (!target.startsWith("/") || !Files.isRegularFile(Path.of(target))) continue;
            Map<String, Long> info;
            long flags;
            try {
                String text = LinuxSystem.readString(dir.resolve("fdinfo/" + fd));
                info = Fields.keyValues(text);
                flags = fdinfoFlags(text);
            } catch (IOException e) {
                if (Errno.isGone(e)) continue;
                throw failure(e);
            }
            out.add(new OpenFile(target, (int) fd, info.getOrDefault("pos", 0L), fileMode((int) flags), (int) flags));
        }
        return out;
    }

    /** The flags line of fdinfo is octal. */
    static long fdinfoFlags(String fdinfo) {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("flags:")) {
                try {
                    long flags = Long.parseLong(line.substring(6).trim(), 8);
                    if (flags < 0) throw new NumberFormatException();
                    return flags;
                } catch (NumberFormatException e) {
                    throw new ParseError("/proc/<pid>/fdinfo", "flags not octal: '" + line + "'");
                }
            }
        }
        throw new ParseError("/proc/<pid>/fdinfo", "no flags line");
    }

    /** The mode Python's open() would take for these open(2) flags, as psutil derives it. */
    static String fileMode(int flags) {
        final int accmode = 3, wronly = 1, rdwr = 2, append = 02000;
        String mode = switch (flags & accmode) {
            case wronly -> "w";
            case rdwr -> "w+";
            default -> "r";
        };
        if ((flags & append) != 0) mode = mode.replaceFirst("w", "a");
        return mode.replace("w+", "r+");
    }

    /** Sockets of the process of the given kinds ("tcp4", "tcp6", "udp4", "udp6", "unix"). */
    public List<Connection> connections(Set<String> kinds) {
        // a socket may sit on several descriptors (dup): as psutil, an inet socket is listed once,
        // with its lowest descriptor, and a unix socket once per descriptor
        Map<Long, List<Integer>> inodes = new HashMap<>();
        for (long fd : fds()) {
            try {
                String target = readLink("fd/" + fd);
                if (target.startsWith("socket:[") && target.endsWith("]"))
                    inodes.computeIfAbsent(ParseError.parseLong("fd link", "socket inode", target.substring(8, target.length() - 1)),
                            k -> new ArrayList<>()).add((int) fd);
            } catch (IOException e) {
                if (!Errno.isGone(e)) throw failure(e);
            }
        }
        List<Connection> out = new ArrayList<>();
        if (inodes.isEmpty()) return out;
        String[][] tables = {{"tcp4", "tcp", "AF_INET", "SOCK_STREAM"}, {"tcp6", "tcp6", "AF_INET6", "SOCK_STREAM"},
                {"udp4", "udp", "AF_INET", "SOCK_DGRAM"}, {"udp6", "udp6", "AF_INET6", "SOCK_DGRAM"}};
        for (String[] t : tables) {
            if (!kinds.contains(t[0])) continue;
            String text = netFile(t[1]);
            if (text == null) continue;
            for (NetTable.InetSocket s : NetTable.parseInet(text, t[0].startsWith("tcp"))) {
                List<Integer> fds = inodes.get(s.inode());
                if (fds != null) out.add(new Connection(fds.get(0), t[2], t[3], s.laddr(), s.raddr(), s.status()));
            }
        }
        if (kinds.contains("unix")) {
            String text = netFile("unix");
            if (text != null) {
                for (NetTable.UnixSocket s : NetTable.parseUnix(text)) {
                    for (int fd : inodes.getOrDefault(s.inode(), List.of()))
                        out.add(new Connection(fd, "AF_UNIX", s.type(), new Address(s.path(), 0), null, Connection.NONE));
                }
            }
        }
        return out;
    }

    /** A table of the process' own network namespace; null when the kernel lacks it (no IPv6). */
    private String netFile(String name) {
        try {
            return LinuxSystem.readString(dir.resolve("net/" + name));
        } catch (NoSuchFileException e) {
            if (statOrNull() == null) throw new NoSuchProcess(pid, knownName(), null);
            return null;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Direct children: from the kernel's per-thread children lists where it has them, otherwise
     * from the ppid of every process. A listed pid that started before its parent is a
     * reused pid and is left out, as psutil does.
     */
    public List<LinuxProcess> children() {
        long myStart = startTicks();
        Set<Long> found = new java.util.TreeSet<>();
        boolean kernelLists = true;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = LinuxSystem.readString(task.resolve("children"));
                } catch (NoSuchFileException e) {
                    if (Files.exists(task)) {
                        kernelLists = false; // kernel built without CONFIG_PROC_CHILDREN
                        break;
                    }
                    continue; // the thread exited
                }
                for (String c : text.trim().split("\\s+"))
                    if (!c.isEmpty()) found.add(ParseError.parseLong("/proc/<pid>/task/<tid>/children", "pid", c));
            }
        } catch (IOException e) {
            throw failure(e);
        }
        if (!kernelLists) {
            found.clear();
            for (long other : sys.pids()) {
                try {
                    if (sys.process(other, -1).ppid() == pid) found.add(other);
                } catch (NoSuchProcess gone) {
                    // vanished while scanning
                } catch (io.github.jpsutil.AccessDenied denied) {
                    // unreadable stat: not ours to list
                }
            }
        }
        List<LinuxProcess> out = new ArrayList<>();
        for (long c : found) {
            try {
                LinuxProcess child = sys.process(c, -1);
                if (child.startTicks() >= myStart) out.add(child);
            } catch (NoSuchProcess | io.github.jpsutil.AccessDenied e) {
                // gone meanwhile
            }
        }
        return out;
    }

    // ---- calls that act on the process --------------------------------------------------------

    /**
     * Sends a signal to exactly this process: through a pidfd where the kernel has them (5.3+), so
     * that a pid reused between the identity check and the signal cannot be hit; otherwise kill(2)
     * right after the check.
     */
    public void sendSignal(int sig) {
        try {
            int pidfd = Native.pidfdOpen((int) pid);
            if (pidfd >= 0) {
                try {
                    checkIdentity();
                    Native.pidfdSendSignal(pidfd, sig);
                } finally {
                    Native.libc("close").close(pidfd);
                }
            } else {
                checkIdentity();
                Native.libc("kill").kill((int) pid, sig);
            }
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, knownName(), "signal " + sig);
        }
    }

    public void setNice(int value) {
        checkIdentity();
        try {
            Native.libc("setpriority").setpriority(Native.PRIO_PROCESS, (int) pid, value);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, knownName(), "setpriority(" + value + ")");
        }
    }

    public Ionice ionice() {
        checkIdentity();
        long prio;
        try {
            prio = Native.ioprioGet((int) pid);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, knownName(), "ioprio_get");
        }
        return new Ionice(IoClass.fromCode((int) (prio >> 13)), (int) (prio & 0x1fff));
    }

    public void setIonice(IoClass ioclass, int value) {
        checkIdentity();
        try {
            Native.ioprioSet((int) pid, ioclass.code() << 13 | value);
        } catch (LastErrorException e) {
            throw Errno.translate(e, pid, knownName(), "ioprio_set(" + ioclass + ", " + value + ")");
        }
    }

    /** Throws NoSuchProcess unless the pid still holds the process with our start time (read afresh). */
    public void checkIdentity() {
        PidStat now;
        try {
            now = PidStat.parse(LinuxSystem.readString(dir.resolve("stat")));
        } catch (IOException e) {
            throw failure(e);
        }
        if (startTicks >= 0 && now.startTicks() != startTicks)
            throw new NoSuchProcess(pid, knownName(), "pid " + pid + " now belongs to another process");
    }
}
