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
    /** The cgroup paths of each tracked pid (as Cgroup.paths gives them), from when it was first seen. */
    private final Map<Long, Map<String, String>> pathsByPid = new ConcurrentHashMap<>();
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
        if (!enabled) return;
        Cgroup c;
        try {
            c = t.handle.cgroup();
        } catch (NoSuchProcess gone) {
            return;
        } catch (RuntimeException e) {
            faults.accept("reading the cgroup of pid " + t.pid(), e);
            return;
        }
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
        if (m != null && m.events().oomKill() >= 0) oomKills.put(c.paths(), m.events().oomKill());
    }

    /**
     * Forgets an exited process and says whether the OOM killer ended it: true when it died by
     * SIGKILL while its cgroup's OOM-kill count rose since the last round; false when it died
     * otherwise; null when that cannot be known (its exit status is unknown, or its cgroup counts no
     * OOM kills).
     */
    Boolean exited(Tracked t, Integer exitStatus) {
        if (!enabled) return null;
        Map<String, String> paths = pathsByPid.get(t.pid());
        forget(t);
        if (exitStatus == null || paths == null) return null;
        if (exitStatus != -9) return false;
        Long before = oomKills.get(paths);
        if (before == null) return null;
        try {
            CgroupMemory now = ps.cgroup(paths).memory();
            if (now == null) return null;
            oomKills.put(paths, now.events().oomKill());
            return now.events().oomKill() > before;
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
