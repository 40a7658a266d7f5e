package io.github.jpsutil;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every view of one process handle shares: the baseline of {@link OsProcess#cpuPercent()}
 * and how the process ends (its exit status, where this JVM can learn it, and whether the OOM
 * killer ended it). The one owner of these, so that the agent and the library compute them the
 * same way.
 */
final class Lifecycle {
    /** The JDK's handle when this JVM started the process through {@link Psutil#start}. */
    private final java.lang.Process jvmProcess;
    private volatile CompletableFuture<Integer> exit;
    private CpuTimes lastCpu;
    private long lastNanos;
    /** The latest reading of the OOM-kill count of the process' memory cgroup taken while it was alive, or null. */
    private volatile OomBaseline oomBaseline;

    /** @param oomKills the count, -1 when it could not be read */
    private record OomBaseline(Map<String, String> paths, long oomKills) {
    }

    Lifecycle(java.lang.Process jvmProcess) {
        this.jvmProcess = jvmProcess;
    }

    /** psutil's {@code cpu_percent(None)}: since the previous call, 0.0 on the first. */
    synchronized double cpuPercentSinceLast(CpuTimes now, long nanos) {
        CpuTimes before = lastCpu;
        long beforeNanos = lastNanos;
        lastCpu = now;
        lastNanos = nanos;
        return before == null ? 0.0 : CpuPercent.ofProcess(before, now, (nanos - beforeNanos) / 1e9);
    }

    /**
     * The future of the exit status (psutil's form) of a child of this JVM, taken the first time it
     * is asked for and kept: the JDK drops its own once it has reaped the child, so it must be taken
     * while the child runs. Null for any other process, or while the JDK has not yet set it up for
     * a child caught right after its fork (a later call may still find it).
     */
    CompletableFuture<Integer> exit(long pid) {
        CompletableFuture<Integer> f = exit;
        if (f == null) {
            f = jvmProcess != null ? jvmProcess.onExit().thenApply(p -> JvmChildren.toPsutil(p.exitValue()))
                    : JvmChildren.exitFuture(pid);
            exit = f;
        }
        return f;
    }

    /**
     * {@link OsProcess#waitFor}: on the exit-status future of a child of this JVM; for any other
     * process, asleep in poll(2) on a pidfd until it ends (its status where the kernel tells it,
     * 6.15+), or on kernels without pidfds by looking again at growing intervals (1 to 40 ms)
     * until it is gone or a zombie.
     */
    OptionalInt waitFor(OsProcess p, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        CompletableFuture<Integer> f = exit(p.pid());
        if (f != null) {
            try {
                return OptionalInt.of(timeout == null ? f.get() : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new TimeoutExpired(p.pid(), p.knownName(), timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JpsutilException("interrupted while waiting for pid " + p.pid(), e);
            } catch (ExecutionException e) {
                throw new JpsutilException("cannot wait for pid " + p.pid() + ": " + e.getCause(), e.getCause());
            }
        }
        // any other process: asleep in the kernel until it ends (a pidfd), where the kernel can
        io.github.jpsutil.backend.ExitWait w = p.awaitExitInKernel(timeout == null ? -1 : Math.max(0, deadline - System.nanoTime()));
        if (w != null) {
            if (!w.ended()) throw new TimeoutExpired(p.pid(), p.knownName(), timeout);
            return w.status();
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (p.isRunning() && !isZombie(p)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutExpired(p.pid(), p.knownName(), timeout);
            sleep(Duration.ofNanos(Math.min(pause, left)));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(40));
        }
        return OptionalInt.empty();
    }

    /**
     * Notes a reading of the process' cgroup (its paths and their OOM-kill count, -1 when unread)
     * as the baseline of {@link #attributeExit}, provided the process still runs after it and is
     * not on its way out (a zombie, exiting, a SIGKILL pending): only then can the OOM killer's
     * kill of it come after the reading (the kernel counts the kill just before it signals).
     */
    void cgroupRead(OsProcess p, Map<String, String> paths, long oomKills) {
        if (p.runsAndIsNotExiting()) oomBaseline = new OomBaseline(paths, oomKills);
    }

    /** {@link OsProcess#attributeExit}: the baseline against the count of the same cgroup read now. */
    ProcessExit attributeExit(OsProcess p, OptionalInt status) {
        OomBaseline before = oomBaseline;
        return ProcessExit.attribute(status, before == null ? -1 : before.oomKills(), () -> p.oomKills(before.paths()));
    }

    /**
     * {@link OsProcess#waitForExit}: {@link #waitFor}, with the OOM-kill count of the process'
     * memory cgroup read as it starts (or, when the process has ended by then, the latest reading
     * taken while it was alive, by an earlier {@link OsProcess#cgroup()}) and again after the exit.
     */
    ProcessExit waitForExit(OsProcess p, Duration timeout) {
        try {
            Map<String, String> paths = p.cgroupPaths();
            cgroupRead(p, paths, p.oomKills(paths));
        } catch (NoSuchProcess ended) {
            // ended before the wait: an earlier reading, if any, stands
        }
        return attributeExit(p, waitFor(p, timeout));
    }

    private static boolean isZombie(OsProcess p) {
        try {
            return p.freshStatus() == Status.ZOMBIE;
        } catch (NoSuchProcess e) {
            return false;
        }
    }

    /** Sleeps; an interrupt ends the wait with the library's exception (and the interrupt kept). */
    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JpsutilException("interrupted", e);
        }
    }
}
