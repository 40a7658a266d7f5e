package io.github.jpsutil.agent;

import io.github.jpsutil.Connection;
import io.github.jpsutil.OpenFile;
import io.github.jpsutil.ThreadTimes;

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

/** The open types of the agent's composite values: lists as TabularData, notification user data. */
final class Types {
    static final ArrayType<String[]> STRING_ARRAY;
    static final ArrayType<long[]> LONG_ARRAY;
    static final CompositeType THREAD;
    static final TabularType THREADS;
    static final CompositeType OPEN_FILE;
    static final TabularType OPEN_FILES;
    static final CompositeType CONNECTION;
    static final TabularType CONNECTIONS;
    static final CompositeType EVENT;

    static {
        try {
            STRING_ARRAY = ArrayType.getArrayType(SimpleType.STRING);
            LONG_ARRAY = ArrayType.getPrimitiveArrayType(long[].class);
            THREAD = new CompositeType("jpsutil.Thread", "A thread of the process and the CPU time it used",
                    new String[]{"id", "userSeconds", "systemSeconds"},
                    new String[]{"Thread id (tid)", "CPU time in user mode, in seconds", "CPU time in kernel mode, in seconds"},
                    new OpenType<?>[]{SimpleType.LONG, SimpleType.DOUBLE, SimpleType.DOUBLE});
            THREADS = new TabularType("jpsutil.Threads", "Threads of the process", THREAD, new String[]{"id"});
            OPEN_FILE = new CompositeType("jpsutil.OpenFile", "A regular file the process has open",
                    new String[]{"fd", "path", "positionBytes", "mode", "flags"},
                    new String[]{"File descriptor", "Absolute path", "Current offset in bytes",
                            "Mode as Python's open() would take it: r, w, a, r+ or a+", "open(2) flags"},
                    new OpenType<?>[]{SimpleType.INTEGER, SimpleType.STRING, SimpleType.LONG, SimpleType.STRING, SimpleType.INTEGER});
            OPEN_FILES = new TabularType("jpsutil.OpenFiles", "Regular files the process has open", OPEN_FILE, new String[]{"fd"});
            CONNECTION = new CompositeType("jpsutil.Connection", "An internet socket of the process",
                    new String[]{"fd", "family", "type", "localAddress", "remoteAddress", "status"},
                    new String[]{"File descriptor", "AF_INET or AF_INET6", "SOCK_STREAM or SOCK_DGRAM",
                            "Local ip:port", "Remote ip:port, empty when there is no remote end",
                            "TCP state such as LISTEN or ESTABLISHED; NONE for UDP"},
                    new OpenType<?>[]{SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                            SimpleType.STRING, SimpleType.STRING});
            CONNECTIONS = new TabularType("jpsutil.Connections", "Internet sockets of the process", CONNECTION, new String[]{"fd"});
            EVENT = new CompositeType("jpsutil.ProcessEvent", "A tracked process that started or exited",
                    new String[]{"pid", "name", "scope", "exitStatus"},
                    new String[]{"Process id", "Process name", "self, child or watched",
                            "Exit status of a child of the host: the exit code, or minus the signal number that ended it;"
                                    + " null when the process started, or when its status cannot be known"},
                    new OpenType<?>[]{SimpleType.LONG, SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Types() {
    }

    static TabularData threads(List<ThreadTimes> list) {
        TabularDataSupport t = new TabularDataSupport(THREADS);
        for (ThreadTimes th : list)
            put(t, composite(THREAD, "id", th.id(), "userSeconds", th.user(), "systemSeconds", th.system()));
        return t;
    }

    static TabularData openFiles(List<OpenFile> list) {
        TabularDataSupport t = new TabularDataSupport(OPEN_FILES);
        for (OpenFile f : list)
            put(t, composite(OPEN_FILE, "fd", f.fd(), "path", f.path(), "positionBytes", f.position(), "mode", f.mode(),
                    "flags", f.flags()));
        return t;
    }

    static TabularData connections(List<Connection> list) {
        TabularDataSupport t = new TabularDataSupport(CONNECTIONS);
        for (Connection c : list)
            put(t, composite(CONNECTION, "fd", c.fd(), "family", c.family(), "type", c.type(),
                    "localAddress", c.laddr() == null ? "" : c.laddr().toString(),
                    "remoteAddress", c.raddr() == null ? "" : c.raddr().toString(), "status", c.status()));
        return t;
    }

    static CompositeData event(long pid, String name, String scope, Integer exitStatus) {
        return composite(EVENT, "pid", pid, "name", name, "scope", scope, "exitStatus", exitStatus);
    }

    /** Adds a row unless one with the same index is there (a descriptor listed twice by the kernel). */
    private static void put(TabularDataSupport t, CompositeData row) {
        if (!t.containsKey(t.calculateIndex(row))) t.put(row);
    }

    static CompositeData composite(CompositeType type, Object... namesAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        try {
            return new CompositeDataSupport(type, m);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad " + type.getTypeName() + " " + m, e);
        }
    }
}
