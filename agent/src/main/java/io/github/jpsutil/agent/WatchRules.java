package io.github.jpsutil.agent;

import io.github.jpsutil.OsProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which processes {@code watch(pid)} admits. A watched process can be signalled by a readwrite
 * user, so by default only those of the host's own user (real and effective uid) that are not the
 * host's ancestors, nor the leader of its session or of its process group: ending one of those
 * would end the host, or the shell and the terminal around it. Option {@code watch=any} admits
 * every process the host's user may read (for a host run as root: every process of the machine).
 */
final class WatchRules {
    private WatchRules() {
    }

    /** Throws a SecurityException that names the rule which refuses {@code target}. */
    static void check(OsProcess target, OsProcess self, Options options) {
        if (options.watchAny()) return;
        long pid = target.pid();
        long uid = self.uids().effective();
        if (target.uids().real() != uid || target.uids().effective() != uid)
            throw refused(pid, "it belongs to user " + target.username() + " (uid " + target.uids().effective()
                    + "), not to the host's user (uid " + uid + ")");
        long[] groupAndSession = groupAndSession();
        if (pid == groupAndSession[1]) throw refused(pid, "it leads the host's session");
        if (pid == groupAndSession[0]) throw refused(pid, "it leads the host's process group");
        for (OsProcess p = self.parent(); p != null; p = p.parent()) {
            if (p.pid() == pid) throw refused(pid, "it is an ancestor of the host");
            if (p.pid() <= 1) break;
        }
    }

    private static SecurityException refused(long pid, String rule) {
        return new SecurityException("refused: watch of pid " + pid + ": " + rule
                + "; the agent admits only its own user's processes outside the host's ancestry, session and group leaders"
                + " unless started with watch=any");
    }

    /** The host's process group and session, fields 5 and 6 of /proc/self/stat (after the name's last ')'). */
    private static long[] groupAndSession() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(f[2]), Long.parseLong(f[3])};
        } catch (IOException | RuntimeException e) {
            throw new SecurityException("refused: cannot read the host's session (" + e + "), so watch admits nothing");
        }
    }
}
