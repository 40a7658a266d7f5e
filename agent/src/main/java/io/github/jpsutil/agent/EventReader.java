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
import java.util.HashMap;
import java.util.Map;

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
    /** How long a new process may run before it is read and gets an MBean. */
    static final long BIRTH_GRACE_MILLIS = 20;
    /** Forks within their grace, by pid (sampler thread only). */
    private final Map<Long, Birth> unborn = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean started;

    EventReader(ProcessEventStream stream, Psutil ps, Sampler sampler) {
        this.stream = stream;
        this.ps = ps;
        this.sampler = sampler;
        descendants.add(sampler.selfPid);
        thread = new Thread(this::run, "jpsutil-events");
        thread.setDaemon(true);
    }

    void start() {
        started = true;
        thread.start();
    }

    /**
     * A descendant found by looking (those there before the events began, or a refresh): tracked
     * now, so its fork, if it is still in its grace, is not announced a second time. Sampler thread.
     */
    void adopt(long pid) {
        descendants.add(pid);
        unborn.remove(pid);
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

    /**
     * A fork of a descendant. It is announced after a short grace, once it has had time to become
     * the program it was started for (a child of the JVM execs the JDK's launcher, then its
     * program); one that ends within the grace is announced from its events alone, without
     * reading /proc or registering an MBean that nobody could read.
     */
    private void born(long pid, long ppid, long forkNanos) {
        if (sampler.tracked.containsKey(pid)) return; // found by the first look
        String name = "";
        List<String> cmdline = List.of();
        Tracked parent = sampler.tracked.get(ppid);
        Birth unbornParent = unborn.get(ppid);
        if (parent != null) {
            name = parent.name;
            cmdline = parent.cmdline;
        } else if (unbornParent != null) {
            name = unbornParent.name;
            cmdline = unbornParent.cmdline;
        }
        unborn.put(pid, new Birth(ppid, forkNanos, name, cmdline)); // a fork is a copy of its parent until it execs
        sampler.postLater(() -> register(pid), BIRTH_GRACE_MILLIS);
    }

    /** The grace is over and it still runs: read it, give it its MBean, announce it. */
    private void register(long pid) {
        Birth b = unborn.remove(pid);
        if (b == null || sampler.tracked.containsKey(pid)) return; // ended within the grace, or found by a refresh
        Tracked t = null;
        try {
            t = sampler.read(ps.process(pid), Tracked.CHILD, b.forkNanos);
        } catch (NoSuchProcess e) {
            // gone since: its exit event is on its way
        }
        if (t == null || t.ppid != b.ppid) t = b.tracked(pid, sampler.selfPid); // gone, a zombie, or the pid was taken again
        try {
            sampler.announce(t);
        } catch (JMException | RuntimeException e) { // its name is taken: a later refresh tries again
            sampler.error("tracking pid " + pid, e);
        }
    }

    /** A descendant became another program. */
    private void execed(long pid, String name, List<String> cmdline) {
        Birth b = unborn.get(pid);
        if (b != null) {
            b.name = name;
            b.cmdline = cmdline;
            return;
        }
        Tracked t = sampler.tracked.get(pid);
        if (t == null) return;
        t.name = name;
        t.cmdline = cmdline;
        sampler.execed(t);
    }

    private void ended(long pid, int status, long exitNanos) throws JMException {
        Birth b = unborn.remove(pid);
        if (b != null) { // lived less than the grace: started and exited, from the events alone
            Tracked t = b.tracked(pid, sampler.selfPid);
            sampler.announce(t);
            sampler.retire(t, status, exitNanos);
            return;
        }
        Tracked t = sampler.tracked.get(pid);
        if (t != null) sampler.retire(t, status, exitNanos);
    }

    /** A fork not yet announced (sampler thread only). */
    private static final class Birth {
        final long ppid, forkNanos;
        String name;
        List<String> cmdline;

        Birth(long ppid, long forkNanos, String name, List<String> cmdline) {
            this.ppid = ppid;
            this.forkNanos = forkNanos;
            this.name = name;
            this.cmdline = cmdline;
        }

        /** What the events told of it, for a process that cannot be read. */
        Tracked tracked(long pid, long selfPid) {
            return new Tracked(null, pid, ppid, Tracked.CHILD, ppid == selfPid, Exit.epochSeconds(forkNanos), forkNanos, name, cmdline);
        }
    }

    /** Events were dropped: the exits among them are lost (status unknown); new processes are found by looking. */
    private void lost() throws JMException {
        sampler.stats.eventsLost.incrementAndGet();
        for (Long pid : new ArrayList<>(unborn.keySet())) {
            if (sampler.ps.pidExists(pid)) continue;
            descendants.remove(pid);
            Tracked t = unborn.remove(pid).tracked(pid, sampler.selfPid);
            sampler.announce(t);
            sampler.retire(t, null, 0);
        }
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
        if (!started) { // the agent failed to start: nobody reads, so nobody else closes
            stream.close();
            return;
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
