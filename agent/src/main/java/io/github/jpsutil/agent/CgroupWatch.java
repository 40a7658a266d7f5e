package io.github.jpsutil.agent;

import io.github.jpsutil.Cgroup;
import io.github.jpsutil.CgroupMemory;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.Psutil;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The cgroups of the tracked processes, for the sampler thread: a Container MBean for each process
 * whose cgroup is not the host JVM's, and the OOM-kill count of each cgroup, read once per cgroup
 * per sampling round, so that an exit by SIGKILL while that count rose is told as an OOM kill.
 */
final class CgroupWatch {
    private final Psutil ps;
    private final MBeanServer server;
    private final BiConsumer<String, Throwable> faults;
    /** The cgroup paths of each tracked pid (as Cgroup.paths gives them), as last looked at. */
    private final Map<Long, Map<String, String>> pathsByPid = new ConcurrentHashMap<>();
    /** The OOM kills each cgroup had at the last look; absent for a cgroup without a memory controller. */
    private final Map<Map<String, String>, OomKills> oomKills = new ConcurrentHashMap<>();

    /**
     * How long after a rise of the count was seen an exit may still be its victim's: the OOM killer's
     * SIGKILL comes first, the exit (freeing the victim's memory) some milliseconds later.
     */
    private static final long KILL_TO_EXIT_NANOS = 1_000_000_000L;

    /**
     * A cgroup's OOM-kill count as last seen (at {@code seenNanos}, System.nanoTime); the window
     * between two looks in which it last rose ({@code roseAfter} to {@code roseBy}); and how many of
     * those kills no exit has been told as yet ({@code unclaimed}).
     */
    private record OomKills(long count, long seenNanos, long roseAfter, long roseBy, long unclaimed) {
        OomKills next(long now, long nanos) {
            return now > count ? new OomKills(now, nanos, seenNanos, nanos, now - count)
                    : new OomKills(now, nanos, roseAfter, roseBy, unclaimed);
        }

        /** Whether an exit at {@code exitNanos} follows a kill of the latest rise that no other exit took. */
        boolean follows(long exitNanos) {
            return unclaimed > 0 && exitNanos > roseAfter && exitNanos <= roseBy + KILL_TO_EXIT_NANOS;
        }

        OomKills claimOne() {
            return new OomKills(count, seenNanos, roseAfter, roseBy, unclaimed - 1);
        }
    }

    private final Map<Long, ObjectName> containers = new ConcurrentHashMap<>();
    private Map<String, String> selfPaths;
    /** Off (option cgroups=false): no Container MBeans, no cgroup reads, no OOM attribution. */
    private final boolean enabled;

    CgroupWatch(Psutil ps, MBeanServer server, BiConsumer<String, Throwable> faults, boolean enabled) {
        this.ps = ps;
        this.server = server;
        this.faults = faults;
        this.enabled = enabled;
    }

    /**
     * Notes a newly tracked process' cgroup; registers a Container MBean when it is not the JVM's own.
     * A cgroup that cannot be read is counted as a fault; the process stays tracked without it.
     */
    void tracked(Tracked t) {
        Cgroup c = read(t);
        if (c != null) tracked(t, c);
    }

    /**
     * Looks again at a tracked process' cgroup (after an exec, or on refresh): a process is often
     * moved to its own cgroup just after it was started (as container runtimes, cgexec and
     * systemd-run do), and its figures and OOM kills are those of where it is now.
     */
    void recheck(Tracked t) {
        if (!pathsByPid.containsKey(t.pid())) return;
        Cgroup c = read(t);
        if (c == null || c.paths().equals(pathsByPid.get(t.pid()))) return;
        forget(t);
        tracked(t, c);
    }

    /** The process' cgroup; null when off, gone, or unreadable (a fault). */
    private Cgroup read(Tracked t) {
        if (!enabled || t.handle == null) return null;
        try {
            return t.handle.cgroup();
        } catch (NoSuchProcess gone) {
            return null;
        } catch (RuntimeException e) {
            faults.accept("reading the cgroup of pid " + t.pid(), e);
            return null;
        }
    }

    private void tracked(Tracked t, Cgroup c) {
        pathsByPid.put(t.pid(), c.paths());
        remember(c);
        if (t.scope.equals(Tracked.SELF)) {
            selfPaths = c.paths();
            register(t, ContainerMBean.objectName(Tracked.SELF, t.pid()));
        } else if (!c.paths().equals(selfPaths)) {
            register(t, ContainerMBean.objectName(t.scope, t.pid()));
        }
    }

    private void register(Tracked t, ObjectName name) {
        try {
            server.registerMBean(new ContainerMBean(t.handle, name.toString(), faults), name);
            containers.put(t.pid(), name);
        } catch (JMException e) {
            faults.accept("registering " + name, e);
        }
    }

    /** Forgets a process that is no longer tracked, and unregisters its Container MBean. */
    void forget(Tracked t) {
        pathsByPid.remove(t.pid());
        ObjectName container = containers.remove(t.pid());
        if (container != null) unregister(container);
    }

    /** Once per sampling round: the OOM-kill count of each cgroup a tracked process is in. */
    void sample() {
        if (!enabled) return;
        for (Map<String, String> paths : new java.util.HashSet<>(pathsByPid.values())) {
            try {
                remember(ps.cgroup(paths));
            } catch (RuntimeException e) {
                faults.accept("reading cgroup " + paths, e);
            }
        }
    }

    private void remember(Cgroup c) {
        CgroupMemory m = c.memory();
        if (m == null || m.events().oomKill() < 0) return;
        long nanos = System.nanoTime();
        oomKills.merge(c.paths(), new OomKills(m.events().oomKill(), nanos, 0, 0, 0),
                (old, fresh) -> old.next(fresh.count(), nanos));
    }

    /**
     * Forgets an exited process and says whether the OOM killer ended it: true when it died by
     * SIGKILL at a moment ({@code exitNanos}, from the kernel's exit event; 0 when found by looking,
     * then now) just after its cgroup's OOM-kill count was seen rising, by a kill that no other exit
     * took; false when it died otherwise; null when that cannot be known (its exit status is
     * unknown, or its cgroup counts no OOM kills).
     */
    Boolean exited(Tracked t, Integer exitStatus, long exitNanos) {
        if (!enabled) return null;
        Map<String, String> paths = pathsByPid.get(t.pid());
        forget(t);
        if (exitStatus == null || paths == null) return null;
        if (exitStatus != -9) return false;
        if (!oomKills.containsKey(paths)) return null;
        try {
            Cgroup c = ps.cgroup(paths);
            if (c.memory() == null) return null;
            remember(c); // a rise since the last look is the latest, seen now
            OomKills k = oomKills.get(paths);
            boolean oom = k.follows(exitNanos > 0 ? exitNanos : System.nanoTime());
            if (oom) oomKills.put(paths, k.claimOne());
            return oom;
        } catch (RuntimeException e) {
            faults.accept("reading cgroup " + paths + " of exited pid " + t.pid(), e);
            return null;
        } finally {
            if (!pathsByPid.containsValue(paths)) oomKills.remove(paths);
        }
    }

    /** Unregisters every Container MBean (the agent is stopping). */
    void close() {
        for (ObjectName n : new HashMap<>(containers).values()) unregister(n);
        containers.clear();
        pathsByPid.clear();
        oomKills.clear();
    }

    private void unregister(ObjectName n) {
        try {
            server.unregisterMBean(n);
        } catch (javax.management.InstanceNotFoundException e) {
            // unregistered already
        } catch (JMException e) {
            faults.accept("unregistering " + n, e);
        }
    }
}
