package io.github.jpsutil.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Issue 6, item 3: {@code getAttributes} of every attribute of a child's process MBean against every
 * attribute of {@code java.lang:type=OperatingSystem}, over one local JMX connection made as JConsole
 * makes it (Attach API, startLocalManagementAgent, JMXConnectorFactory).
 *
 * <pre>JmxRead HOST_PID SECONDS_PER_KIND</pre>
 * The kinds take turns in short blocks (so that a change of load hits them alike). Per block: the
 * elapsed time per call, and the CPU time of both ends: this JVM's and the host's threads, summed
 * from /proc/PID/task/TID/schedstat (nanoseconds). Prints one line per kind.
 */
public final class JmxRead {
    /** The flat attributes: what JConsole charts and jmx_exporter maps without rules. */
    private static final Set<String> FLAT = Set.of("java.lang.String", "java.lang.Long", "java.lang.Integer",
            "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Short", "java.lang.Byte",
            "long", "int", "double", "float", "boolean", "short", "byte");

    private JmxRead() {
    }

    private record Kind(String label, ObjectName name, String[] attrs) {
    }

    public static void main(String[] args) throws Exception {
        long hostPid = Long.parseLong(args[0]);
        double seconds = Double.parseDouble(args[1]);
        VirtualMachine vm = VirtualMachine.attach(Long.toString(hostPid));
        JMXServiceURL url;
        try {
            url = new JMXServiceURL(vm.startLocalManagementAgent());
        } finally {
            vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            ObjectName os = new ObjectName("java.lang:type=OperatingSystem");
            Set<ObjectName> kids = mbs.queryNames(new ObjectName("jpsutil:type=Process,scope=child,*"), null);
            if (kids.isEmpty()) throw new IllegalStateException("no child process MBean in " + hostPid);
            ObjectName child = kids.iterator().next();
            List<Kind> kinds = List.of(new Kind("os", os, names(mbs, os, false)),
                    new Kind("child_all", child, names(mbs, child, false)),
                    new Kind("child_flat", child, names(mbs, child, true)),
                    new Kind("os_flat", os, names(mbs, os, true)));
            for (Kind k : kinds) {
                int got = mbs.getAttributes(k.name, k.attrs).size();
                System.err.println(k.label + ": " + k.name + ", " + got + " of " + k.attrs.length + " attributes: "
                        + String.join(" ", k.attrs));
            }
            // Warm-up (both JITs), and a block size of about 0.2 s per kind.
            int[] batch = new int[kinds.size()];
            for (int i = 0; i < kinds.size(); i++) {
                Kind k = kinds.get(i);
                long t0 = System.nanoTime();
                int calls = 0;
                while (System.nanoTime() - t0 < 1_500_000_000L) {
                    mbs.getAttributes(k.name, k.attrs);
                    calls++;
                }
                batch[i] = Math.max(1, (int) (calls * 0.2 / 1.5));
            }
            int blocks = Math.max(3, (int) Math.round(seconds / 0.2));
            List<List<double[]>> results = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) results.add(new ArrayList<>());
            for (int b = 0; b < blocks; b++) {
                for (int j = 0; j < kinds.size(); j++) {
                    int i = (b + j) % kinds.size(); // a different kind goes first in each round
                    Kind k = kinds.get(i);
                    long h0 = schedNanos(hostPid), c0 = schedNanos(ProcessHandle.current().pid()), t0 = System.nanoTime();
                    for (int r = 0; r < batch[i]; r++) mbs.getAttributes(k.name, k.attrs);
                    long t1 = System.nanoTime(), c1 = schedNanos(ProcessHandle.current().pid()), h1 = schedNanos(hostPid);
                    results.get(i).add(new double[]{(t1 - t0) / 1e3 / batch[i], (c1 - c0) / 1e3, (h1 - h0) / 1e3, batch[i]});
                }
            }
            for (int i = 0; i < kinds.size(); i++) {
                List<double[]> rs = results.get(i);
                double mean = rs.stream().mapToDouble(r -> r[0]).average().orElse(Double.NaN);
                double sd = Math.sqrt(rs.stream().mapToDouble(r -> (r[0] - mean) * (r[0] - mean)).sum() / Math.max(1, rs.size() - 1));
                double calls = rs.stream().mapToDouble(r -> r[3]).sum();
                double client = rs.stream().mapToDouble(r -> r[1]).sum() / calls;
                double host = rs.stream().mapToDouble(r -> r[2]).sum() / calls;
                System.out.printf("kind=%s attributes=%d us_per_call=%.2f sd=%.2f client_cpu_us=%.2f host_cpu_us=%.2f cpu_us=%.2f calls=%d blocks=%d%n",
                        kinds.get(i).label, kinds.get(i).attrs.length, mean, sd, client, host, client + host, (long) calls, rs.size());
            }
        }
    }

    private static String[] names(MBeanServerConnection mbs, ObjectName n, boolean flatOnly) throws Exception {
        List<String> out = new ArrayList<>();
        for (MBeanAttributeInfo a : mbs.getMBeanInfo(n).getAttributes())
            if (a.isReadable() && (!flatOnly || FLAT.contains(a.getType()))) out.add(a.getName());
        return out.toArray(new String[0]);
    }

    /** CPU time of every live thread of a process, in nanoseconds (the first field of schedstat). */
    static long schedNanos(long pid) throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (NoSuchFileException e) {
                    // the thread ended
                }
            }
        }
        return sum;
    }
}
