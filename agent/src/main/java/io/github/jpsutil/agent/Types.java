package io.github.jpsutil.agent;

import io.github.jpsutil.Metric;

import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open types of the agent's values: each catalog value's type (tables as TabularData built
 * from the catalog's columns), and the notifications' user data.
 */
final class Types {
    static final ArrayType<String[]> STRING_ARRAY;
    static final ArrayType<long[]> LONG_ARRAY;
    /** A {@link Metric.Type#STRING_MAP}: one row per name. */
    static final TabularType STRING_MAP;
    static final ArrayType<double[]> DOUBLE_ARRAY;
    static final CompositeType EVENT;
    static final TabularType EXITED_TABLE;
    /** The TabularType of each table value, made once. */
    private static final Map<Metric.Table<?>, TabularType> TABLES = new ConcurrentHashMap<>();

    static {
        try {
            STRING_ARRAY = ArrayType.getArrayType(SimpleType.STRING);
            LONG_ARRAY = ArrayType.getPrimitiveArrayType(long[].class);
            STRING_MAP = new TabularType("jpsutil.Variables", "Names and their values",
                    new CompositeType("jpsutil.Variable", "A name and its value", new String[]{"name", "value"},
                            new String[]{"The name", "Its value"}, new OpenType<?>[]{SimpleType.STRING, SimpleType.STRING}),
                    new String[]{"name"});
            DOUBLE_ARRAY = ArrayType.getPrimitiveArrayType(double[].class);
            EVENT = new CompositeType("jpsutil.ProcessEvent", "A tracked process that started or exited",
                    new String[]{"pid", "name", "scope", "exitStatus", "ppid", "cmdline", "createTime", "exitTime",
                            "lifetimeSeconds", "exitCode", "signal", "cpuUserSeconds", "cpuSystemSeconds", "peakRssBytes", "oomKilled"},
                    new String[]{"Process id", "Process name (the last one seen: an exec changes it)", "self, child or watched",
                            "Exit status: the exit code, or minus the signal number that ended it;"
                                    + " null when the process started, or when its status cannot be known",
                            "Parent process id", "Command line, arguments joined by spaces (the last one seen; empty when never read)",
                            "Start time, seconds since the epoch; NaN when unknown",
                            "Exit time, seconds since the epoch; NaN when the process started",
                            "How long the process lived, in seconds; NaN when the process started or its start is unknown",
                            "Exit code when it exited by itself; null when killed by a signal, or unknown",
                            "The signal that ended it; null when it exited by itself, or unknown",
                            "User CPU seconds at the agent's last reading; NaN when never read",
                            "System CPU seconds at the agent's last reading; NaN when never read",
                            "Largest resident set size the agent saw, in bytes; -1 when never read",
                            "Whether the OOM killer ended it: it died by SIGKILL while its cgroup's OOM-kill count rose;"
                                    + " null when the process started, or when that cannot be known"},
                    new OpenType<?>[]{SimpleType.LONG, SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.LONG,
                            SimpleType.STRING, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INTEGER,
                            SimpleType.INTEGER, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.LONG, SimpleType.BOOLEAN});
            EXITED_TABLE = new TabularType("jpsutil.ExitedProcesses", "The latest exited processes, one row each", EVENT,
                    new String[]{"pid", "exitTime"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Types() {
    }

    /** The open type a catalog value is shown with. */
    static OpenType<?> of(Metric<?> m) {
        return m.type() == Metric.Type.TABLE ? table(m.table()) : of(m.type());
    }

    private static OpenType<?> of(Metric.Type t) {
        return switch (t) {
            case LONG -> SimpleType.LONG;
            case INTEGER -> SimpleType.INTEGER;
            case DOUBLE -> SimpleType.DOUBLE;
            case STRING -> SimpleType.STRING;
            case STRING_LIST -> STRING_ARRAY;
            case LONG_LIST -> LONG_ARRAY;
            case DOUBLE_LIST -> DOUBLE_ARRAY;
            case TABLE -> throw new IllegalArgumentException("a table's type comes from its columns");
            case STRING_MAP -> STRING_MAP;
        };
    }

    /** A value as read from the library, in the open type {@link #of} gives. */
    static Object value(Metric<?> m, Object v) {
        if (v == null) return null; // a value the machine does not have (psutil's None), such as a CPU clock
        return m.type() == Metric.Type.TABLE ? rows(m.table(), (List<?>) v) : value(m.type(), v);
    }

    private static Object value(Metric.Type t, Object v) {
        if (v == null) return null; // not there: no such controller, no limit, a sensor without a threshold
        return switch (t) {
            case LONG -> ((Number) v).longValue();
            case INTEGER -> ((Number) v).intValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case STRING -> v == null ? "" : String.valueOf(v); // none (a process without a terminal): empty
            case STRING_LIST -> ((List<?>) v).stream().map(String::valueOf).toArray(String[]::new);
            case LONG_LIST -> ((List<?>) v).stream().mapToLong(x -> ((Number) x).longValue()).toArray();
            case DOUBLE_LIST -> ((List<?>) v).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            case TABLE -> throw new IllegalArgumentException("a table's rows come from its columns");
            case STRING_MAP -> variables((Map<?, ?>) v);
        };
    }

    private static TabularType table(Metric.Table<?> t) {
        return TABLES.computeIfAbsent(t, Types::tabularType);
    }

    private static TabularType tabularType(Metric.Table<?> t) {
        List<? extends Metric.Column<?>> cols = t.columns();
        try {
            CompositeType row = new CompositeType(t.typeName(), t.description(),
                    cols.stream().map(Metric.Column::item).toArray(String[]::new),
                    cols.stream().map(Metric.Column::description).toArray(String[]::new),
                    cols.stream().map(c -> of(c.type())).toArray(OpenType<?>[]::new));
            return new TabularType(t.typeName() + "s", "One row each: " + t.description(), row, new String[]{t.index()});
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad table " + t.typeName(), e);
        }
    }

    private static TabularData rows(Metric.Table<?> t, List<?> list) {
        TabularType type = table(t);
        TabularDataSupport out = new TabularDataSupport(type);
        Map<String, Metric.Type> types = new HashMap<>();
        for (Metric.Column<?> c : t.columns()) types.put(c.item(), c.type());
        for (Object r : list) {
            Map<String, Object> cells = new HashMap<>();
            t.row(r, true).forEach((item, v) -> cells.put(item, value(types.get(item), v)));
            CompositeData row = composite(type.getRowType(), cells);
            // a descriptor listed twice by the kernel: keep one row per index
            if (!out.containsKey(out.calculateIndex(row))) out.put(row);
        }
        return out;
    }

    private static TabularData variables(Map<?, ?> m) {
        TabularDataSupport out = new TabularDataSupport(STRING_MAP);
        m.forEach((k, v) -> out.put(composite(STRING_MAP.getRowType(), Map.of("name", String.valueOf(k), "value", String.valueOf(v)))));
        return out;
    }

    /**
     * The user data of a started ({@code exit} null) or exited notification, and a row of the
     * Agent's table of exited processes.
     */
    static CompositeData event(Tracked t, Exit exit) {
        return Event.of(t, exit).data();
    }

    /**
     * What {@link #event} tells, taken from the process at one moment, as plain fields: kept
     * for the table of exited processes, whose rows are made only when someone reads it.
     */
    record Event(long pid, String name, String scope, long ppid, List<String> cmdline, double createTime,
                 io.github.jpsutil.CpuTimes cpu, long peakRssBytes, Exit exit) {
        static Event of(Tracked t, Exit exit) {
            return new Event(t.pid, t.name, t.scope, t.ppid, t.cmdline, t.createTime, t.latestCpu(), t.peakRssBytes, exit);
        }

        CompositeData data() {
            return Types.event(this);
        }
    }

    private static CompositeData event(Event e) {
        Exit exit = e.exit();
        Map<String, Object> m = new HashMap<>();
        m.put("pid", e.pid());
        m.put("name", e.name());
        m.put("scope", e.scope());
        m.put("ppid", e.ppid());
        m.put("cmdline", String.join(" ", e.cmdline()));
        m.put("createTime", e.createTime());
        io.github.jpsutil.CpuTimes cpu = e.cpu();
        m.put("cpuUserSeconds", cpu == null ? Double.NaN : cpu.user());
        m.put("cpuSystemSeconds", cpu == null ? Double.NaN : cpu.system());
        m.put("peakRssBytes", e.peakRssBytes());
        Integer status = exit == null ? null : exit.status();
        m.put("exitStatus", status);
        m.put("exitTime", exit == null ? Double.NaN : exit.time());
        m.put("lifetimeSeconds", exit == null ? Double.NaN : exit.lifetimeSeconds());
        m.put("exitCode", status == null || status < 0 ? null : status);
        m.put("signal", status == null || status >= 0 ? null : -status);
        m.put("oomKilled", exit == null ? null : exit.oomKilled());
        return composite(EVENT, m);
    }

    private static CompositeData composite(CompositeType type, Map<String, Object> m) {
        try {
            return new CompositeDataSupport(type, m);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad " + type.getTypeName() + " " + m, e);
        }
    }
}
