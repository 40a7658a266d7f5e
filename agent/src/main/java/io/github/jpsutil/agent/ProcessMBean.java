package io.github.jpsutil.agent;

import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.IoClass;
import io.github.jpsutil.IoCounters;
import io.github.jpsutil.Ionice;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Signals;
import io.github.jpsutil.TimeoutExpired;

import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code jpsutil:type=Process,scope=self|child|watched,pid=N}: one process. Every read goes to
 * /proc at read time through one oneshot view per call, so a process that has exited is an error
 * naming NoSuchProcess and the pid; only CpuPercent comes from the sampler.
 */
final class ProcessMBean extends OpenDynamicMBean<ProcessMBean.Read> {
    /** What one getAttribute(s) call reads: one oneshot view, and the values several attributes share. */
    static final class Read {
        final OsProcess v;
        final Tracked t;
        private Ionice ionice;
        private IoCounters io;

        Read(OsProcess v, Tracked t) {
            this.v = v;
            this.t = t;
        }

        Ionice ionice() {
            if (ionice == null) ionice = v.ionice();
            return ionice;
        }

        IoCounters io() {
            if (io == null) io = v.ioCounters();
            return io;
        }

        CpuTimes cpu() {
            return v.cpuTimes();
        }

        MemoryInfo mem() {
            return v.memoryInfo();
        }
    }

    static final String NICE = "Nice";

    static final List<Attr<Read>> ATTRS = List.of(
            new Attr<>("Pid", SimpleType.LONG, null, "Process id", r -> r.v.pid()),
            new Attr<>("Ppid", SimpleType.LONG, null, "Parent process id", r -> r.v.ppid()),
            new Attr<>("Name", SimpleType.STRING, null,
                    "Process name: the kernel's comm, extended from the command line when the kernel cut it at 15 characters",
                    r -> r.v.name()),
            new Attr<>("Exe", SimpleType.STRING, null, "Path of the executable; empty for kernel threads", r -> r.v.exe()),
            new Attr<>("Cmdline", Types.STRING_ARRAY, null, "Command line arguments; empty for kernel threads and zombies",
                    r -> r.v.cmdline().toArray(new String[0])),
            new Attr<>("Cwd", SimpleType.STRING, null, "Current working directory", r -> r.v.cwd()),
            new Attr<>("Username", SimpleType.STRING, null, "Name of the real user (the uid when it has no name)",
                    r -> r.v.username()),
            new Attr<>("RealUid", SimpleType.LONG, null, "Real user id", r -> r.v.uids().real()),
            new Attr<>("EffectiveUid", SimpleType.LONG, null, "Effective user id", r -> r.v.uids().effective()),
            new Attr<>("SavedUid", SimpleType.LONG, null, "Saved set-user id", r -> r.v.uids().saved()),
            new Attr<>("RealGid", SimpleType.LONG, null, "Real group id", r -> r.v.gids().real()),
            new Attr<>("EffectiveGid", SimpleType.LONG, null, "Effective group id", r -> r.v.gids().effective()),
            new Attr<>("SavedGid", SimpleType.LONG, null, "Saved set-group id", r -> r.v.gids().saved()),
            new Attr<>("Status", SimpleType.STRING, null,
                    "State as psutil names it: running, sleeping, disk-sleep, stopped, tracing-stop, zombie, dead, idle, ...",
                    r -> r.v.status().toString()),
            new Attr<>("CreateTimeSeconds", SimpleType.DOUBLE, "seconds", "When the process started, in seconds since the epoch",
                    r -> r.v.createTime()),
            new Attr<>(NICE, SimpleType.INTEGER, null,
                    "Nice value, -20 (highest priority) to 19 (lowest); writable unless the agent runs with readOnly=true."
                            + " Lowering it needs CAP_SYS_NICE",
                    r -> r.v.nice()),
            new Attr<>("IoNiceClass", SimpleType.STRING, null, "I/O scheduling class: none, rt, be or idle",
                    r -> r.ionice().ioclass().name().toLowerCase(Locale.ROOT)),
            new Attr<>("IoNiceValue", SimpleType.INTEGER, null, "I/O priority level within the class, 0 (highest) to 7",
                    r -> r.ionice().value()),
            new Attr<>("NumThreads", SimpleType.INTEGER, null, "Number of threads", r -> r.v.numThreads()),
            new Attr<>("CpuUserSecondsTotal", SimpleType.DOUBLE, "seconds", "CPU time spent in user mode, in seconds",
                    r -> r.cpu().user()),
            new Attr<>("CpuSystemSecondsTotal", SimpleType.DOUBLE, "seconds", "CPU time spent in kernel mode, in seconds",
                    r -> r.cpu().system()),
            new Attr<>("CpuChildrenUserSecondsTotal", SimpleType.DOUBLE, "seconds",
                    "User-mode CPU time of children the process has waited for, in seconds", r -> r.cpu().childrenUser()),
            new Attr<>("CpuChildrenSystemSecondsTotal", SimpleType.DOUBLE, "seconds",
                    "Kernel-mode CPU time of children the process has waited for, in seconds", r -> r.cpu().childrenSystem()),
            new Attr<>("CpuPercent", SimpleType.DOUBLE, "percent",
                    "CPU use over the agent's last sampling window, in percent of one CPU (up to 100 x CPUs); the same for"
                            + " every client. For a process that appeared since the last sample: its average since it started",
                    r -> r.t.cpuPercent),
            new Attr<>("ResidentMemoryBytes", SimpleType.LONG, "bytes", "Resident set size (RSS), in bytes", r -> r.mem().rss()),
            new Attr<>("VirtualMemoryBytes", SimpleType.LONG, "bytes", "Virtual memory size (VMS), in bytes", r -> r.mem().vms()),
            new Attr<>("SharedMemoryBytes", SimpleType.LONG, "bytes",
                    "Resident memory backed by files or shared, in bytes (statm's shared)", r -> r.mem().shared()),
            new Attr<>("MemoryPercent", SimpleType.DOUBLE, "percent", "Resident memory as a percentage of the machine's total memory",
                    r -> r.v.memoryPercent()),
            new Attr<>("IoReadCountTotal", SimpleType.LONG, null, "Read system calls (syscr)", r -> r.io().readCount()),
            new Attr<>("IoWriteCountTotal", SimpleType.LONG, null, "Write system calls (syscw)", r -> r.io().writeCount()),
            new Attr<>("IoReadBytesTotal", SimpleType.LONG, "bytes", "Bytes read from storage (read_bytes)", r -> r.io().readBytes()),
            new Attr<>("IoWriteBytesTotal", SimpleType.LONG, "bytes", "Bytes written to storage (write_bytes)",
                    r -> r.io().writeBytes()),
            new Attr<>("IoReadCharsTotal", SimpleType.LONG, "bytes", "Bytes passed through read calls, cache hits included (rchar)",
                    r -> r.io().readChars()),
            new Attr<>("IoWriteCharsTotal", SimpleType.LONG, "bytes", "Bytes passed through write calls (wchar)",
                    r -> r.io().writeChars()),
            new Attr<>("NumFds", SimpleType.INTEGER, null, "Number of open file descriptors", r -> r.v.numFds()),
            new Attr<>("Threads", Types.THREADS, null, "Threads with the CPU time each used", r -> Types.threads(r.v.threads())),
            new Attr<>("OpenFiles", Types.OPEN_FILES, null, "Regular files open, with offset and mode",
                    r -> Types.openFiles(r.v.openFiles())),
            new Attr<>("Connections", Types.CONNECTIONS, null, "Internet sockets (TCP and UDP, IPv4 and IPv6)",
                    r -> Types.connections(r.v.connections("inet"))),
            new Attr<>("Children", Types.LONG_ARRAY, null, "Process ids of the direct children",
                    r -> r.v.children(false).stream().mapToLong(OsProcess::pid).toArray()));

    private static final MBeanInfo INFO = info(false);
    private static final MBeanInfo INFO_READ_ONLY = info(true);

    private final Tracked t;
    private final Options options;
    private final long selfPid;

    ProcessMBean(Tracked t, Options options, long selfPid, java.util.function.BiConsumer<String, Throwable> faults) {
        super(ATTRS, faults, "pid " + t.pid());
        this.t = t;
        this.options = options;
        this.selfPid = selfPid;
    }

    @Override
    Read read() {
        OsProcess v = t.handle.oneshot();
        v.ppid(); // reads stat, checking that the pid still holds this process
        return new Read(v, t);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return options.readOnly() ? INFO_READ_ONLY : INFO;
    }

    @Override
    public void setAttribute(Attribute a) throws AttributeNotFoundException, InvalidAttributeValueException,
            MBeanException, ReflectionException {
        if (!NICE.equals(a.getName())) {
            super.setAttribute(a);
            return;
        }
        if (!(a.getValue() instanceof Integer value))
            throw new InvalidAttributeValueException("Nice takes an Integer from -20 to 19, got " + a.getValue());
        writeGuard("setting Nice");
        try {
            t.handle.setNice(value);
        } catch (RuntimeException e) {
            throw Errors.mbean(e);
        }
    }

    @Override
    public Object invoke(String op, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        int n = params == null ? 0 : params.length;
        try {
            switch (op + "/" + n) {
                case "suspend/0" -> {
                    signalGuard(op);
                    t.handle.suspend();
                }
                case "resume/0" -> {
                    writeGuard(op);
                    t.handle.resume();
                }
                case "terminate/0" -> {
                    signalGuard(op);
                    t.handle.terminate();
                }
                case "kill/0" -> {
                    signalGuard(op);
                    t.handle.kill();
                }
                case "sendSignal/1" -> {
                    signalGuard(op);
                    t.handle.sendSignal(Signals.parse(string(params[0], "signal")));
                }
                case "renice/1" -> {
                    writeGuard(op);
                    t.handle.setNice(integer(params[0], "nice"));
                }
                case "setIoNice/2" -> {
                    writeGuard(op);
                    t.handle.setIonice(IoClass.parse(string(params[0], "ioClass")), integer(params[1], "value"));
                }
                case "waitFor/1" -> {
                    return waitFor(number(params[0], "timeoutMillis").longValue());
                }
                default -> throw new ReflectionException(new NoSuchMethodException(op),
                        "no operation " + op + " with " + n + " parameters on a jpsutil Process MBean");
            }
            return null;
        } catch (RuntimeException e) {
            throw Errors.mbean(e);
        }
    }

    private Integer waitFor(long timeoutMillis) {
        if (timeoutMillis < 0) throw new IllegalArgumentException("timeoutMillis must be 0 or more, got " + timeoutMillis);
        java.util.concurrent.CompletableFuture<Integer> exit = t.grabExit();
        if (exit != null) {
            try {
                return Tracked.toPsutilStatus(exit.get(timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                throw new TimeoutExpired(t.pid(), t.name, Duration.ofMillis(timeoutMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for pid " + t.pid());
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot wait for pid " + t.pid() + ": " + e.getCause());
            }
        }
        OptionalInt status = t.handle.waitFor(Duration.ofMillis(timeoutMillis));
        return status.isPresent() ? status.getAsInt() : null;
    }

    private void writeGuard(String what) throws MBeanException {
        if (options.readOnly())
            throw Errors.refused("refused: " + what + " on pid " + t.pid() + ": the jpsutil agent runs with readOnly=true");
    }

    private void signalGuard(String what) throws MBeanException {
        writeGuard(what);
        if (t.pid() == selfPid && !options.allowSelfSignals())
            throw Errors.refused("refused: " + what + " would signal the host JVM itself (pid " + selfPid
                    + "); start the jpsutil agent with allowSelfSignals=true to allow it");
    }

    private static String string(Object o, String name) {
        if (o instanceof String s) return s;
        throw new IllegalArgumentException(name + " must be a String, got " + describe(o));
    }

    private static Number number(Object o, String name) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return (Number) o;
        throw new IllegalArgumentException(name + " must be an integer, got " + describe(o));
    }

    private static int integer(Object o, String name) {
        long v = number(o, name).longValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " is out of range: " + v);
        return (int) v;
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }

    private static MBeanInfo info(boolean readOnly) {
        OpenMBeanAttributeInfo[] attrs = ATTRS.stream()
                .map(a -> a.info(!readOnly && a.name().equals(NICE)))
                .toArray(OpenMBeanAttributeInfo[]::new);
        String guard = readOnly ? " Refused: the agent runs with readOnly=true." : "";
        String selfGuard = " Refused on the host JVM itself unless the agent runs with allowSelfSignals=true.";
        OpenMBeanParameterInfo[] none = {};
        OpenMBeanOperationInfo[] ops = {
                op("suspend", "Stops the process (SIGSTOP)." + guard + selfGuard, none, SimpleType.VOID),
                op("resume", "Lets a stopped process go on (SIGCONT)." + guard, none, SimpleType.VOID),
                op("terminate", "Asks the process to end (SIGTERM)." + guard + selfGuard, none, SimpleType.VOID),
                op("kill", "Kills the process (SIGKILL)." + guard + selfGuard, none, SimpleType.VOID),
                op("sendSignal", "Sends a signal, by name or number." + guard + selfGuard,
                        new OpenMBeanParameterInfo[]{param("signal", "Signal name or number, e.g. SIGUSR1, USR1 or 10")},
                        SimpleType.VOID),
                op("renice", "Sets the nice value; lowering it needs CAP_SYS_NICE." + guard,
                        new OpenMBeanParameterInfo[]{new OpenMBeanParameterInfoSupport("nice",
                                "Nice value from -20 (highest priority) to 19 (lowest)", SimpleType.INTEGER)},
                        SimpleType.VOID),
                op("setIoNice", "Sets the I/O scheduling class and level; rt needs CAP_SYS_ADMIN." + guard,
                        new OpenMBeanParameterInfo[]{param("ioClass", "none, rt, be or idle"),
                                new OpenMBeanParameterInfoSupport("value",
                                        "Level 0 (highest) to 7 for rt and be; 0 for none and idle", SimpleType.INTEGER)},
                        SimpleType.VOID),
                op("waitFor", "Waits for the process to exit and returns its exit status: the exit code, or minus the"
                                + " signal number that ended it. Null for a process that is not a child of the host, whose status"
                                + " only its parent learns. Fails with TimeoutExpired if it still runs after the timeout",
                        new OpenMBeanParameterInfo[]{new OpenMBeanParameterInfoSupport("timeoutMillis",
                                "How long to wait, in milliseconds", SimpleType.LONG)},
                        SimpleType.INTEGER),
        };
        return new OpenMBeanInfoSupport(ProcessMBean.class.getName(),
                "A process: the host JVM (scope=self), a descendant of it (scope=child) or a process added with"
                        + " jpsutil:type=Agent watch(pid) (scope=watched). Values are read from the kernel at read time;"
                        + " a read of a process that has exited fails with NoSuchProcess.",
                attrs, new OpenMBeanConstructorInfo[0], ops, new MBeanNotificationInfo[0],
                new ImmutableDescriptor("immutableInfo=true"));
    }

    private static OpenMBeanParameterInfoSupport param(String name, String description) {
        return new OpenMBeanParameterInfoSupport(name, description, SimpleType.STRING);
    }

    static OpenMBeanOperationInfoSupport op(String name, String description, OpenMBeanParameterInfo[] params,
                                            javax.management.openmbean.OpenType<?> returns) {
        return new OpenMBeanOperationInfoSupport(name, description, params, returns, MBeanOperationInfo.ACTION);
    }
}
