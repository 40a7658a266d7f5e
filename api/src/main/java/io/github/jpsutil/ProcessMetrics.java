package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every value jpsutil reports for one process, in psutil's {@code as_dict()} order. Read them from
 * a {@link OsProcess#oneshot() oneshot view}, so that each /proc file is read once for all of them.
 */
public final class ProcessMetrics {
    private static final Metric.Otel CPU_TIME = Metric.instrument("process.cpu.time", "counter", "s",
            "CPU time the process used, by mode");
    private static final Metric.Otel MEMORY_USAGE = Metric.instrument("process.memory.usage", "updowncounter", "By",
            "Physical memory the process uses");
    private static final Metric.Otel MEMORY_VIRTUAL = Metric.instrument("process.memory.virtual", "updowncounter", "By",
            "Virtual memory the process has committed");
    private static final Metric.Otel THREAD_COUNT = Metric.instrument("process.thread.count", "updowncounter", "{thread}",
            "Threads of the process");
    private static final Metric.Otel FD_COUNT = Metric.instrument("process.unix.file_descriptor.count", "updowncounter",
            "{file_descriptor}", "File descriptors the process has open");
    private static final Metric.Otel PAGE_FAULTS = Metric.instrument("process.paging.faults", "counter", "{fault}",
            "Page faults of the process, by type");
    private static final Metric.Otel CONTEXT_SWITCHES = Metric.instrument("process.context_switches", "counter",
            "{context_switch}", "Context switches of the process, by type");
    private static final Metric.Otel DISK_IO = Metric.instrument("process.disk.io", "counter", "By",
            "Bytes the process moved to and from storage, by direction");

    static final Table<ThreadTimes> THREAD_ROWS = new Table<>("jpsutil.Thread", "A thread of the process and the CPU time it used",
            "id", List.of(
            new Column<>("id", "id", Type.LONG, "Thread id (tid)", ThreadTimes::id),
            new Column<>("user_time", "userSeconds", Type.DOUBLE, "CPU time in user mode, in seconds", ThreadTimes::user),
            new Column<>("system_time", "systemSeconds", Type.DOUBLE, "CPU time in kernel mode, in seconds", ThreadTimes::system)));

    static final Table<OpenFile> OPEN_FILE_ROWS = new Table<>("jpsutil.OpenFile", "A regular file the process has open",
            "fd", List.of(
            new Column<>("path", "path", Type.STRING, "Absolute path", OpenFile::path),
            new Column<>("fd", "fd", Type.INTEGER, "File descriptor", OpenFile::fd),
            new Column<>("position", "positionBytes", Type.LONG, "Current offset in bytes", OpenFile::position),
            new Column<>("mode", "mode", Type.STRING, "Mode as Python's open() would take it: r, w, a, r+ or a+", OpenFile::mode),
            new Column<>("flags", "flags", Type.INTEGER, "open(2) flags", OpenFile::flags)));

    static final Table<Connection> CONNECTION_ROWS = new Table<>("jpsutil.Connection", "An internet socket of the process",
            "fd", List.of(
            new Column<>("fd", "fd", Type.INTEGER, "File descriptor", Connection::fd),
            new Column<>("family", "family", Type.STRING, "AF_INET or AF_INET6", Connection::family),
            new Column<>("type", "type", Type.STRING, "SOCK_STREAM or SOCK_DGRAM", Connection::type),
            new Column<>("laddr", "localAddress", Type.STRING, "Local ip:port", c -> address(c.laddr())),
            new Column<>("raddr", "remoteAddress", Type.STRING, "Remote ip:port, empty when there is no remote end",
                    c -> address(c.raddr())),
            new Column<>("status", "status", Type.STRING, "TCP state such as LISTEN or ESTABLISHED; NONE for UDP",
                    Connection::status)));

    static final Table<MemoryMap> MEMORY_MAP_ROWS = new Table<>("jpsutil.MemoryMap",
            "The mappings of one path (or [anon]) in the process' address space, added up", "path", List.of(
            new Column<>("path", "path", Type.STRING, "Mapped file, or [anon] for anonymous memory", MemoryMap::path),
            new Column<>("rss", "residentBytes", Type.LONG, "Resident bytes", MemoryMap::rss),
            new Column<>("size", "sizeBytes", Type.LONG, "Mapped bytes", MemoryMap::size),
            new Column<>("pss", "proportionalBytes", Type.LONG, "Proportional set size in bytes", MemoryMap::pss),
            new Column<>("shared_clean", "sharedCleanBytes", Type.LONG, "Shared clean bytes", MemoryMap::sharedClean),
            new Column<>("shared_dirty", "sharedDirtyBytes", Type.LONG, "Shared dirty bytes", MemoryMap::sharedDirty),
            new Column<>("private_clean", "privateCleanBytes", Type.LONG, "Private clean bytes", MemoryMap::privateClean),
            new Column<>("private_dirty", "privateDirtyBytes", Type.LONG, "Private dirty bytes", MemoryMap::privateDirty),
            new Column<>("referenced", "referencedBytes", Type.LONG, "Bytes marked referenced", MemoryMap::referenced),
            new Column<>("anonymous", "anonymousBytes", Type.LONG, "Anonymous bytes", MemoryMap::anonymous),
            new Column<>("swap", "swapBytes", Type.LONG, "Swapped-out bytes", MemoryMap::swap)));

    /** Every process value, in the order JSON output and MBean attributes list them. */
    public static final List<Metric<OsProcess>> ALL = Metric.flatten(
            of("pid", null, Type.LONG, p -> p.pid()).mbean("Pid", "Process id")
                    .prometheus("jpsutil_process_pid").done(),
            of("ppid", null, Type.LONG, p -> p.ppid()).mbean("Ppid", "Parent process id")
                    .prometheus("jpsutil_process_parent_pid").done(),
            of("name", null, Type.STRING, p -> p.name()).mbean("Name",
                    "Process name: the kernel's comm, extended from the command line when the kernel cut it at 15 characters")
                    .label().prometheus("jpsutil_process_name").done(),
            of("exe", null, Type.STRING, p -> p.exe()).mbean("Exe", "Path of the executable; empty for kernel threads").done(),
            of("cmdline", null, Type.STRING_LIST, p -> p.cmdline())
                    .mbean("Cmdline", "Command line arguments; empty for kernel threads and zombies").done(),
            of("cwd", null, Type.STRING, p -> p.cwd()).mbean("Cwd", "Current working directory").done(),
            of("create_time", null, Type.DOUBLE, p -> p.createTime())
                    .mbean("CreateTimeSeconds", "When the process started, in seconds since the epoch").unit(Unit.SECONDS)
                    .prometheus("jpsutil_process_start_time_seconds").done(),
            of("username", null, Type.STRING, p -> p.username())
                    .mbean("Username", "Name of the real user (the uid when it has no name)").done(),
            ids("uids", "Uid", "user", OsProcess::uids),
            ids("gids", "Gid", "group", OsProcess::gids),
            of("status", null, Type.STRING, p -> p.status().toString()).mbean("Status",
                    "State as psutil names it: running, sleeping, disk-sleep, stopped, tracing-stop, zombie, dead, idle, ...")
                    .label().prometheus("jpsutil_process_status").done(),
            of("nice", null, Type.INTEGER, p -> p.nice()).mbean("Nice",
                    "Nice value, -20 (highest priority) to 19 (lowest); writable unless the agent runs with readOnly=true."
                            + " Lowering it needs CAP_SYS_NICE")
                    .prometheus("jpsutil_process_nice").done(),
            of("ionice", "ioclass", Type.STRING, p -> p.ionice().ioclass())
                    .mbean("IoNiceClass", "I/O scheduling class: none, rt, be or idle")
                    .label().prometheus("jpsutil_process_ionice_class").done(),
            of("ionice", "value", Type.INTEGER, p -> p.ionice().value())
                    .mbean("IoNiceValue", "I/O priority level within the class, 0 (highest) to 7")
                    .prometheus("jpsutil_process_ionice_value").done(),
            of("num_threads", null, Type.INTEGER, p -> p.numThreads()).mbean("NumThreads", "Number of threads")
                    .prometheus("jpsutil_process_threads").otel(THREAD_COUNT).done(),
            of("num_fds", null, Type.INTEGER, p -> p.numFds()).mbean("NumFds", "Number of open file descriptors")
                    .prometheus("jpsutil_process_open_fds")
                    .otel(FD_COUNT).done(),
            cpu("user", "User", "CPU time spent in user mode, in seconds", true),
            cpu("system", "System", "CPU time spent in kernel mode, in seconds", true),
            cpu("children_user", "ChildrenUser", "User-mode CPU time of children the process has waited for, in seconds", false),
            cpu("children_system", "ChildrenSystem", "Kernel-mode CPU time of children the process has waited for, in seconds",
                    false),
            cpu("iowait", "Iowait", "Time spent waiting for block I/O (delay accounting), in seconds; 0 where the kernel"
                    + " does not account it", false),
            of("cpu_percent", null, Type.DOUBLE, p -> p.cpuPercent()).mbean("CpuPercent",
                    "CPU use over the agent's last sampling window, in percent of one CPU (up to 100 x CPUs); the same for"
                            + " every client. For a process that appeared since the last sample: its average since it started")
                    .unit(Unit.PERCENT).sampled().prometheus("jpsutil_process_cpu_usage_ratio").done(),
            faults("minor", "Minor", "Page faults served without reading from disk", PageFaults::minor),
            faults("major", "Major", "Page faults that had to read from disk", PageFaults::major),
            memory("rss", "Resident", "Resident set size (RSS), in bytes", MemoryInfo::rss, MEMORY_USAGE),
            memory("vms", "Virtual", "Virtual memory size (VMS), in bytes", MemoryInfo::vms, MEMORY_VIRTUAL),
            memory("shared", "Shared", "Resident memory backed by files or shared, in bytes (statm's shared)",
                    MemoryInfo::shared, null),
            memory("text", "Text", "Memory holding executable code (statm's text), in bytes", MemoryInfo::text, null),
            memory("data", "Data", "Data and stack memory (statm's data), in bytes", MemoryInfo::data, null),
            of("memory_percent", null, Type.DOUBLE, p -> p.memoryPercent())
                    .mbean("MemoryPercent", "Resident memory as a percentage of the machine's total memory").unit(Unit.PERCENT)
                    .prometheus("jpsutil_process_memory_ratio").done(),
            io("read_count", "ReadCount", "Read system calls (syscr)", IoCounters::readCount, "io_read_syscalls", null, null),
            io("write_count", "WriteCount", "Write system calls (syscw)", IoCounters::writeCount, "io_write_syscalls", null, null),
            io("read_bytes", "ReadBytes", "Bytes read from storage (read_bytes)", IoCounters::readBytes,
                    "io_storage_read_bytes", DISK_IO, "read"),
            io("write_bytes", "WriteBytes", "Bytes written to storage (write_bytes)", IoCounters::writeBytes,
                    "io_storage_write_bytes", DISK_IO, "write"),
            io("read_chars", "ReadChars", "Bytes passed through read calls, cache hits included (rchar)",
                    IoCounters::readChars, "io_read_bytes", null, null),
            io("write_chars", "WriteChars", "Bytes passed through write calls (wchar)", IoCounters::writeChars,
                    "io_write_bytes", null, null),
            of("threads", null, Type.TABLE, p -> p.threads()).table(THREAD_ROWS)
                    .mbean("Threads", "Threads with the CPU time each used").done(),
            of("open_files", null, Type.TABLE, p -> p.openFiles()).table(OPEN_FILE_ROWS)
                    .mbean("OpenFiles", "Regular files open, with offset and mode").done(),
            of("connections", null, Type.TABLE, p -> p.connections("inet")).table(CONNECTION_ROWS).notInAsDict()
                    .mbean("Connections", "Internet sockets (TCP and UDP, IPv4 and IPv6)").done(),
            of("children", null, Type.LONG_LIST, p -> p.children(false).stream().map(OsProcess::pid).toList()).notInAsDict()
                    .mbean("Children", "Process ids of the direct children").done(),
            // today's psutil: scheduling, terminal, OOM, memory detail; then the heavy reads
            ctxSwitches("voluntary", "Voluntary", "Context switches where the process gave up the CPU (waited)",
                    CtxSwitches::voluntary),
            ctxSwitches("involuntary", "Involuntary", "Context switches where the scheduler took the CPU from the process",
                    CtxSwitches::involuntary),
            of("cpu_num", null, Type.INTEGER, p -> p.cpuNum()).mbean("CpuNum", "The CPU the process last ran on")
                    .prometheus("jpsutil_process_last_cpu").done(),
            of("cpu_affinity", null, Type.LONG_LIST, p -> p.cpuAffinity())
                    .mbean("CpuAffinity", "The CPUs the process may run on; settable with setCpuAffinity").done(),
            of("terminal", null, Type.STRING, p -> p.terminal())
                    .mbean("Terminal", "Path of the controlling terminal; empty where the process has none, as most daemons (null in JSON)")
                    .done(),
            of("parents", null, Type.LONG_LIST, p -> p.parents().stream().map(OsProcess::pid).toList()).notInAsDict()
                    .mbean("Parents", "Process ids of the parent, its parent, and so on up to the first process").done(),
            // OomScoreAdj before OomScore: exporter patterns are not anchored, the first match wins
            of("oom_score_adj", null, Type.INTEGER, p -> p.oomScoreAdj())
                    .mbean("OomScoreAdj", "Added to the OOM score, -1000 (never killed) to 1000; settable with"
                            + " setOomScoreAdj").prometheus("jpsutil_process_oom_score_adj").done(),
            of("oom_score", null, Type.INTEGER, p -> p.oomScore())
                    .mbean("OomScore", "The OOM killer's badness of the process, 0 to 2000: the highest is killed first")
                    .prometheus("jpsutil_process_oom_score").done(),
            memoryEx("peak_rss", "PeakResident", "Highest resident set size so far (VmHWM)", MemoryInfoEx::peakRss),
            memoryEx("peak_vms", "PeakVirtual", "Highest virtual memory size so far (VmPeak)", MemoryInfoEx::peakVms),
            memoryEx("rss_anon", "AnonResident", "Resident anonymous memory (RssAnon)", MemoryInfoEx::rssAnon),
            memoryEx("rss_file", "FileResident", "Resident file-backed memory (RssFile)", MemoryInfoEx::rssFile),
            memoryEx("rss_shmem", "ShmemResident", "Resident shared memory: shmem, tmpfs, shared anonymous (RssShmem)",
                    MemoryInfoEx::rssShmem),
            memoryEx("locked", "Locked", "Memory locked in RAM (VmLck)", MemoryInfoEx::locked),
            memoryEx("swap", "Swapped", "Memory swapped out (VmSwap)", MemoryInfoEx::swap),
            memoryEx("page_tables", "PageTables", "Memory of the process' page tables (VmPTE)", MemoryInfoEx::pageTables),
            // memory_maps before memory_full_info: a view that has walked the address space for the
            // maps adds up memory_full_info from that walk instead of walking it again (smaps_rollup)
            of("memory_maps", null, Type.TABLE, p -> p.memoryMaps(true)).table(MEMORY_MAP_ROWS).heavy()
                    .mbean("MemoryMaps", "Mappings grouped by path, with their sizes. Heavy: read when asked for by name")
                    .done(),
            fullMemory("rss", null, "Resident set size, as memory_info", MemoryFullInfo::rss),
            fullMemory("vms", null, "Virtual memory size, as memory_info", MemoryFullInfo::vms),
            fullMemory("shared", null, "Shared resident memory, as memory_info", MemoryFullInfo::shared),
            fullMemory("text", null, "Code, as memory_info", MemoryFullInfo::text),
            fullMemory("data", null, "Data and stack, as memory_info", MemoryFullInfo::data),
            fullMemory("uss", "UssMemoryBytes", "Unique set size: private memory, freed if the process exited, in bytes."
                    + " Heavy (walks the page tables): read when asked for by name", MemoryFullInfo::uss),
            fullMemory("pss", "PssMemoryBytes", "Proportional set size: shared pages divided among their sharers, in"
                    + " bytes. Heavy (walks the page tables): read when asked for by name", MemoryFullInfo::pss),
            fullMemory("swap", null, "Swapped-out memory by the page tables (smaps' Swap)", MemoryFullInfo::swap),
            of("environ", null, Type.STRING_MAP, p -> p.environ()).heavy()
                    .mbean("Environ", "Environment variables; needs the rights to read the process' memory."
                            + " Heavy: read when asked for by name").done());

    private ProcessMetrics() {
    }

    private static Metric.Builder<OsProcess> of(String key, String field, Type type, Function<OsProcess, Object> read) {
        return Metric.of(key, field, type, read);
    }

    /**
     * psutil's {@code as_dict()}: the values whose keys are in {@code keys} (null for all of psutil's
     * {@code as_dict()} keys), with psutil's names and shapes; a value the kernel denies, or that a
     * zombie no longer has, is {@code adValue}. NoSuchProcess passes through.
     */
    public static Map<String, Object> asDict(OsProcess p, Set<String> keys, Object adValue) {
        return Metric.asDict(ALL, p, keys, adValue);
    }

    /** Every key of psutil's {@code as_dict()} that jpsutil has, heavy ones included (for {@link #asDict}). */
    public static Set<String> asDictKeys() {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Metric<OsProcess> m : ALL) if (m.inAsDict()) out.add(m.key());
        return out;
    }

    private static String address(Address a) {
        return a == null ? "" : a.toString();
    }

    /** Real, effective and saved ids: three values under one key. */
    private static List<Metric<OsProcess>> ids(String key, String suffix, String what, Function<OsProcess, Ids> read) {
        String prefix = "jpsutil_process_";
        return List.of(
                of(key, "real", Type.LONG, p -> read.apply(p).real()).mbean("Real" + suffix, "Real " + what + " id")
                        .prometheus(prefix + "real_" + suffix.toLowerCase(java.util.Locale.ROOT)).done(),
                of(key, "effective", Type.LONG, p -> read.apply(p).effective())
                        .mbean("Effective" + suffix, "Effective " + what + " id")
                        .prometheus(prefix + "effective_" + suffix.toLowerCase(java.util.Locale.ROOT)).done(),
                of(key, "saved", Type.LONG, p -> read.apply(p).saved()).mbean("Saved" + suffix, "Saved set-" + what + " id")
                        .prometheus(prefix + "saved_" + suffix.toLowerCase(java.util.Locale.ROOT)).done());
    }

    private static Metric<OsProcess> cpu(String field, String mode, String description, boolean otel) {
        Metric.Builder<OsProcess> b = of("cpu_times", field, Type.DOUBLE, p -> field(p.cpuTimes(), field))
                .mbean("Cpu" + mode + "SecondsTotal", description).unit(Unit.SECONDS).counter()
                .prometheus("jpsutil_process_cpu_" + field + "_seconds_total");
        if (otel) b.otel(CPU_TIME, "cpu.mode", field);
        return b.done();
    }

    private static Object field(CpuTimes c, String field) {
        return switch (field) {
            case "user" -> c.user();
            case "system" -> c.system();
            case "children_user" -> c.childrenUser();
            case "children_system" -> c.childrenSystem();
            default -> c.iowait();
        };
    }

    private static Metric<OsProcess> faults(String field, String name, String description, Function<PageFaults, Long> f) {
        return of("page_faults", field, Type.LONG, p -> f.apply(p.pageFaults())).mbean(name + "PageFaultsTotal", description)
                .counter().prometheus("jpsutil_process_" + field + "_page_faults_total")
                .otel(PAGE_FAULTS, "system.paging.fault.type", field).done();
    }

    private static Metric<OsProcess> memory(String field, String name, String description,
                                           Function<MemoryInfo, Long> f, Metric.Otel otel) {
        Metric.Builder<OsProcess> b = of("memory_info", field, Type.LONG, p -> f.apply(p.memoryInfo()))
                .mbean(name + "MemoryBytes", description).unit(Unit.BYTES)
                .prometheus("jpsutil_process_" + name.toLowerCase(java.util.Locale.ROOT) + "_memory_bytes");
        if (otel != null) b.otel(otel);
        return b.done();
    }

    private static Metric<OsProcess> ctxSwitches(String field, String name, String description, Function<CtxSwitches, Long> f) {
        return of("num_ctx_switches", field, Type.LONG, p -> f.apply(p.numCtxSwitches()))
                .mbean(name + "CtxSwitchesTotal", description).counter()
                .prometheus("jpsutil_process_" + field + "_context_switches_total")
                .otel(CONTEXT_SWITCHES, "process.context_switch.type", field).done();
    }

    private static Metric<OsProcess> memoryEx(String field, String name, String description, Function<MemoryInfoEx, Long> f) {
        return of("memory_info_ex", field, Type.LONG, p -> f.apply(p.memoryInfoEx()))
                .mbean(name + "MemoryBytes", description + ", in bytes").unit(Unit.BYTES)
                .prometheus("jpsutil_process_" + field + "_memory_bytes").done();
    }

    /** A field of memory_full_info: heavy; on the MBeans only where memory_info has no such value. */
    private static Metric<OsProcess> fullMemory(String field, String attribute, String description,
                                               Function<MemoryFullInfo, Long> f) {
        Metric.Builder<OsProcess> b = of("memory_full_info", field, Type.LONG, p -> f.apply(p.memoryFullInfo()))
                .unit(Unit.BYTES).heavy();
        return (attribute == null ? b.describe(description) : b.mbean(attribute, description)).done();
    }

    private static Metric<OsProcess> io(String field, String name, String description, Function<IoCounters, Long> f,
                                       String prometheus, Metric.Otel otel, String direction) {
        Metric.Builder<OsProcess> b = of("io_counters", field, Type.LONG, p -> f.apply(p.ioCounters()))
                .mbean("Io" + name + "Total", description).counter()
                .prometheus("jpsutil_process_" + prometheus + "_total");
        if (name.endsWith("Bytes") || name.endsWith("Chars")) b.unit(Unit.BYTES);
        if (otel != null) b.otel(otel, "disk.io.direction", direction);
        return b.done();
    }
}
