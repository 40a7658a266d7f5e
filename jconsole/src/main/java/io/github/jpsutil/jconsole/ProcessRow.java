package io.github.jpsutil.jconsole;

import javax.management.ObjectName;
import java.util.List;

/**
 * One process as its jpsutil MBean reports it. Values the agent could not read (access denied to
 * another user's process, say) are null; {@code depth} is its level in the tree by parent pid (0 for
 * the host and for watched processes whose parent is not shown).
 */
public record ProcessRow(ObjectName objectName, String scope, long pid, long ppid, String name, String user,
                         String status, Double cpuPercent, Long residentBytes, Integer threads, Integer nice,
                         Double createTimeSeconds, List<String> cmdline, int depth) {

    ProcessRow atDepth(int d) {
        return new ProcessRow(objectName, scope, pid, ppid, name, user, status, cpuPercent, residentBytes, threads, nice,
                createTimeSeconds, cmdline, d);
    }

    /** The command line as one line, arguments with blanks quoted; empty for kernel threads and zombies. */
    public String commandLine() {
        StringBuilder sb = new StringBuilder();
        for (String a : cmdline) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.isEmpty() || a.chars().anyMatch(Character::isWhitespace) ? "'" + a + "'" : a);
        }
        return sb.toString();
    }

    /** "43 (sleep)": how dialogs name it. */
    public String label() {
        return pid + " (" + name + ")";
    }
}
