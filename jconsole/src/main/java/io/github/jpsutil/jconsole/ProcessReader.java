package io.github.jpsutil.jconsole;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link Snapshot} over a JMX connection: one getAttributes call per MBean, open types only.
 * Meant for a background thread (a SwingWorker), never the Swing thread: every call is a round trip.
 */
public final class ProcessReader {
    static final ObjectName PROCESSES = name("jpsutil:type=Process,*");
    static final ObjectName SYSTEM = name("jpsutil:type=System");
    static final ObjectName AGENT = name("jpsutil:type=Agent");
    static final ObjectName RUNTIME = name("java.lang:type=Runtime");
    private static final String[] PROCESS_ATTRIBUTES = {"Pid", "Ppid", "Name", "Username", "Status", "CpuPercent",
            "ResidentMemoryBytes", "NumThreads", "Nice", "CreateTimeSeconds", "Cmdline"};

    private ProcessReader() {
    }

    /** @throws IOException when the connection fails (JConsole then shows the JVM as disconnected) */
    public static Snapshot read(MBeanServerConnection c) throws IOException {
        if (!c.isRegistered(AGENT)) return Snapshot.withoutAgent(runtimePid(c));
        Map<String, Object> agent = attributes(c, AGENT, "HostPid", "ReadOnly", "Version");
        Map<String, Object> sys = attributes(c, SYSTEM, Machine.ATTRIBUTES);
        Machine machine = new Machine((Double) sys.get("CpuPercent"), (Integer) sys.get("NumCpus"),
                (Long) sys.get("MemoryTotalBytes"), (Long) sys.get("MemoryAvailableBytes"), (Double) sys.get("MemoryPercent"));
        List<ProcessRow> rows = new ArrayList<>();
        for (ObjectName n : c.queryNames(PROCESSES, null)) {
            Map<String, Object> v = attributes(c, n, PROCESS_ATTRIBUTES);
            if (!(v.get("Pid") instanceof Long pid) || !(v.get("Ppid") instanceof Long ppid)) continue; // exited meanwhile
            String[] cmdline = (String[]) v.get("Cmdline");
            rows.add(new ProcessRow(n, n.getKeyProperty("scope"), pid, ppid, (String) v.getOrDefault("Name", "?"),
                    (String) v.get("Username"), (String) v.get("Status"), (Double) v.get("CpuPercent"),
                    (Long) v.get("ResidentMemoryBytes"), (Integer) v.get("NumThreads"), (Integer) v.get("Nice"),
                    (Double) v.get("CreateTimeSeconds"), cmdline == null ? List.of() : Arrays.asList(cmdline), 0));
        }
        long hostPid = agent.get("HostPid") instanceof Long p ? p : runtimePid(c);
        return new Snapshot(hostPid, null, Boolean.TRUE.equals(agent.get("ReadOnly")), (String) agent.get("Version"), machine,
                Snapshot.treeOrder(rows));
    }

    /**
     * The attributes that could be read, by name; empty when the MBean is gone or the read failed
     * as a whole (the process exited between the query and the read).
     */
    private static Map<String, Object> attributes(MBeanServerConnection c, ObjectName n, String... names) throws IOException {
        Map<String, Object> v = new HashMap<>();
        try {
            AttributeList list = c.getAttributes(n, names);
            for (Attribute a : list.asList()) v.put(a.getName(), a.getValue());
        } catch (JMException | RuntimeException e) {
            // unregistered, or the process is gone: no values
        }
        return v;
    }

    private static long runtimePid(MBeanServerConnection c) throws IOException {
        Object pid = attributes(c, RUNTIME, "Pid").get("Pid");
        return pid instanceof Long p ? p : -1;
    }

    static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
