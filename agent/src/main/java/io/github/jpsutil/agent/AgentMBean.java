package io.github.jpsutil.agent;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;

import javax.management.ImmutableDescriptor;
import javax.management.JMException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jpsutil:type=Agent}: the agent itself (options, counters), refresh/watch/unwatch, and the
 * notifications {@value #STARTED} and {@value #EXITED} for every tracked process, whose user data
 * is a CompositeData of pid, name, scope, exitStatus and more (see Types.EVENT).
 */
final class AgentMBean extends OpenDynamicMBean<Sampler> implements NotificationEmitter {
    static final String STARTED = "jpsutil.process.started";
    static final String EXITED = "jpsutil.process.exited";
    static final String VERSION = version();

    static final List<Attr<Sampler>> ATTRS = List.of(
            new Attr<>("Version", SimpleType.STRING, null, "Version of the jpsutil agent", s -> VERSION),
            new Attr<>("Options", SimpleType.STRING, null, "The options in force, every key spelt out", s -> s.options.toString()),
            new Attr<>("IntervalSeconds", SimpleType.DOUBLE, "seconds", "Sampling and discovery period (option interval)",
                    s -> s.options.interval().toMillis() / 1000.0),
            new Attr<>("Children", SimpleType.BOOLEAN, null, "Whether the host's descendants are tracked (option children)",
                    s -> s.options.children()),
            new Attr<>("ReadOnly", SimpleType.BOOLEAN, null,
                    "Whether operations on processes and writable attributes are refused (option readOnly)", s -> s.options.readOnly()),
            new Attr<>("AllowSelfSignals", SimpleType.BOOLEAN, null,
                    "Whether suspend, terminate, kill and sendSignal may target the host JVM (option allowSelfSignals)",
                    s -> s.options.allowSelfSignals()),
            new Attr<>("WatchAny", SimpleType.BOOLEAN, null, "Whether watch admits any process the host's user may read,"
                    + " not only its own user's outside the host's ancestry, session and group leaders (option watch=any)",
                    s -> s.options.watchAny()),
            new Attr<>("RemoteJmx", SimpleType.STRING, null, "The address of the agent's JMX connector (java -jar jpsutil-agent.jar jmx)"
                    + " with its TLS certificate's SHA-256, why it failed to open, or empty", s -> RemoteConnector.status()),
            new Attr<>("RemoteJmxCertificate", SimpleType.STRING, null, "The TLS certificate (PEM) of the agent's JMX connector,"
                    + " for a client's trust store; empty without TLS", s -> RemoteConnector.certificate()),
            new Attr<>("HostPid", SimpleType.LONG, null, "Process id of the host JVM", s -> s.selfPid),
            new Attr<>("TrackedProcesses", SimpleType.INTEGER, null, "Processes with an MBean: the host, its descendants, watched ones",
                    s -> s.tracked.size()),
            new Attr<>("SamplesTotal", SimpleType.LONG, null, "Sampling rounds taken", s -> s.stats.samples.get()),
            new Attr<>("ErrorsTotal", SimpleType.LONG, null, "Faults of the agent while sampling or reading an attribute (not a process that exited or denies access);"
                    + " each kind is also logged once on stderr",
                    s -> s.stats.errors.get()),
            new Attr<>("LastError", SimpleType.STRING, null, "The latest error; empty when there was none", s -> s.stats.lastError),
            new Attr<>("LastSampleDurationSeconds", SimpleType.DOUBLE, "seconds", "How long the latest sampling round took",
                    s -> s.stats.lastSampleSeconds),
            new Attr<>("ExitStatusAvailable", SimpleType.BOOLEAN, null,
                    "Whether exited notifications of the host's children carry their exit status (needs java.lang opened to the agent)",
                    s -> io.github.jpsutil.Psutil.childExitStatusAvailable()),
            new Attr<>("EventSource", SimpleType.STRING, null,
                    "How descendants are found: connector (the kernel's process events: every fork, exec and exit, with exit status)"
                            + " or polling (every interval; processes shorter than that go unseen)", s -> s.eventSource),
            new Attr<>("EventSourceReason", SimpleType.STRING, null, "Why that source: the option, or what the kernel answered",
                    s -> s.eventSourceReason),
            new Attr<>("ProcessesStartedTotal", SimpleType.LONG, null, "Processes announced as started (descendants and watched ones)",
                    s -> s.stats.started.get()),
            new Attr<>("ProcessesExitedTotal", SimpleType.LONG, null, "Processes announced as exited", s -> s.stats.exited.get()),
            new Attr<>("ProcessesExitedNonZeroTotal", SimpleType.LONG, null, "Exited processes whose exit code was not 0",
                    s -> s.stats.exitedNonZero.get()),
            new Attr<>("ProcessesKilledBySignalTotal", SimpleType.LONG, null, "Exited processes that a signal ended",
                    s -> s.stats.killedBySignal.get()),
            new Attr<>("ProcessEventsLostTotal", SimpleType.LONG, null,
                    "Times the kernel dropped process events because the agent fell behind (the exits among them have no status)",
                    s -> s.stats.eventsLost.get()),
            new Attr<>("ExitedProcesses", Types.EXITED_TABLE, null,
                    "The latest exited processes (option exitedKept): what each exit notification said",
                    s -> s.exited.table()));

    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
            new MBeanNotificationInfo(new String[]{STARTED}, Notification.class.getName(),
                    "A process is tracked: a new descendant of the host, or one added with watch. User data: pid, name, scope,"
                            + " ppid, cmdline, createTime (the exit items are null or NaN)"),
            new MBeanNotificationInfo(new String[]{EXITED}, Notification.class.getName(),
                    "A tracked process exited. User data: pid, name, scope, exitStatus (the exit code, or minus the signal number;"
                            + " null when unknown), ppid, cmdline, createTime, exitTime, lifetimeSeconds, exitCode, signal,"
                            + " cpuUserSeconds, cpuSystemSeconds, peakRssBytes, oomKilled"),
    };

    private static final MBeanInfo INFO = new OpenMBeanInfoSupport(AgentMBean.class.getName(),
            "The jpsutil agent: its options and counters, operations to refresh and to watch other processes,"
                    + " and notifications when tracked processes start and exit",
            ATTRS.stream().map(a -> a.info(false)).toArray(OpenMBeanAttributeInfo[]::new),
            new OpenMBeanConstructorInfo[0],
            new OpenMBeanOperationInfo[]{
                    ProcessMBean.op("refresh", "Samples now: CPU windows, exits, new descendants, the cgroup each tracked process is in", new OpenMBeanParameterInfo[0],
                            SimpleType.VOID),
                    ProcessMBean.op("watch", "Tracks another process (scope=watched) until it exits or is unwatched;"
                                    + " returns its ObjectName. Refused, naming the rule, for another user's process, the host's"
                                    + " ancestors and the leaders of its session and process group, unless the agent runs with watch=any."
                                    + " What the agent's user may not read of it fails with AccessDenied",
                            new OpenMBeanParameterInfo[]{pid()}, SimpleType.STRING),
                    ProcessMBean.op("unwatch", "Stops tracking a watched process; false if it was not tracked",
                            new OpenMBeanParameterInfo[]{pid()}, SimpleType.BOOLEAN),
            },
            NOTIFICATIONS, new ImmutableDescriptor("immutableInfo=true"));

    private final Sampler sampler;
    private final NotificationBroadcasterSupport broadcaster = new NotificationBroadcasterSupport(NOTIFICATIONS);
    private final AtomicLong sequence = new AtomicLong();
    /**
     * The registered listeners and how many times each (changed under its own lock, with the
     * broadcaster's list): while it is empty no notification, and no data for one, is made.
     */
    private final java.util.Map<NotificationListener, Integer> listeners = new java.util.concurrent.ConcurrentHashMap<>();

    AgentMBean(Sampler sampler) {
        super(ATTRS, sampler::error, "jpsutil:type=Agent");
        this.sampler = sampler;
    }

    private static OpenMBeanParameterInfoSupport pid() {
        return new OpenMBeanParameterInfoSupport("pid", "Process id", SimpleType.LONG);
    }

    private static String version() {
        try (InputStream in = AgentMBean.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    Sampler read() {
        return sampler;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }

    @Override
    public Object invoke(String op, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        int n = params == null ? 0 : params.length;
        try {
            switch (op + "/" + n) {
                case "refresh/0" -> {
                    sampler.refresh();
                    return null;
                }
                case "watch/1" -> {
                    return watch(pidArg(params[0]));
                }
                case "unwatch/1" -> {
                    return unwatch(pidArg(params[0]));
                }
                default -> throw new ReflectionException(new NoSuchMethodException(op),
                        "no operation " + op + " with " + n + " parameters on jpsutil:type=Agent");
            }
        } catch (RuntimeException e) {
            throw Errors.mbean(e);
        } catch (JMException e) {
            throw new MBeanException(new IllegalStateException(e.toString()), e.toString());
        }
    }

    private String watch(long pid) throws JMException {
        return sampler.onSamplerThread(() -> {
            if (pid == sampler.selfPid) throw new IllegalArgumentException("pid " + pid + " is the host JVM, tracked as scope=self");
            OsProcess p = sampler.ps.process(pid);
            WatchRules.check(p, sampler.self, sampler.options);
            Tracked old = sampler.tracked.get(pid);
            if (old != null) {
                if (p.equals(old.handle) || old.handle == null)
                    throw new IllegalArgumentException("pid " + pid + " is already tracked"
                            + (old.objectName != null ? " as " + old.objectName : ", scope=" + old.scope));
                sampler.retire(old, PolledExit.status(old), 0);
            }
            Tracked t = sampler.track(p, Tracked.WATCHED);
            if (t == null) throw new NoSuchProcess(pid, null, "exited, or is a zombie");
            return t.objectName.toString();
        });
    }

    private boolean unwatch(long pid) throws JMException {
        return sampler.onSamplerThread(() -> {
            Tracked t = sampler.tracked.get(pid);
            if (t == null || !t.registered) return false;
            if (!t.scope.equals(Tracked.WATCHED))
                throw new IllegalArgumentException("pid " + pid + " is tracked as scope=" + t.scope
                        + "; only processes added with watch can be unwatched");
            sampler.forget(t);
            return true;
        });
    }

    private static long pidArg(Object o) {
        if (!(o instanceof Long || o instanceof Integer)) throw new IllegalArgumentException("pid must be a Long, got " + o);
        long pid = ((Number) o).longValue();
        // Linux pids are 1..2^22; 0 and negative numbers mean process groups to kill(2), never one process
        if (pid < 1 || pid > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pid must be between 1 and " + Integer.MAX_VALUE + ", got " + pid);
        return pid;
    }

    /**
     * A started ({@code exit} null) or exited notification, with the data of {@code event} (of
     * {@code t} and {@code exit} when null); nothing is made while no listener is registered.
     */
    void emit(String type, Tracked t, Exit exit, Types.Event event) {
        long seq = sequence.incrementAndGet();
        if (listeners.isEmpty()) return;
        javax.management.openmbean.CompositeData data = (event != null ? event : Types.Event.of(t, exit)).data();
        String what = exit == null ? "started" : (exit.status() == null ? "exited" : "exited with status " + exit.status())
                + (Boolean.TRUE.equals(exit.oomKilled()) ? ", killed by the OOM killer" : "");
        Notification n = new Notification(type, Sampler.AGENT_NAME, seq, System.currentTimeMillis(),
                "process " + t.pid() + " (" + t.name + ", scope=" + t.scope + ") " + what);
        n.setUserData(data);
        broadcaster.sendNotification(n);
    }

    @Override
    public void addNotificationListener(NotificationListener l, NotificationFilter f, Object handback) {
        synchronized (listeners) {
            broadcaster.addNotificationListener(l, f, handback);
            listeners.merge(l, 1, Integer::sum);
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener l) throws ListenerNotFoundException {
        synchronized (listeners) {
            broadcaster.removeNotificationListener(l);
            listeners.remove(l);
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener l, NotificationFilter f, Object handback)
            throws ListenerNotFoundException {
        synchronized (listeners) {
            broadcaster.removeNotificationListener(l, f, handback);
            listeners.computeIfPresent(l, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return NOTIFICATIONS.clone();
    }
}
