package io.github.jpsutil.agent;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Status;

import javax.management.JMException;
import java.util.ArrayList;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thread that reads the kernel's process events (thread {@code jpsutil-events}), keeps the set
 * of the host's descendants, and hands each fork, exec and exit of one of them to the sampler
 * thread, in the kernel's order: so a process is announced as started before it is announced as
 * exited, each once. It reads a new program's name and command line itself, at once, because a
 * short-lived process is gone by the time the sampler thread would look.
 */
final class EventReader implements AutoCloseable {
    private final ProcessEventStream stream;
    private final Psutil ps;
    private final Sampler sampler;
    /** The host and every descendant whose exit has not been seen. */
    private final Set<Long> descendants = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopped;

    EventReader(ProcessEventStream stream, Psutil ps, Sampler sampler) {
        this.stream = stream;
        this.ps = ps;
        this.sampler = sampler;
        descendants.add(sampler.selfPid);
        thread = new Thread(this::run, "jpsutil-events");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A descendant found by looking (those that were there before the events began). */
    void adopt(long pid) {
        descendants.add(pid);
    }

    private void run() {
        try {
            while (!stopped) {
                ProcessEvent e = stream.next();
                if (e != null) handle(e);
            }
        } catch (Throwable e) { // the stream broke: the sampler goes back to looking
            if (!stopped) sampler.post(() -> sampler.eventsFailed(e));
        } finally {
            stream.close();
        }
    }

    private void handle(ProcessEvent e) {
        long pid = e.pid();
        switch (e.kind()) {
            case FORK -> {
                if (!descendants.contains(e.parentPid())) return;
                descendants.add(pid);
                sampler.post(() -> born(pid, e.parentPid(), e.nanos()));
            }
            case EXEC -> {
                if (!descendants.contains(pid) || pid == sampler.selfPid) return;
                String name = null;
                List<String> cmdline = List.of();
                try {
                    OsProcess v = ps.process(pid).oneshot();
                    cmdline = v.cmdline();
                    name = v.name();
                } catch (JpsutilException gone) {
                    // exited already (or denies reading): the name of before stays
                }
                String n = name;
                List<String> c = cmdline;
                if (n != null) sampler.post(() -> execed(pid, n, c));
            }
            case EXIT -> {
                if (pid != sampler.selfPid && descendants.remove(pid))
                    sampler.post(() -> ended(pid, e.exitStatus(), e.nanos()));
            }
            case LOST -> sampler.post(this::lost);
        }
    }

    // ---- applied on the sampler thread, in the order the kernel reported them ------------------

    /** A fork of a descendant: announced even when already gone (then as a copy of its parent). */
    private void born(long pid, long ppid, long forkNanos) throws JMException {
        if (sampler.tracked.containsKey(pid)) return; // found by the first look
        Tracked t = null;
        try {
            t = sampler.read(ps.process(pid), Tracked.CHILD, forkNanos);
        } catch (NoSuchProcess e) {
            // gone already
        }
        if (t == null || t.ppid != ppid) { // gone (or a zombie), or its pid was taken again
            Tracked parent = sampler.tracked.get(ppid);
            t = new Tracked(null, pid, ppid, Tracked.CHILD, ppid == sampler.selfPid, Exit.epochSeconds(forkNanos), forkNanos,
                    parent == null ? "" : parent.name, parent == null ? List.of() : parent.cmdline);
        }
        sampler.announce(t);
    }

    /** A descendant became another program. */
    private void execed(long pid, String name, List<String> cmdline) {
        Tracked t = sampler.tracked.get(pid);
        if (t == null) return;
        t.name = name;
        t.cmdline = cmdline;
    }

    private void ended(long pid, int status, long exitNanos) {
        Tracked t = sampler.tracked.get(pid);
        if (t != null) sampler.retire(t, status, exitNanos);
    }

    /** Events were dropped: the exits among them are lost (status unknown); new processes are found by looking. */
    private void lost() {
        sampler.stats.eventsLost.incrementAndGet();
        for (Tracked t : new ArrayList<>(sampler.tracked.values())) {
            if (!t.scope.equals(Tracked.CHILD) || isAlive(t)) continue;
            descendants.remove(t.pid);
            sampler.retire(t, null, 0);
        }
        sampler.discover();
    }

    private static boolean isAlive(Tracked t) {
        try {
            return t.handle != null && t.handle.status() != Status.ZOMBIE;
        } catch (NoSuchProcess e) {
            return false;
        }
    }

    /** Stops reading; the thread ends within the stream's short wait and closes it. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
