package io.github.jpsutil.agent.cli;

import io.github.jpsutil.agent.Options;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code top PID}: the target's jpsutil process MBeans as a live tree, over its local JMX connector. */
final class Top {
    private static final String[] ATTRS = {"Pid", "Ppid", "Name", "CpuPercent", "ResidentMemoryBytes", "NumThreads", "Status"};
    private static final ObjectName PROCESSES = objectName("jpsutil:type=Process,*");
    private static final ObjectName SYSTEM = objectName("jpsutil:type=System");

    private Top() {
    }

    private record Row(long pid, long ppid, String name, double cpu, long rss, int threads, String status, String scope) {
    }

    static int run(List<String> args, PrintStream out) throws Cli.Failure {
        if (args.isEmpty()) throw Cli.usage("top needs a PID (see top --help)");
        long pid = Target.parsePid(args.get(0));
        boolean once = false;
        long intervalMillis = 2000;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--once")) once = true;
            else if (a.equals("--interval") && i + 1 < args.size()) intervalMillis = millis(args.get(++i));
            else throw Cli.usage("unknown option '" + a + "' (see top --help)");
        }
        Target t = Target.check(pid);
        try (JMXConnector c = t.localJmx()) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            boolean clear = !once && System.console() != null;
            while (true) {
                String frame = frame(mbs, pid);
                out.print(clear ? "\033[H\033[2J" + frame : frame);
                out.flush();
                if (once) return 0;
                Thread.sleep(intervalMillis);
            }
        } catch (IOException e) {
            throw t.lost(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long millis(String text) throws Cli.Failure {
        try {
            return Options.parseInterval(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw Cli.usage("bad interval '" + text + "' (expected e.g. 500ms, 2s, 1m, at least 100ms)");
        }
    }

    /** One screen: a header from the System MBean, then the process tree. */
    static String frame(MBeanServerConnection mbs, long pid) throws IOException, Cli.Failure {
        List<Row> rows = new ArrayList<>();
        for (ObjectName n : mbs.queryNames(PROCESSES, null)) {
            try {
                Map<String, Object> v = new HashMap<>();
                AttributeList list = mbs.getAttributes(n, ATTRS);
                for (Attribute a : list.asList()) v.put(a.getName(), a.getValue());
                if (v.size() < ATTRS.length) continue; // exited while being read
                rows.add(new Row((Long) v.get("Pid"), (Long) v.get("Ppid"), (String) v.get("Name"),
                        (Double) v.get("CpuPercent"), (Long) v.get("ResidentMemoryBytes"),
                        ((Number) v.get("NumThreads")).intValue(), (String) v.get("Status"), n.getKeyProperty("scope")));
            } catch (JMException e) {
                // unregistered or failed between the query and the read: it exited
            }
        }
        if (rows.isEmpty())
            throw Cli.failed("jpsutil does not run in pid " + pid + " (start it with: java -jar jpsutil-agent.jar attach " + pid + ")");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("jpsutil top - pid %d - %s - %s%n", pid, LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), system(mbs)));
        sb.append(String.format("%8s %8s %6s %10s %5s %-12s %s%n", "PID", "PPID", "CPU%", "RSS", "THR", "STATUS", "NAME"));
        Map<Long, Row> byPid = new TreeMap<>();
        for (Row r : rows) byPid.put(r.pid, r);
        Map<Long, List<Row>> kids = new TreeMap<>();
        List<Row> roots = new ArrayList<>();
        for (Row r : byPid.values()) {
            if (byPid.containsKey(r.ppid) && r.ppid != r.pid) kids.computeIfAbsent(r.ppid, k -> new ArrayList<>()).add(r);
            else roots.add(r);
        }
        for (Row r : roots) tree(sb, r, kids, "", "");
        return sb.toString();
    }

    private static void tree(StringBuilder sb, Row r, Map<Long, List<Row>> kids, String prefix, String branch) {
        sb.append(String.format("%8d %8d %6.1f %10s %5d %-12s %s%s%s%n", r.pid, r.ppid, r.cpu, human(r.rss), r.threads,
                Cli.printable(r.status), prefix, branch, Cli.printable(r.name) + ("watched".equals(r.scope) ? " (watched)" : "")));
        List<Row> children = kids.getOrDefault(r.pid, List.of());
        String childPrefix = prefix + (branch.isEmpty() ? "" : branch.startsWith("└") ? "   " : "│  ");
        for (int i = 0; i < children.size(); i++)
            tree(sb, children.get(i), kids, childPrefix, i == children.size() - 1 ? "└─ " : "├─ ");
    }

    private static String system(MBeanServerConnection mbs) {
        try {
            AttributeList a = mbs.getAttributes(SYSTEM,
                    new String[]{"CpuPercent", "NumCpus", "MemoryAvailableBytes", "MemoryTotalBytes"});
            Map<String, Object> v = new HashMap<>();
            for (Attribute x : a.asList()) v.put(x.getName(), x.getValue());
            return String.format("system CPU %.1f%% of %s CPUs, memory %s available of %s", v.get("CpuPercent"),
                    v.get("NumCpus"), human((Long) v.get("MemoryAvailableBytes")), human((Long) v.get("MemoryTotalBytes")));
        } catch (IOException | JMException | RuntimeException e) {
            return "system figures unavailable";
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String human(long bytes) {
        String[] units = {"B", "K", "M", "G", "T"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + "B" : String.format("%.1f%s", v, units[i]);
    }
}
