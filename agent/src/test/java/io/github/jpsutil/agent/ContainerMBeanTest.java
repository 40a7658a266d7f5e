package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.JMException;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Container MBeans and OOM attribution on a private MBeanServer, with this test JVM as the host
 * and real children in real cgroups (as root, made and removed here; skipped otherwise).
 */
class ContainerMBeanTest extends PrivateServerTest {
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private final io.github.jpsutil.agent.it.TestCgroups cgroups = new io.github.jpsutil.agent.it.TestCgroups();
    private Path cgroup;

    private void start() throws JMException {
        start("interval=1h");
    }

    @Override
    @AfterEach
    void tearDown() throws InterruptedException {
        super.tearDown(); // the children first: a cgroup with processes in it cannot be removed
        cgroups.removeAll();
    }

    @Test
    void theHostsContainerIsAnMBeanWithItsCgroupFigures() throws Exception {
        start();
        ObjectName self = new ObjectName("jpsutil:type=Container,scope=self");
        String path = (String) server.getAttribute(self, "CgroupPath");
        assertThat(path).isEqualTo(Psutil.local().self().cgroup().path());
        if (Files.isDirectory(MEMORY)) {
            long current = (Long) server.getAttribute(self, "MemoryCurrentBytes");
            assertThat(current).isPositive();
        }
        assertThat(server.queryNames(new ObjectName("jpsutil:type=Container,*"), null)).containsExactly(self);
        sampler.close();
        sampler = null;
        assertThat(server.queryNames(new ObjectName("jpsutil:*"), null)).isEmpty();
    }

    /** A child that moves itself into the cgroup, waits to be tracked, then runs {@code command}. */
    private Process child(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && sleep 1 && exec " + command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        return p;
    }

    private CompositeData exitOf(long pid) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            try {
                sampler.refresh();
            } catch (JMException e) {
                throw new AssertionError(e);
            }
            for (Notification n; (n = events.poll(100, TimeUnit.MILLISECONDS)) != null; ) {
                CompositeData d = (CompositeData) n.getUserData();
                if (n.getType().equals(AgentMBean.EXITED) && (Long) d.get("pid") == pid) return d;
            }
        }
        throw new AssertionError("no exit notification for " + pid);
    }

    @Test
    void aChildKilledByTheOomKillerIsToldSoAndOneKilledByHandIsNot() throws Exception {
        cgroup = cgroups.make("memory");
        long limit = 32L << 20;
        Files.writeString(cgroup.resolve("memory.limit_in_bytes"), Long.toString(limit));
        start();

        Process hog = child("/usr/bin/python3 -c \"b = b'a' * (200 << 20)\"");
        Process victim = child("sleep 60");
        Thread.sleep(300); // both are in the cgroup now
        sampler.refresh();
        ObjectName container = new ObjectName("jpsutil:type=Container,scope=child,pid=" + victim.pid());
        assertThat(server.getAttribute(container, "MemoryLimitBytes")).isEqualTo(limit);
        assertThat(server.getAttribute(container, "MemoryOomKillsTotal")).isEqualTo(0L);

        CompositeData hogExit = exitOf(hog.pid());
        assertThat(hogExit.get("exitStatus")).isEqualTo(-9);
        assertThat(hogExit.get("oomKilled")).isEqualTo(true);
        assertThat(server.isRegistered(new ObjectName("jpsutil:type=Container,scope=child,pid=" + hog.pid()))).isFalse();
        assertThat(server.getAttribute(container, "MemoryOomKillsTotal")).isEqualTo(1L);

        victim.destroyForcibly(); // SIGKILL, with no OOM kill meanwhile
        CompositeData victimExit = exitOf(victim.pid());
        assertThat(victimExit.get("exitStatus")).isEqualTo(-9);
        assertThat(victimExit.get("oomKilled")).isEqualTo(false);
        assertThat(server.isRegistered(container)).isFalse();
    }
}
