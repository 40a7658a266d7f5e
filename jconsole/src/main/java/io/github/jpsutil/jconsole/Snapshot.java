package io.github.jpsutil.jconsole;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tab shows at one refresh: either the agent's processes in tree order with the machine's
 * figures, or, for a JVM without the agent, the message that says how to load it.
 *
 * @param hostPid  the JVM's pid (from the agent, or from its RuntimeMXBean when it has no agent)
 * @param noAgent  the message to show instead of the table; null when the agent runs
 */
public record Snapshot(long hostPid, String noAgent, boolean readOnly, String agentVersion, Machine machine,
                       List<ProcessRow> rows) {

    static Snapshot withoutAgent(long hostPid) {
        String pid = hostPid > 0 ? Long.toString(hostPid) : "PID";
        String message = "jpsutil does not run in this JVM" + (hostPid > 0 ? " (pid " + hostPid + ")" : "") + ".\n\n"
                + "Load it into the running JVM, on the machine where it runs, as the same user:\n\n"
                + "    java -jar jpsutil-agent.jar attach " + pid + "\n\n"
                + "or start the JVM with -javaagent:jpsutil-agent.jar. This tab picks the agent up at its next refresh.";
        return new Snapshot(hostPid, message, false, null, null, List.of());
    }

    public boolean hasAgent() {
        return noAgent == null;
    }

    /**
     * The rows depth first: each process followed by its children (by parent pid), children and
     * roots by pid. A process whose parent is not among the rows is a root: the host, unless a watched
     * ancestor holds it, and watched processes.
     */
    static List<ProcessRow> treeOrder(List<ProcessRow> rows) {
        Map<Long, ProcessRow> byPid = new HashMap<>();
        for (ProcessRow r : rows) byPid.put(r.pid(), r);
        Map<Long, List<ProcessRow>> children = new HashMap<>();
        List<ProcessRow> roots = new ArrayList<>();
        for (ProcessRow r : byPid.values()) {
            if (r.ppid() != r.pid() && byPid.containsKey(r.ppid()))
                children.computeIfAbsent(r.ppid(), k -> new ArrayList<>()).add(r);
            else roots.add(r);
        }
        Comparator<ProcessRow> byPidOrder = Comparator.comparingLong(ProcessRow::pid);
        children.values().forEach(l -> l.sort(byPidOrder));
        // the host first, then watched roots
        roots.sort(Comparator.comparing((ProcessRow r) -> !"self".equals(r.scope())).thenComparing(byPidOrder));
        List<ProcessRow> out = new ArrayList<>(rows.size());
        for (ProcessRow r : roots) walk(r, 0, children, out);
        return out;
    }

    private static void walk(ProcessRow r, int depth, Map<Long, List<ProcessRow>> children, List<ProcessRow> out) {
        out.add(r.atDepth(depth));
        for (ProcessRow c : children.getOrDefault(r.pid(), List.of())) walk(c, depth + 1, children, out);
    }
}
