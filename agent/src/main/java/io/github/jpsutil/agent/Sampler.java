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

/**
 * The agent's state and its sampler thread. Every {@code interval} it takes the CPU windows that
 * CpuPercent reports. Descendants come and go by the kernel's process events where the kernel
 * admits the host ({@link EventReader}, option events=auto): each fork, exec and exit, exactly,
 * with the exit status. Otherwise every interval it retires tracked processes that have exited
 * and registers descendants that have appeared (found by walking the kernel's children lists from
 * the host, not by scanning /proc). Everything that changes the set of MBeans or announces a
 * process runs on the sampler thread; JMX calls and the event reader hand their work over.
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
    final ExitedProcesses exited;
    volatile double systemCpuPercent;
    /** Null while descendants are found by looking. */
    private volatile EventReader events;
    /** Which source finds descendants, and why that one. */
    volatile String eventSource = "polling", eventSourceReason = "";

    private final SamplerThread thread = new SamplerThread();
    private SystemCpuTimes lastSystemCpu = NO_SYSTEM_CPU;
    private final List<ObjectName> registered = new ArrayList<>();
    private final CgroupWatch cgroups;
    private final Devices devices;
    /**
     * With events=auto, the exits that no process event tells (watched processes; descendants where
     * the connector is refused), on pidfds; events=poll finds every exit by looking.
     */
    private final io.github.jpsutil.ExitWatch exitWatch;

    Sampler(Psutil ps, MBeanServer server, Options options) {
        this.ps = ps;
        this.server = server;
        this.options = options;
        this.self = ps.self();
        this.selfPid = self.pid();
        this.cpus = ps.cpuCount();
        this.agentBean = new AgentMBean(this);
        this.exited = new ExitedProcesses(options.exitedKept());
        this.cgroups = new CgroupWatch(ps, server, this::error, options.cgroups());
        this.devices = new Devices(ps, server, this::error);
        this.exitWatch = ps.exitWatch();
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the MBeans, subscribes to process events, takes the first sample, then samples every interval. */
    void start() throws JMException {
        try {
            onSamplerThread(() -> {
                try {
                    server.registerMBean(new SystemMBean(ps, () -> systemCpuPercent, this::error), SYSTEM_NAME);
                    registered.add(SYSTEM_NAME);
                    if (track(self, Tracked.SELF) == null)
                        throw new IllegalStateException("cannot read the host process " + selfPid);
                    openEvents(); // before the first look, so that nothing starts unseen in between
                    if (options.children() && events != null) discover(); // those that were there before the events began
                    sample(); // (which looks for descendants itself when there are no events)
                    server.registerMBean(agentBean, AGENT_NAME); // last: once it is there, so is everything else
                    registered.add(AGENT_NAME);
                    if (events != null) events.start();
                } catch (JMException | RuntimeException e) {
                    closeEvents();
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

    private void openEvents() {
        if (!options.children()) {
            eventSourceReason = "descendants are not tracked (option children=false)";
            return;
        }
        if (options.events() == Options.Events.POLL) {
            eventSourceReason = "option events=poll";
            return;
        }
        if (!nativeAccessQuiet()) {
            eventSourceReason = "native access is not enabled for the agent (Java " + Runtime.version().feature()
                    + " would print a warning in the host; --enable-native-access=ALL-UNNAMED allows it); looking every interval instead";
            return;
        }
        try {
            events = new EventReader(ps.processEvents(), ps, this);
            eventSource = "connector";
            eventSourceReason = "the kernel admits this process to its process events connector";
        } catch (RuntimeException e) {
            eventSourceReason = Errors.message(e) + "; looking every interval instead";
        }
    }

    /**
     * Whether the native calls of the events (JNA loading its library) stay silent: before Java 24
     * always; from 24 on only where native access is enabled for the agent's code (JNA shares its
     * class loader), else the JDK warns on the host's stderr.
     */
    private static boolean nativeAccessQuiet() {
        if (Runtime.version().feature() < 24) return true;
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(Sampler.class.getModule());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private void closeEvents() {
        EventReader r = events;
        events = null;
        if (r != null) r.close();
    }

    /** Stops sampling and unregisters every MBean of the agent. */
    @Override
    public void close() {
        closeEvents();
        exitWatch.close();
        thread.close();
        unregisterAll();
    }

    private void unregisterAll() {
        cgroups.close();
        for (Tracked t : tracked.values()) if (t.registered) unregister(t.objectName);
        tracked.clear();
        for (ObjectName n : registered) unregister(n);
        registered.clear();
        devices.close();
    }

    /** Runs the task on the sampler thread and waits for it, passing its exceptions on. */
    <T> T onSamplerThread(java.util.concurrent.Callable<T> task) throws JMException {
        return thread.run(task);
    }

    /** Work for the sampler thread that may fail. */
    interface Task {
        void run() throws Exception;
    }

    /** Queues work for the sampler thread (from the event reader); a failure is the agent's error. */
    void post(Task task) {
        thread.post(() -> safely(task));
    }

    /** Queues the tasks, in order, to run at one wake-up of the sampler thread; each failure is the agent's error. */
    void postAll(List<Task> tasks) {
        thread.post(() -> tasks.forEach(this::safely));
    }

    private void safely(Task task) {
        try {
            task.run();
        } catch (Throwable e) {
            error("handling a process event", e);
        }
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
        if (options.children() && events == null) discover();
        devices.sample();
        stats.samples.incrementAndGet();
        stats.lastSampleSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The Agent's refresh: a sampling round, a new look at each tracked process' cgroup, and with the
     * kernel's events a look for descendants too, so that one started a moment ago has its MBean at once.
     */
    void refresh() throws JMException {
        onSamplerThread(() -> {
            for (Tracked t : tracked.values()) cgroups.recheck(t);
            sample();
            if (options.children() && events != null) discover();
            return null;
        });
    }

    /**
     * Whether the process' exit comes from the kernel's events (so looking must not retire it: its
     * exit event may be on its way to this thread).
     */
    private boolean exitComes(Tracked t) {
        return events != null && t.scope.equals(Tracked.CHILD) || t.exitWatched;
    }

    private void update(Tracked t) {
        if (t.handle == null) return; // gone before it could be read; its exit event is on the way
        OsProcess v = t.handle.oneshot();
        try {
            if (v.status() == Status.ZOMBIE && !t.scope.equals(Tracked.SELF)) {
                if (!exitComes(t)) retire(t, PolledExit.status(t), 0); // exited; its parent has not reaped it yet
                return;
            }
            if (t.hostChild && events == null) t.handle.exitStatus(); // taken while it runs: the JDK forgets a reaped child
            t.nextCpu(v.cpuTimes(), System.nanoTime());
            if (options.namedObjects() && !v.name().equals(t.name)) { // an exec that no event told
                t.name = v.name();
                renamed(t);
            }
            t.rss(v.memoryInfo().rss());
        } catch (NoSuchProcess e) {
            if (t.scope.equals(Tracked.SELF)) error("reading the host process", e);
            else if (!exitComes(t)) retire(t, PolledExit.status(t), 0);
        } catch (RuntimeException e) {
            error("sampling pid " + t.pid(), e);
        }
    }

    void discover() {
        List<OsProcess> found;
        try {
            found = self.children(true);
        } catch (RuntimeException e) {
            error("listing the host's descendants", e);
            return;
        }
        EventReader r = events;
        for (OsProcess p : found) {
            if (r != null) r.adopt(p.pid());
            Tracked old = tracked.get(p.pid());
            if (old != null) {
                if (p.equals(old.handle) || old.handle == null) continue;
                retire(old, PolledExit.status(old), 0); // the pid now holds another process, so the one we knew is gone
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
        Tracked t = read(p, scope, 0);
        if (t == null) return null;
        if (t.hostChild && events == null) PolledExit.awaitJdkBookkeeping(p);
        announce(t);
        return t;
    }

    /** A tracked process from a reading of it; null when it is gone or a zombie. */
    Tracked read(OsProcess p, String scope, long forkNanos) {
        OsProcess v = p.oneshot();
        try {
            if (v.status() == Status.ZOMBIE && !scope.equals(Tracked.SELF)) return null;
            CpuTimes cpu = v.cpuTimes();
            double created = v.createTime();
            long ppid = v.ppid();
            Tracked t = new Tracked(p, p.pid(), ppid, scope, ppid == selfPid, created, forkNanos, v.name(), v.cmdline());
            t.firstCpu(cpu, System.nanoTime(), System.currentTimeMillis() / 1000.0 - created, cpus);
            t.rss(v.memoryInfo().rss());
            return t;
        } catch (NoSuchProcess e) {
            return null;
        }
    }

    /** Registers its MBean when it can be read, keeps it, and announces it (the host is not announced). */
    void announce(Tracked t) throws JMException {
        if (t.handle != null) {
            t.objectName = Tracked.objectName(t.scope, options.namedObjects() ? t.name : null, t.pid);
            server.registerMBean(new ProcessMBean(t, options, selfPid, this::error), t.objectName);
            t.registered = true;
            cgroups.tracked(t);
            if (options.events() == Options.Events.AUTO && !t.scope.equals(Tracked.SELF) && !exitComes(t))
                t.exitWatched = watchExit(t);
        }
        tracked.put(t.pid, t);
        if (t.scope.equals(Tracked.SELF)) return;
        stats.started.incrementAndGet();
        agentBean.emit(AgentMBean.STARTED, t, null, null);
    }

    /** Drops a process that has exited and announces it, with its exit status when known. */
    void retire(Tracked t, Integer status, long exitNanos) {
        if (!drop(t)) return;
        Exit exit = Exit.of(status, exitNanos, t, cgroups.exited(t, status));
        stats.exited(status);
        Types.Event event = Types.Event.of(t, exit);
        exited.add(event);
        t.exited.complete(status);
        agentBean.emit(AgentMBean.EXITED, t, exit, event);
        FlightEvents.exited(t, exit);
    }

    /** A tracked process became another program: it may have moved to another cgroup first. */
    void execed(Tracked t) {
        cgroups.recheck(t);
        renamed(t);
    }

    /**
     * With objectNames=name, moves the process' MBean to the name it has now (an exec changed it);
     * JMX clients see it unregistered, then registered under its new name.
     */
    private void renamed(Tracked t) {
        if (!options.namedObjects() || !t.registered) return;
        ObjectName now = Tracked.objectName(t.scope, t.name, t.pid);
        if (now.equals(t.objectName)) return;
        unregister(t.objectName);
        t.objectName = now;
        try {
            server.registerMBean(new ProcessMBean(t, options, selfPid, this::error), now);
        } catch (JMException | RuntimeException e) {
            t.registered = false;
            error("tracking pid " + t.pid + " as " + now, e);
        }
    }

    /** Stops tracking a process that still runs (unwatch), without announcing it. */
    void forget(Tracked t) {
        if (drop(t)) cgroups.forget(t);
    }

    /** Takes it out of the tracked set, with its MBean and its pidfd; false when it was not tracked. */
    private boolean drop(Tracked t) {
        if (!tracked.remove(t.pid, t)) return false;
        if (t.registered) unregister(t.objectName);
        if (t.exitWatched) exitWatch.remove(t.handle);
        return true;
    }

    /**
     * Has the kernel tell the process' end through a pidfd, at once and with its status where the
     * kernel keeps one (6.15+); false where it cannot (the sampler then finds the exit by looking).
     */
    private boolean watchExit(Tracked t) {
        try {
            return exitWatch.add(t.handle, status -> post(() -> retire(t,
                    status.isPresent() ? Integer.valueOf(status.getAsInt()) : PolledExit.status(t), System.nanoTime())));
        } catch (RuntimeException e) {
            error("watching the exit of pid " + t.pid, e);
            return false;
        }
    }

    /** The event stream broke: back to looking every interval. */
    void eventsFailed(Throwable e) {
        error("reading process events", e);
        events = null;
        eventSource = "polling";
        eventSourceReason = "the process events connector failed (" + Errors.message(e) + "); looking every interval instead";
        discover();
    }

    void unregister(ObjectName n) {
        try {
            server.unregisterMBean(n);
        } catch (InstanceNotFoundException e) {
            // someone unregistered it already
        } catch (JMException | RuntimeException e) {
            error("unregistering " + n, e);
        }
    }

    void error(String where, Throwable e) {
        stats.error(where, e);
    }
}
