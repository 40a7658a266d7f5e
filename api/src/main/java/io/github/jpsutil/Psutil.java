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

    /** This JVM's process. */
    public OsProcess self() {
        return process(ProcessHandle.current().pid());
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

    /** Clock ticks per second, as the kernel told this process. */
    public long clockTicks() {
        return sys.clockTicks();
    }

    /** Page size in bytes, as the kernel told this process. */
    public long pageSize() {
        return sys.pageSize();
    }
}
