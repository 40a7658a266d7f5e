package io.github.jpsutil.agent.it;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.Map;
import java.util.TreeMap;

/** More JMX connections to a local JVM, made as HostJvm.connect makes its one; and readings of the JVM itself. */
final class LocalJmx {
    static final ObjectName MEMORY = AgentIT.name("java.lang:type=Memory");
    static final ObjectName THREADING = AgentIT.name("java.lang:type=Threading");

    private LocalJmx() {
    }

    /** The JVM's local connector address (started if need be), as JConsole finds it. */
    static JMXServiceURL address(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return new JMXServiceURL(vm.startLocalManagementAgent());
        } finally {
            vm.detach();
        }
    }

    static JMXConnector connect(long pid) throws Exception {
        return JMXConnectorFactory.connect(address(pid));
    }

    /** Heap in use after two full collections, in bytes. */
    static long heapAfterGc(MBeanServerConnection mbs) throws Exception {
        for (int i = 0; i < 2; i++) mbs.invoke(MEMORY, "gc", null, null);
        return (Long) ((CompositeData) mbs.getAttribute(MEMORY, "HeapMemoryUsage")).get("used");
    }

    /** Live threads grouped by name with trailing numbers cut ("RMI TCP Connection(3)-..." counts as one kind). */
    static Map<String, Integer> threadsByKind(MBeanServerConnection mbs) throws Exception {
        CompositeData[] all = (CompositeData[]) mbs.invoke(THREADING, "dumpAllThreads", new Object[]{false, false},
                new String[]{"boolean", "boolean"});
        Map<String, Integer> m = new TreeMap<>();
        for (CompositeData t : all) m.merge(kind((String) t.get("threadName")), 1, Integer::sum);
        return m;
    }

    static String kind(String threadName) {
        if (threadName.startsWith("RMI TCP Connection")) return "RMI TCP Connection";
        return threadName.replaceAll("[-#(]?\\d+\\)?.*$", "").trim();
    }
}
