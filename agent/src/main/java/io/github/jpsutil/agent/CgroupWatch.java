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
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The cgroups of the tracked processes, for the sampler thread: a Container MBean for each process
 * whose cgroup is not the host JVM's, and the OOM-kill count of each cgroup, read once per cgroup
 * per sampling round. Each process' handle keeps its own reading of that count from while it ran
 * (taken when it is first tracked, and again when a round finds the count risen), and the library
 * tells from it whether an exit was an OOM kill ({@link io.github.jpsutil.OsProcess#attributeExit}).
 */
final class CgroupWatch {
    private final Psutil ps;
    private final MBeanServer server;
    private final BiConsumer<String, Throwable> faults;
    /**
     * Each tracked process with the cgroup paths it was last seen in (as Cgroup.paths gives them); its
     * handle keeps the readings its exit is judged by.
     */
    private record Member(Tracked t, Map<String, String> paths) {
    }

    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    /** The OOM kills each cgroup had at the last round; absent for a cgroup without a memory controller. */
    private final Map<Map<String, String>, Long> oomKills = new ConcurrentHashMap<>();
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
     * Looks again at a tracked process' cgroup (after an exec, and on refresh): a process is often
     * moved to a cgroup of its own just after its start (as container runtimes, cgexec and
     * systemd-run do), and its figures and OOM kills are those of where it is now.
     */
    void recheck(Tracked t) {
        Member m = members.get(t.pid());
        if (m == null) return;
        Cgroup c = read(t);
        if (c == null || c.paths().equals(m.paths())) return;
        forget(t);
        tracked(t, c);
    }

    /** The process' cgroup (a reading its handle keeps); null when off, gone, or unreadable (a fault). */
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
        members.put(t.pid(), new Member(t, c.paths()));
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
        members.remove(t.pid());
        ObjectName container = containers.remove(t.pid());
        if (container != null) unregister(container);
    }

    /**
     * Once per sampling round: the OOM-kill count of each cgroup a tracked process is in. Where it
     * rose, each process of that cgroup reads its cgroup again, so that the handles of those that
     * still run hold the new count and only the one the OOM killer took keeps the count from before.
     */
    void sample() {
        if (!enabled) return;
        for (Map<String, String> paths : members.values().stream().map(Member::paths).collect(java.util.stream.Collectors.toSet())) {
            try {
                Long before = oomKills.get(paths);
                remember(ps.cgroup(paths));
                if (before != null && !before.equals(oomKills.get(paths))) readAgain(paths);
            } catch (RuntimeException e) {
                faults.accept("reading cgroup " + paths, e);
            }
        }
    }

    private void readAgain(Map<String, String> paths) {
        for (Member m : members.values()) {
            if (!m.paths().equals(paths)) continue;
            try {
                m.t().handle.cgroup();
            } catch (NoSuchProcess gone) {
                // its exit is told at its retirement
            } catch (RuntimeException e) {
                faults.accept("reading the cgroup of pid " + m.t().pid(), e);
            }
        }
    }

    private void remember(Cgroup c) {
        CgroupMemory m = c.memory();
        if (m != null && m.events().oomKill() >= 0) oomKills.put(c.paths(), m.events().oomKill());
    }

    /**
     * Forgets an exited process and says whether the OOM killer ended it, as its handle judges
     * from its readings ({@link io.github.jpsutil.OsProcess#attributeExit}): true, false, or null
     * when that cannot be known.
     */
    Boolean exited(Tracked t, Integer exitStatus) {
        if (!enabled) return null;
        Member m = members.get(t.pid());
        forget(t);
        if (m != null && members.values().stream().noneMatch(o -> o.paths().equals(m.paths()))) oomKills.remove(m.paths());
        if (t.handle == null) return null; // ended before it could be read: no reading to judge by
        try {
            return t.handle.attributeExit(exitStatus == null ? OptionalInt.empty() : OptionalInt.of(exitStatus)).oomKilled().asBoolean();
        } catch (RuntimeException e) {
            faults.accept("reading the cgroup of exited pid " + t.pid(), e);
            return null;
        }
    }

    /** Unregisters every Container MBean (the agent is stopping). */
    void close() {
        for (ObjectName n : new HashMap<>(containers).values()) unregister(n);
        containers.clear();
        members.clear();
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
