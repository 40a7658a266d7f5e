package io.github.jpsutil.agent;

import io.github.jpsutil.IoClass;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.ResourceLimit;
import io.github.jpsutil.Rlimit;
import io.github.jpsutil.Signals;

import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code jpsutil:type=Process,scope=self|child|watched,pid=N}: one process. Its attributes are the
 * catalog's process values ({@link ProcessMetrics}). Every read goes to /proc at read time through
 * one oneshot view per call, so a process that has exited is an error naming NoSuchProcess and the
 * pid; only the sampled values (CpuPercent) come from the sampler.
 */
final class ProcessMBean extends OpenDynamicMBean<ProcessMBean.Read> {
    /** What one getAttribute(s) call reads from: one oneshot view, and the sampler's figures. */
    record Read(OsProcess view, Tracked t) {
    }

    static final String NICE = "Nice";

    static final List<Attr<Read>> ATTRS = Attr.of(ProcessMetrics.ALL, Read::view, r -> r.t().cpuPercent);


    private static final MBeanInfo INFO = info(false);
    private static final MBeanInfo INFO_READ_ONLY = info(true);

    private final Tracked t;
    private final Options options;
    private final long selfPid;

    ProcessMBean(Tracked t, Options options, long selfPid, java.util.function.BiConsumer<String, Throwable> faults) {
        super(ATTRS, faults, "pid " + t.pid());
        this.t = t;
        this.options = options;
        this.selfPid = selfPid;
    }

    @Override
    Read read() {
        OsProcess v = t.handle.oneshot();
        v.ppid(); // reads stat, checking that the pid still holds this process
        return new Read(v, t);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return options.readOnly() ? INFO_READ_ONLY : INFO;
    }

    @Override
    public void setAttribute(Attribute a) throws AttributeNotFoundException, InvalidAttributeValueException,
            MBeanException, ReflectionException {
        if (!NICE.equals(a.getName())) {
            super.setAttribute(a);
            return;
        }
        if (!(a.getValue() instanceof Integer value))
            throw new InvalidAttributeValueException("Nice takes an Integer from -20 to 19, got " + a.getValue());
        writeGuard("setting Nice");
        try {
            t.handle.setNice(value);
        } catch (RuntimeException e) {
            throw Errors.mbean(e);
        }
    }

    @Override
    public Object invoke(String op, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        int n = params == null ? 0 : params.length;
        try {
            switch (op + "/" + n) {
                case "suspend/0" -> {
                    signalGuard(op);
                    t.handle.suspend();
                }
                case "resume/0" -> {
                    writeGuard(op);
                    t.handle.resume();
                }
                case "terminate/0" -> {
                    signalGuard(op);
                    t.handle.terminate();
                }
                case "kill/0" -> {
                    signalGuard(op);
                    t.handle.kill();
                }
                case "sendSignal/1" -> {
                    signalGuard(op);
                    t.handle.sendSignal(Signals.parse(string(params[0], "signal")));
                }
                case "renice/1" -> {
                    writeGuard(op);
                    t.handle.setNice(integer(params[0], "nice"));
                }
                case "setIoNice/2" -> {
                    writeGuard(op);
                    t.handle.setIonice(IoClass.parse(string(params[0], "ioClass")), integer(params[1], "value"));
                }
                case "setCpuAffinity/1" -> {
                    writeGuard(op);
                    t.handle.setCpuAffinity(cpus(string(params[0], "cpus")));
                }
                case "rlimit/1" -> {
                    ResourceLimit l = t.handle.rlimit(Rlimit.parse(string(params[0], "resource")));
                    return new long[]{l.soft(), l.hard()};
                }
                case "setRlimit/3" -> {
                    writeGuard(op);
                    t.handle.setRlimit(Rlimit.parse(string(params[0], "resource")),
                            new ResourceLimit(number(params[1], "soft").longValue(), number(params[2], "hard").longValue()));
                }
                case "setOomScoreAdj/1" -> {
                    writeGuard(op);
                    t.handle.setOomScoreAdj(integer(params[0], "value"));
                }
                case "waitFor/1" -> {
                    return waitFor(number(params[0], "timeoutMillis").longValue());
                }
                default -> throw new ReflectionException(new NoSuchMethodException(op),
                        "no operation " + op + " with " + n + " parameters on a jpsutil Process MBean");
            }
            return null;
        } catch (RuntimeException e) {
            throw Errors.mbean(e);
        }
    }

    /** How long waitFor waits for the agent's record of an exit the library could not learn. */
    private static final long AGENT_EXIT_GRACE_MILLIS = 1000;

    private Integer waitFor(long timeoutMillis) {
        if (timeoutMillis < 0) throw new IllegalArgumentException("timeoutMillis must be 0 or more, got " + timeoutMillis);
        OptionalInt status = t.handle.waitFor(Duration.ofMillis(timeoutMillis));
        if (status.isPresent()) return status.getAsInt();
        // Gone, and reaped before the wait could learn how: the kernel's exit event (every descendant's
        // status) reaches the agent a moment later.
        try {
            return t.exited.get(AGENT_EXIT_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void writeGuard(String what) throws MBeanException {
        if (options.readOnly())
            throw Errors.refused("refused: " + what + " on pid " + t.pid() + ": the jpsutil agent runs with readOnly=true");
    }

    private void signalGuard(String what) throws MBeanException {
        writeGuard(what);
        if (t.pid() == selfPid && !options.allowSelfSignals())
            throw Errors.refused("refused: " + what + " would signal the host JVM itself (pid " + selfPid
                    + "); start the jpsutil agent with allowSelfSignals=true to allow it");
    }

    /** "0,1,3": the CPUs of setCpuAffinity; "" for every CPU, as psutil's empty list. */
    private static List<Integer> cpus(String list) {
        if (list.isBlank()) return List.of();
        List<Integer> out = new java.util.ArrayList<>();
        for (String c : list.split(",")) {
            try {
                out.add(Integer.parseInt(c.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cpus is a list of CPU numbers such as 0,1,3; got '" + list + "'");
            }
        }
        return out;
    }

    private static String string(Object o, String name) {
        if (o instanceof String s) return s;
        throw new IllegalArgumentException(name + " must be a String, got " + describe(o));
    }

    private static Number number(Object o, String name) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return (Number) o;
        throw new IllegalArgumentException(name + " must be an integer, got " + describe(o));
    }

    private static int integer(Object o, String name) {
        long v = number(o, name).longValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " is out of range: " + v);
        return (int) v;
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }

    private static MBeanInfo info(boolean readOnly) {
        OpenMBeanAttributeInfo[] attrs = ATTRS.stream()
                .map(a -> a.info(!readOnly && a.name().equals(NICE)))
                .toArray(OpenMBeanAttributeInfo[]::new);
        String guard = readOnly ? " Refused: the agent runs with readOnly=true." : "";
        String selfGuard = " Refused on the host JVM itself unless the agent runs with allowSelfSignals=true.";
        OpenMBeanParameterInfo[] none = {};
        OpenMBeanOperationInfo[] ops = {
                op("suspend", "Stops the process (SIGSTOP)." + guard + selfGuard, none, SimpleType.VOID),
                op("resume", "Lets a stopped process go on (SIGCONT)." + guard, none, SimpleType.VOID),
                op("terminate", "Asks the process to end (SIGTERM)." + guard + selfGuard, none, SimpleType.VOID),
                op("kill", "Kills the process (SIGKILL)." + guard + selfGuard, none, SimpleType.VOID),
                op("sendSignal", "Sends a signal, by name or number." + guard + selfGuard,
                        new OpenMBeanParameterInfo[]{param("signal", "Signal name or number, e.g. SIGUSR1, USR1 or 10")},
                        SimpleType.VOID),
                op("renice", "Sets the nice value; lowering it needs CAP_SYS_NICE." + guard,
                        new OpenMBeanParameterInfo[]{new OpenMBeanParameterInfoSupport("nice",
                                "Nice value from -20 (highest priority) to 19 (lowest)", SimpleType.INTEGER)},
                        SimpleType.VOID),
                op("setIoNice", "Sets the I/O scheduling class and level; rt needs CAP_SYS_ADMIN." + guard,
                        new OpenMBeanParameterInfo[]{param("ioClass", "none, rt, be or idle"),
                                new OpenMBeanParameterInfoSupport("value",
                                        "Level 0 (highest) to 7 for rt and be; 0 for none and idle", SimpleType.INTEGER)},
                        SimpleType.VOID),
                op("setCpuAffinity", "Lets the process run only on these CPUs (sched_setaffinity)." + guard,
                        new OpenMBeanParameterInfo[]{param("cpus", "CPU numbers separated by commas, e.g. 0,1,3; empty for every CPU")},
                        SimpleType.VOID),
                op("rlimit", "The soft and hard limit of a resource (prlimit), -1 for none (RLIM_INFINITY)",
                        new OpenMBeanParameterInfo[]{param("resource", "RLIMIT_NOFILE, nofile, RLIMIT_AS, ...")},
                        Types.LONG_ARRAY),
                op("setRlimit", "Sets the soft and hard limit of a resource (prlimit); raising the hard limit, or any"
                                + " limit of another user's process, needs CAP_SYS_RESOURCE." + guard,
                        new OpenMBeanParameterInfo[]{param("resource", "RLIMIT_NOFILE, nofile, RLIMIT_AS, ..."),
                                new OpenMBeanParameterInfoSupport("soft", "Soft limit; -1 for none", SimpleType.LONG),
                                new OpenMBeanParameterInfoSupport("hard", "Hard limit; -1 for none", SimpleType.LONG)},
                        SimpleType.VOID),
                op("setOomScoreAdj", "Sets the OOM score adjustment, -1000 to 1000; lowering it needs CAP_SYS_RESOURCE."
                                + guard,
                        new OpenMBeanParameterInfo[]{new OpenMBeanParameterInfoSupport("value",
                                "-1000 (never killed) to 1000 (killed first)", SimpleType.INTEGER)},
                        SimpleType.VOID),
                op("waitFor", "Waits for the process to exit and returns its exit status: the exit code, or minus the"
                                + " signal number that ended it. For a process that is not a child of the host, the wait sleeps"
                                + " in the kernel (a pidfd) and the status is the kernel's where it keeps one (Linux 6.15+, once"
                                + " the parent has reaped it) or, for a descendant whose exit the kernel's process events told the agent, that"
                                + " status; else null. Fails with TimeoutExpired if it still runs after the timeout",
                        new OpenMBeanParameterInfo[]{new OpenMBeanParameterInfoSupport("timeoutMillis",
                                "How long to wait, in milliseconds", SimpleType.LONG)},
                        SimpleType.INTEGER),
        };
        return new OpenMBeanInfoSupport(ProcessMBean.class.getName(),
                "A process: the host JVM (scope=self), a descendant of it (scope=child) or a process added with"
                        + " jpsutil:type=Agent watch(pid) (scope=watched). Values are read from the kernel at read time;"
                        + " a read of a process that has exited fails with NoSuchProcess.",
                attrs, new OpenMBeanConstructorInfo[0], ops, new MBeanNotificationInfo[0],
                new ImmutableDescriptor("immutableInfo=true"));
    }

    private static OpenMBeanParameterInfoSupport param(String name, String description) {
        return new OpenMBeanParameterInfoSupport(name, description, SimpleType.STRING);
    }

    static OpenMBeanOperationInfoSupport op(String name, String description, OpenMBeanParameterInfo[] params,
                                            javax.management.openmbean.OpenType<?> returns) {
        return new OpenMBeanOperationInfoSupport(name, description, params, returns, MBeanOperationInfo.ACTION);
    }
}
