package io.github.jpsutil.agent;

import io.github.jpsutil.CpuPercent;
import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Status;
import io.github.jpsutil.SystemCpuTimes;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's one thread and its state. Every {@code interval} it takes the CPU windows that
 * CpuPercent reports, retires tracked processes that have exited and registers descendants that
 * have appeared (found by walking the kernel's children lists from the host, not by scanning
 * /proc). Everything that changes the set of MBeans runs on this thread; JMX calls that need it
 * (refresh, watch, unwatch) hand their work over and wait.
 */
final class Sampler implements AutoCloseable {
    static final ObjectName SYSTEM_NAME = name("jpsutil:type=System");
    static final ObjectName AGENT_NAME = name("jpsutil:type=Agent");
    private static final SystemCpuTimes NO_SYSTEM_CPU = new SystemCpuTimes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    final Psutil ps;
    final MBeanServer server;
    final Options options;
    final OsProcess self;
    final long selfPid;
    private final int cpus;
    final AgentMBean agentBean;
    final ConcurrentHashMap<Long, Tracked> tracked = new ConcurrentHashMap<>();
    final AgentStats stats = new AgentStats();
    volatile double systemCpuPercent;

    private final SamplerThread thread = new SamplerThread();
    private SystemCpuTimes lastSystemCpu = NO_SYSTEM_CPU;
    private final List<ObjectName> registered = new ArrayList<>();
    private final CgroupWatch cgroups;
    private final Devices devices;

    Sampler(Psutil ps, MBeanServer server, Options options) {
        this.ps = ps;
        this.server = server;
        this.options = options;
        this.self = ps.self();
        this.selfPid = self.pid();
        this.cpus = ps.cpuCount();
        this.agentBean = new AgentMBean(this);
        this.cgroups = new CgroupWatch(ps, server, this::error, options.cgroups());
        this.devices = new Devices(ps, server, this::error);
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the MBeans, takes the first sample, then samples every interval. */
    void start() throws JMException {
        try {
            onSamplerThread(() -> {
                try {
                    server.registerMBean(new SystemMBean(ps, () -> systemCpuPercent, this::error), SYSTEM_NAME);
                    registered.add(SYSTEM_NAME);
                    server.registerMBean(agentBean, AGENT_NAME);
                    registered.add(AGENT_NAME);
                    if (track(self, Tracked.SELF) == null)
                        throw new IllegalStateException("cannot read the host process " + selfPid);
                    sample();
                } catch (JMException | RuntimeException e) {
                    unregisterAll();
                    throw e;
                }
                return null;
            });
        } catch (JMException | RuntimeException e) {
            thread.close(); // nothing of the agent stays behind
            throw e;
        }
        thread.every(options.interval().toMillis(), this::sampleSafely);
    }

    /** Stops sampling and unregisters every MBean of the agent. */
    @Override
    public void close() {
        thread.close();
        unregisterAll();
    }

    private void unregisterAll() {
        cgroups.close();
        for (Tracked t : tracked.values()) unregister(t.objectName);
        tracked.clear();
        for (ObjectName n : registered) unregister(n);
        registered.clear();
        devices.close();
    }

    /** Runs the task on the sampler thread and waits for it, passing its exceptions on. */
    <T> T onSamplerThread(java.util.concurrent.Callable<T> task) throws JMException {
        return thread.run(task);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (Throwable e) { // the schedule would stop on an exception
            error("sampling", e);
        }
    }

    /** One round: system CPU window, each tracked process' window or exit, then new descendants. */
    void sample() {
        long t0 = System.nanoTime();
        try {
            SystemCpuTimes now = ps.cpuTimes();
            systemCpuPercent = CpuPercent.ofMachine(lastSystemCpu, now);
            lastSystemCpu = now;
        } catch (RuntimeException e) {
            error("reading system CPU times", e);
        }
        for (Tracked t : new ArrayList<>(tracked.values())) update(t);
        cgroups.sample();
        if (options.children()) discover();
        devices.sample();
        stats.samples.incrementAndGet();
        stats.lastSampleSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private void update(Tracked t) {
        OsProcess v = t.handle.oneshot();
        try {
            if (v.status() == Status.ZOMBIE && !t.scope.equals(Tracked.SELF)) {
                retire(t); // exited; its parent has not reaped it yet
                return;
            }
            if (t.hostChild) t.handle.exitStatus(); // taken while it runs: the JDK forgets a reaped child
            t.nextCpu(v.cpuTimes(), System.nanoTime());
        } catch (NoSuchProcess e) {
            if (t.scope.equals(Tracked.SELF)) error("reading the host process", e);
            else retire(t);
        } catch (RuntimeException e) {
            error("sampling pid " + t.pid(), e);
        }
    }

    private void discover() {
        List<OsProcess> found;
        try {
            found = self.children(true);
        } catch (RuntimeException e) {
            error("listing the host's descendants", e);
            return;
        }
        for (OsProcess p : found) {
            Tracked old = tracked.get(p.pid());
            if (old != null) {
                if (old.handle.equals(p)) continue;
                retire(old); // the pid now holds another process, so the one we knew is gone
            }
            try {
                track(p, Tracked.CHILD);
            } catch (JpsutilException | JMException e) {
                error("tracking pid " + p.pid(), e);
            }
        }
    }

    /**
     * Registers an MBean for the process and announces it; null when it exited (or is a zombie)
     * before it could be read.
     */
    Tracked track(OsProcess p, String scope) throws JMException {
        OsProcess v = p.oneshot();
        String name;
        CpuTimes cpu;
        double created;
        long ppid;
        try {
            if (v.status() == Status.ZOMBIE && !scope.equals(Tracked.SELF)) return null;
            name = v.name();
            cpu = v.cpuTimes();
            created = v.createTime();
            ppid = v.ppid();
        } catch (NoSuchProcess e) {
            return null;
        }
        Tracked t = new Tracked(p, scope, Tracked.objectName(scope, p.pid()), name, ppid == selfPid);
        if (t.hostChild && Psutil.childExitStatusAvailable()) {
            // Found between the JDK's fork and its bookkeeping: give it a few ms, or try again next sample.
            for (int i = 0; i < 5 && p.exitStatus().isEmpty(); i++) pause(2);
        }
        t.firstCpu(cpu, System.nanoTime(), System.currentTimeMillis() / 1000.0 - created, cpus);
        server.registerMBean(new ProcessMBean(t, options, selfPid, this::error), t.objectName);
        tracked.put(p.pid(), t);
        cgroups.tracked(t);
        if (!scope.equals(Tracked.SELF)) agentBean.emit(AgentMBean.STARTED, t, null);
        return t;
    }

    /** Drops a process that has exited and announces it, with its exit status when the host is its parent. */
    private void retire(Tracked t) {
        if (!tracked.remove(t.pid(), t)) return;
        unregister(t.objectName);
        Integer status = exitStatus(t);
        agentBean.emit(AgentMBean.EXITED, t, status, cgroups.exited(t, status));
        FlightEvents.exited(t, status);
    }

    private static Integer exitStatus(Tracked t) {
        if (!t.hostChild) return null;
        java.util.concurrent.CompletableFuture<Integer> exit = t.handle.exitStatus().orElse(null);
        if (exit == null) return null;
        try {
            // The JDK's reaper completes it right after the wait that made the pid vanish.
            return exit.get(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unregister(ObjectName n) {
        try {
            server.unregisterMBean(n);
        } catch (InstanceNotFoundException e) {
            // someone unregistered it already
        } catch (JMException | RuntimeException e) {
            error("unregistering " + n, e);
        }
    }

    // ---- what jpsutil:type=Agent offers ---------------------------------------------------------

    void refresh() throws JMException {
        onSamplerThread(() -> {
            sample();
            return null;
        });
    }

    String watch(long pid) throws JMException {
        return onSamplerThread(() -> {
            if (pid == selfPid) throw new IllegalArgumentException("pid " + pid + " is the host JVM, tracked as scope=self");
            OsProcess p = ps.process(pid);
            WatchRules.check(p, self, options);
            Tracked old = tracked.get(pid);
            if (old != null) {
                if (old.handle.equals(p))
                    throw new IllegalArgumentException("pid " + pid + " is already tracked as " + old.objectName);
                retire(old);
            }
            Tracked t = track(p, Tracked.WATCHED);
            if (t == null) throw new NoSuchProcess(pid, null, "exited, or is a zombie");
            return t.objectName.toString();
        });
    }

    boolean unwatch(long pid) throws JMException {
        return onSamplerThread(() -> {
            Tracked t = tracked.get(pid);
            if (t == null) return false;
            if (!t.scope.equals(Tracked.WATCHED))
                throw new IllegalArgumentException("pid " + pid + " is tracked as scope=" + t.scope
                        + "; only processes added with watch can be unwatched");
            tracked.remove(pid, t);
            unregister(t.objectName);
            cgroups.forget(t);
            return true;
        });
    }

    void error(String where, Throwable e) {
        stats.error(where, e);
    }
}
