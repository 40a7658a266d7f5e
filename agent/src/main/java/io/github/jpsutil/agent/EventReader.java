package io.github.jpsutil.agent;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Status;

import javax.management.JMException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thread that reads the kernel's process events (thread {@code jpsutil-events}), keeps the set
 * of the host's descendants, and hands each fork, exec and exit of one of them to the sampler
 * thread, in the kernel's order: so a process is announced as started before it is announced as
 * exited, each once. It reads a new program's name and command line itself, at once, because a
 * short-lived process is gone by the time the sampler thread would look. It sleeps in the kernel
 * until events come, takes each burst after one wake-up, and wakes the sampler thread only when
 * something is to be announced (an exit, the end of a new process' grace, an exec of a process
 * with an MBean), and at most once per {@link #HANDOVER_MILLIS}: a fork or an exec within the grace
 * waits for the announcement it belongs to.
 */
final class EventReader implements AutoCloseable {
    private final ProcessEventStream stream;
    private final Psutil ps;
    private final Sampler sampler;
    /** The host and every descendant whose exit has not been seen. */
    private final Set<Long> descendants = ConcurrentHashMap.newKeySet();
    /** How long a new process may run before it is read and gets an MBean. */
    static final long BIRTH_GRACE_MILLIS = 20;
    /**
     * The least time between two hand-overs to the sampler thread (the most this adds to a
     * notification's latency): at 100 children a second, one wake-up of the sampler for about two
     * children instead of one for each.
     */
    static final long HANDOVER_MILLIS = 20;
    /** The name of the program with which the JDK starts a child (launchMechanism POSIX_SPAWN), before it execs the child's own. */
    static final String JDK_LAUNCHER = "jspawnhelper";
    /** Forks within their grace, by pid (sampler thread only). */
    private final Map<Long, Birth> unborn = new HashMap<>();
    /** Reader thread only: when the grace of each descendant forked and not yet exited ends (System.nanoTime), in fork order. */
    private final Map<Long, Long> graceEnds = new LinkedHashMap<>();
    /**
     * Reader thread only: work for the sampler thread not yet handed over; whether some of it
     * announces (else it waits for what does); when the last hand-over was.
     */
    private List<Sampler.Task> gathered = new ArrayList<>();
    private boolean announcing;
    private long handedOverAt = System.nanoTime() - HANDOVER_MILLIS * 1_000_000;
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
        List<ProcessEvent> burst = new ArrayList<>();
        try {
            while (!stopped) {
                long wakeAt = nextDeadline();
                ProcessEvent e = wakeAt == Long.MAX_VALUE ? stream.next()
                        : stream.next(Duration.ofNanos(Math.max(0, wakeAt - System.nanoTime())));
                if (e != null) {
                    burst.add(e);
                    stream.drainTo(burst);
                    for (int i = 0; i < burst.size(); i++) handle(burst, i);
                    burst.clear();
                } else if (wakeAt == Long.MAX_VALUE) {
                    break; // closed
                }
                long now = System.nanoTime();
                endGraces(now);
                if (announcing && now - handOverAt() >= 0) handOver(now);
            }
        } catch (Throwable e) { // the stream broke: the sampler goes back to looking
            if (!stopped) {
                handOver(System.nanoTime());
                sampler.post(() -> sampler.eventsFailed(e));
            }
        } finally {
            stream.close();
        }
    }

    /** When the reader must wake without an event: to hand work over, or at the end of a grace; MAX_VALUE: never. */
    private long nextDeadline() {
        long at = announcing ? handOverAt() : Long.MAX_VALUE;
        if (!graceEnds.isEmpty()) {
            long grace = graceEnds.values().iterator().next();
            if (at == Long.MAX_VALUE || grace - at < 0) at = grace;
        }
        return at;
    }

    /** Forks whose grace is over and that still run: the sampler thread reads and announces them now. */
    private void endGraces(long now) {
        for (Iterator<Map.Entry<Long, Long>> it = graceEnds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> g = it.next();
            if (now - g.getValue() < 0) return;
            it.remove();
            long pid = g.getKey();
            gather(() -> register(pid), true);
        }
    }

    /** Queues work for the sampler thread; {@code announces}: it is to be handed over (else it waits for what is). */
    private void gather(Sampler.Task task, boolean announces) {
        gathered.add(task);
        announcing |= announces;
    }

    /** The earliest time of the next hand-over. */
    private long handOverAt() {
        return handedOverAt + HANDOVER_MILLIS * 1_000_000;
    }

    private void handOver(long now) {
        announcing = false;
        if (gathered.isEmpty()) return;
        handedOverAt = now;
        sampler.postAll(gathered);
        gathered = new ArrayList<>();
    }

    private void handle(List<ProcessEvent> burst, int i) {
        ProcessEvent e = burst.get(i);
        long pid = e.pid();
        switch (e.kind()) {
            case FORK -> {
                if (!descendants.contains(e.parentPid())) return;
                descendants.add(pid);
                graceEnds.put(pid, System.nanoTime() + BIRTH_GRACE_MILLIS * 1_000_000);
                gather(() -> born(pid, e.parentPid(), e.nanos()), false);
            }
            case EXEC -> {
                if (!descendants.contains(pid) || pid == sampler.selfPid || execsAgain(burst, i)) return;
                String name = null;
                List<String> cmdline = List.of();
                try {
                    OsProcess v = ps.oneshotProcess(pid); // stat and cmdline: two reads
                    name = v.name();
                    // the JDK's launcher in a new child execs the program a moment later: its command line is not read
                    cmdline = name.equals(JDK_LAUNCHER) && graceEnds.containsKey(pid) ? null : v.cmdline();
                } catch (JpsutilException gone) {
                    // exited already (or denies reading): the name of before stays
                }
                String n = name;
                List<String> c = cmdline;
                // within its grace it only renames the fork to be announced; after, it renames an MBean
                if (n != null) gather(() -> execed(pid, n, c), !graceEnds.containsKey(pid));
            }
            case EXIT -> {
                if (pid != sampler.selfPid && descendants.remove(pid)) {
                    graceEnds.remove(pid);
                    gather(() -> ended(pid, e.exitStatus(), e.nanos()), true);
                }
            }
            case LOST -> gather(this::lost, true);
        }
    }

    /** Whether the same burst holds a later exec of the process: the program it becomes now is not the one to read. */
    private static boolean execsAgain(List<ProcessEvent> burst, int i) {
        long pid = burst.get(i).pid();
        for (int j = i + 1; j < burst.size(); j++) {
            ProcessEvent later = burst.get(j);
            if (later.pid() == pid && later.kind() == ProcessEvent.Kind.EXEC) return true;
        }
        return false;
    }

    // ---- applied on the sampler thread, in the order the kernel reported them ------------------

    /**
     * A fork of a descendant. It is announced after a short grace (the reader hands over its
     * registration when the grace ends), once it has had time to become
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

    /** A descendant became another program; {@code cmdline} null: not read (the JDK's launcher in a new child). */
    private void execed(long pid, String name, List<String> cmdline) {
        Birth b = unborn.get(pid);
        if (b != null) {
            b.name = name;
            if (cmdline != null) b.cmdline = cmdline;
            return;
        }
        Tracked t = sampler.tracked.get(pid);
        if (t == null) return;
        t.name = name;
        if (cmdline != null) t.cmdline = cmdline;
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

    /** Stops reading: closing the stream wakes the thread, which ends. */
    @Override
    public void close() {
        stopped = true;
        stream.close();
        if (!started) return;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
