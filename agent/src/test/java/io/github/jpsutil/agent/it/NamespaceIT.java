package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A host JVM in its own pid and mount namespaces, as a container runs it ({@code unshare --pid
 * --fork --mount-proc}), given the host's /proc (bind-mounted before) as {@code procRoot}: the agent
 * reads the host's processes, watches one by its host pid, and still finds its own process, whose pid
 * differs between the namespaces. As root only (unshare needs it); the bind mount is removed after.
 */
class NamespaceIT {
    private Path hostProc;
    private WrappedHost host;
    private JMXConnector connector;

    @AfterEach
    void cleanUp() throws Exception {
        if (connector != null) connector.close();
        if (host != null) host.close();
        if (hostProc != null) {
            run("umount", hostProc.toString());
            Files.delete(hostProc);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aJvmInItsOwnPidNamespaceReadsTheHostsProcessesThroughProcRoot() throws Exception {
        assumeThat(ProcessHandle.current().info().user().orElse("")).isEqualTo("root");
        assumeThat(Files.isExecutable(Path.of("/usr/bin/unshare"))).isTrue();
        hostProc = Files.createTempDirectory("jpsutil-host-proc");
        assertThat(run("mount", "--bind", "/proc", hostProc.toString())).isZero();

        host = new WrappedHost(List.of("unshare", "--pid", "--fork", "--mount-proc"),
                Path.of(System.getProperty("java.home"), "bin", "java"), "interval=1s,watch=any,procRoot=" + hostProc); // the JVM it watches is its ancestor: watch=any admits it
        long nsPid = host.reportedPid;
        List<ProcessHandle> kids = host.launcher.children().toList();
        assertThat(kids).hasSize(1); // with --fork, unshare's one child is the JVM
        long hostPid = kids.get(0).pid();
        assertThat(nsPid).isNotEqualTo(hostPid); // 1: the first process of its namespace

        connector = LocalJmx.connect(hostPid);
        MBeanServerConnection mbs = connector.getMBeanServerConnection();
        ObjectName self = new ObjectName("jpsutil:type=Process,scope=self,pid=" + hostPid);
        ObjectName agent = new ObjectName("jpsutil:type=Agent"); // registered last: then all the rest is there
        for (int i = 0; i < 500 && !mbs.isRegistered(agent); i++) Thread.sleep(20);
        assertThat(mbs.isRegistered(self)).as("the JVM found itself under its host pid").isTrue();
        assertThat(mbs.getAttribute(self, "Pid")).isEqualTo(hostPid);
        assertThat(mbs.getAttribute(self, "Name")).isEqualTo("java");

        // the host's processes, not the namespace's two or three
        int hostCount = (Integer) mbs.getAttribute(new ObjectName("jpsutil:type=System"), "ProcessCount");
        long[] hostPids = Files.list(Path.of("/proc")).map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                .mapToLong(Long::parseLong).toArray();
        assertThat(hostCount).isGreaterThan(10).isCloseTo(hostPids.length, org.assertj.core.data.Percentage.withPercentage(30));

        // watch takes a host pid: this test's own JVM, which the namespace cannot see
        long me = ProcessHandle.current().pid();
        String watched = (String) mbs.invoke(new ObjectName("jpsutil:type=Agent"), "watch", new Object[]{me}, new String[]{"long"});
        assertThat(watched).isEqualTo("jpsutil:type=Process,scope=watched,pid=" + me);
        assertThat(mbs.getAttribute(new ObjectName(watched), "Pid")).isEqualTo(me);
        String cmdline = Files.readString(Path.of("/proc/" + me + "/cmdline"));
        assertThat((String[]) mbs.getAttribute(new ObjectName(watched), "Cmdline")).containsExactly(cmdline.split("\0"));
        assertThat(mbs.isRegistered(new ObjectName("jpsutil:type=Container,scope=self"))).isTrue();
    }
}
