package io.github.jpsutil.agent;

import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.OsProcess;

import io.github.jpsutil.linux.JvmChildren;

import javax.management.ObjectName;
import java.util.concurrent.CompletableFuture;

/** A process the agent has an MBean for. The sampler thread alone writes its CPU window. */
final class Tracked {
    static final String SELF = "self", CHILD = "child", WATCHED = "watched";

    final OsProcess handle;
    final String scope;
    final ObjectName objectName;
    /** The name when it was first seen, for the exited notification (the process is gone by then). */
    final String name;
    /** Whether the host is its parent, so that its exit status can be learnt. */
    final boolean hostChild;
    /**
     * The JDK's exit status of a child of the host, grabbed while it ran; null for any other
     * process, or while the JDK has not yet set it up for a child found right after its fork.
     */
    volatile CompletableFuture<Integer> exit;

    CpuTimes lastCpu;
    long lastNanos;
    /** CPU use over the last sampling window, in percent of one CPU. */
    volatile double cpuPercent;

    Tracked(OsProcess handle, String scope, ObjectName objectName, String name, boolean hostChild) {
        this.handle = handle;
        this.scope = scope;
        this.objectName = objectName;
        this.name = name;
        this.hostChild = hostChild;
    }

    /**
     * Takes the JDK's exit-status future of a child of the host if it was not taken yet. The JDK
     * sets it up just after the fork, so a child found in between gets it on a later try; and it
     * drops it once it has reaped the child, so it must be taken while the child runs.
     */
    CompletableFuture<Integer> grabExit() {
        CompletableFuture<Integer> f = exit;
        if (f == null && hostChild) exit = f = JvmChildren.exitFuture(pid());
        return f;
    }

    long pid() {
        return handle.pid();
    }

    static ObjectName objectName(String scope, long pid) {
        try {
            return new ObjectName("jpsutil:type=Process,scope=" + scope + ",pid=" + pid);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent of one CPU used between two readings, one decimal (as psutil rounds). */
    static double percent(CpuTimes a, CpuTimes b, double seconds) {
        if (seconds <= 0) return 0.0;
        double used = (b.user() - a.user()) + (b.system() - a.system());
        return Math.max(0.0, Math.round(used / seconds * 1000.0) / 10.0);
    }

    /**
     * The JDK reports death by signal N as 128+N; psutil, like Python's Popen, as -N (as
     * OsProcess.waitFor does).
     */
    static int toPsutilStatus(int jdkStatus) {
        return jdkStatus > 128 && jdkStatus <= 128 + io.github.jpsutil.Signals.MAX ? -(jdkStatus - 128) : jdkStatus;
    }
}
