package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * watch(pid)'s rules, with this JVM as the host and real processes: another user's (uid 65534
 * through setpriv), the host's ancestors, the leaders of its session and process group are refused
 * by default, each naming its rule; watch=any admits them.
 */
class WatchRulesTest {
    private final List<Process> spawned = new ArrayList<>();
    private Sampler sampler;

    @AfterEach
    void end() throws Exception {
        if (sampler != null) sampler.close();
        for (Process p : spawned) p.destroyForcibly().waitFor();
    }

    private MBeanServer start(String options) throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        sampler = new Sampler(Psutil.local(), server, Options.parse(options));
        sampler.start();
        return server;
    }

    private static Object watch(MBeanServer server, long pid) throws Exception {
        return server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{pid}, new String[]{"long"});
    }

    private Process spawn(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        spawned.add(p);
        return p;
    }

    /** Fields 5 and 6 of /proc/self/stat: this JVM's process group and session. */
    private static long[] groupAndSession() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    private static void refused(MBeanServer server, long pid, String rule) {
        assertThatThrownBy(() -> watch(server, pid)).as("watch %d", pid).isInstanceOf(MBeanException.class)
                .hasMessageContaining("refused: watch of pid " + pid).hasMessageContaining(rule).hasMessageContaining("watch=any")
                .extracting(Throwable::getCause).isInstanceOf(SecurityException.class);
    }

    @Test
    void ownUsersProcessIsAdmittedAncestorsAndOtherUsersAreNot() throws Exception {
        MBeanServer server = start("interval=1h,children=false");
        Process own = spawn("sleep", "60");
        assertThat(watch(server, own.pid())).isEqualTo("jpsutil:type=Process,scope=watched,pid=" + own.pid());

        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        long[] gs = groupAndSession();
        // the parent may lead the group or the session too: then that rule speaks first
        String parentRule = parent == gs[1] ? "leads the host's session" : parent == gs[0] ? "leads the host's process group"
                : "ancestor of the host";
        refused(server, parent, parentRule);
        refused(server, 1, gs[1] == 1 ? "leads the host's session" : gs[0] == 1 ? "leads the host's process group" : "ancestor of the host");
        // a leader may have exited (a shell that ran the build in the background): then there is nothing to watch
        if (gs[1] != ProcessHandle.current().pid() && ProcessHandle.of(gs[1]).isPresent()) refused(server, gs[1], "leads the host's session");
        if (gs[0] != ProcessHandle.current().pid() && gs[0] != gs[1] && ProcessHandle.of(gs[0]).isPresent())
            refused(server, gs[0], "leads the host's process group");
        assertThat(server.queryNames(new ObjectName("jpsutil:type=Process,scope=watched,*"), null)).hasSize(1);

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && "root".equals(System.getProperty("user.name")),
                "needs root and setpriv for another user's process");
        Process nobody = spawn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "60");
        for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + nobody.pid() + "/status")).contains("Uid:\t65534"); i++)
            Thread.sleep(20);
        refused(server, nobody.pid(), "belongs to user nobody (uid 65534), not to the host's user (uid 0)");
    }

    @Test
    void watchAnyAdmitsAncestorsAndOtherUsers() throws Exception {
        MBeanServer server = start("interval=1h,children=false,watch=any");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertThat(watch(server, parent)).isEqualTo("jpsutil:type=Process,scope=watched,pid=" + parent);
        long session = groupAndSession()[1];
        if (session != parent && session != ProcessHandle.current().pid() && session > 0 && ProcessHandle.of(session).isPresent())
            assertThat(watch(server, session)).isEqualTo("jpsutil:type=Process,scope=watched,pid=" + session);
        assertThat(server.getAttribute(Sampler.AGENT_NAME, "WatchAny")).isEqualTo(true);
    }
}
