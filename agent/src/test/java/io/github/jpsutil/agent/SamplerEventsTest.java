package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Test;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Descendants learnt from the kernel's process events, on a private MBeanServer with this test
 * JVM as the host: the interval is an hour, so whatever is announced came from the events.
 */
class SamplerEventsTest extends PrivateServerTest {
    private Object agent(String attribute) throws JMException {
        return server.getAttribute(Sampler.AGENT_NAME, attribute);
    }

    /** The notifications about pid, in the order they came, up to its exit (or 10 s). */
    private List<Notification> about(long pid) throws InterruptedException {
        List<Notification> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Notification n = events.poll(100, TimeUnit.MILLISECONDS);
            if (n == null || !((CompositeData) n.getUserData()).get("pid").equals(pid)) continue;
            out.add(n);
            if (n.getType().equals(AgentMBean.EXITED)) break;
        }
        return out;
    }

    private static CompositeData data(Notification n) {
        return (CompositeData) n.getUserData();
    }

    @Test
    void theAgentSaysWhichSourceIsActiveAndWhy() throws Exception {
        start("interval=1h");
        assertThat(agent("EventSource")).isEqualTo("connector"); // this kernel (6.18) admits the test's user
        assertThat((String) agent("EventSourceReason")).contains("admits");
        sampler.close();
        start("interval=1h,events=poll");
        assertThat(agent("EventSource")).isEqualTo("polling");
        assertThat(agent("EventSourceReason")).isEqualTo("option events=poll");
    }

    @Test
    void aChildThatLivesAMillisecondIsReportedWithItsExitStatus() throws Exception {
        start("interval=1h");
        long nonZeroBefore = (Long) agent("ProcessesExitedNonZeroTotal");
        long t0 = System.nanoTime();
        Process p = spawn("sh", "-c", "exit 3");
        assertThat(p.waitFor()).isEqualTo(3);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;

        List<Notification> seen = about(p.pid());
        assertThat(seen).extracting(Notification::getType).containsExactly(AgentMBean.STARTED, AgentMBean.EXITED);
        CompositeData exit = data(seen.get(1));
        assertThat(exit.get("exitStatus")).isEqualTo(3);
        assertThat(exit.get("exitCode")).isEqualTo(3);
        assertThat(exit.get("signal")).isNull();
        assertThat(exit.get("ppid")).isEqualTo(ProcessHandle.current().pid());
        assertThat((Double) exit.get("lifetimeSeconds")).isPositive().isLessThanOrEqualTo(wallSeconds);
        assertThat((Long) agent("ProcessesExitedNonZeroTotal")).isEqualTo(nonZeroBefore + 1);
        TabularData table = (TabularData) agent("ExitedProcesses");
        assertThat(table.values()).anySatisfy(r -> {
            assertThat(((CompositeData) r).get("pid")).isEqualTo(p.pid());
            assertThat(((CompositeData) r).get("exitStatus")).isEqualTo(3);
        });
        assertThat(agent("TrackedProcesses")).isEqualTo(1);
    }

    @Test
    void aGrandchildKilledBySignalHasMinusTheSignalAndItsParentItsCode() throws Exception {
        start("interval=1h");
        Process sh = spawn("sh", "-c", "sleep 30 & echo $! > /dev/null; wait $!; exit 3");
        long grandchild = -1;
        for (int i = 0; i < 200 && grandchild < 0; i++) {
            long[] kids = Psutil.local().process(sh.pid()).children(false).stream().mapToLong(c -> c.pid()).toArray();
            if (kids.length > 0) grandchild = kids[0];
            else Thread.sleep(10);
        }
        assertThat(grandchild).isPositive();
        List<Notification> all = new ArrayList<>();
        long g = grandchild;
        for (Notification n; (n = events.poll(10, TimeUnit.SECONDS)) != null; ) { // announced, so read after its exec
            all.add(n);
            if (n.getType().equals(AgentMBean.STARTED) && data(n).get("pid").equals(g)) break;
        }
        // a loaded machine may announce it before its exec: kill it as the program it became
        for (int i = 0; i < 500 && !Psutil.local().process(grandchild).name().equals("sleep"); i++) Thread.sleep(10);
        Psutil.local().process(grandchild).kill();
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && all.stream().filter(n -> n.getType().equals(AgentMBean.EXITED)).count() < 2) {
            Notification n = events.poll(100, TimeUnit.MILLISECONDS);
            if (n != null) all.add(n);
        }
        List<Notification> ofGrandchild = all.stream().filter(n -> data(n).get("pid").equals(g)).toList();
        assertThat(ofGrandchild).extracting(Notification::getType).containsExactly(AgentMBean.STARTED, AgentMBean.EXITED);
        assertThat(data(ofGrandchild.get(1)).get("exitStatus")).isEqualTo(-9);
        assertThat(data(ofGrandchild.get(1)).get("signal")).isEqualTo(9);
        assertThat(data(ofGrandchild.get(1)).get("name")).isEqualTo("sleep");
        assertThat(data(ofGrandchild.get(1)).get("ppid")).isEqualTo(sh.pid());
        List<Notification> ofShell = all.stream().filter(n -> data(n).get("pid").equals(sh.pid())).toList();
        assertThat(ofShell).extracting(Notification::getType).containsExactly(AgentMBean.STARTED, AgentMBean.EXITED);
        assertThat(data(ofShell.get(1)).get("exitStatus")).isEqualTo(3);
        assertThat((Long) agent("ProcessesKilledBySignalTotal")).isPositive();
    }

    @Test
    void anExecChangesTheNameAndCommandLine() throws Exception {
        start("interval=1h");
        Process p = spawn("sh", "-c", "sleep 0.2; exec sleep 0.3");
        assertThat(p.waitFor()).isZero();
        List<Notification> seen = about(p.pid());
        assertThat(seen).extracting(Notification::getType).containsExactly(AgentMBean.STARTED, AgentMBean.EXITED);
        CompositeData exit = data(seen.get(1));
        assertThat(exit.get("name")).isEqualTo("sleep");
        assertThat(exit.get("cmdline")).isEqualTo("sleep 0.3");
        assertThat((Double) exit.get("lifetimeSeconds")).isGreaterThanOrEqualTo(0.5);
        assertThat((Long) exit.get("peakRssBytes")).isPositive(); // read while it lived (it was registered)
    }

    @Test
    void theTableKeepsTheLatestExits() throws Exception {
        start("interval=1h,exitedKept=2");
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process p = spawn("true");
            p.waitFor();
            pids.add(p.pid());
            about(p.pid());
        }
        TabularData table = (TabularData) agent("ExitedProcesses");
        assertThat(table.values()).extracting(r -> ((CompositeData) r).get("pid")).containsExactlyInAnyOrder(pids.get(1), pids.get(2));
    }

    @Test
    void withNamedObjectNamesAnExecMovesTheMBeanToTheNewName() throws Exception {
        start("interval=1h,objectNames=name");
        Process p = spawn("sh", "-c", "sleep 0.5; exec sleep 30");
        javax.management.ObjectName before = javax.management.ObjectName.getInstance(
                "jpsutil:type=Process,scope=child,name=sh,pid=" + p.pid());
        javax.management.ObjectName after = javax.management.ObjectName.getInstance(
                "jpsutil:type=Process,scope=child,name=sleep,pid=" + p.pid());
        for (int i = 0; i < 200 && !server.isRegistered(before) && !server.isRegistered(after); i++) Thread.sleep(10);
        assertThat(server.isRegistered(before)).as("registered as the shell it is for half a second").isTrue();
        for (int i = 0; i < 300 && !server.isRegistered(after); i++) Thread.sleep(10);
        assertThat(server.isRegistered(after)).as("under its new name once it has exec'd").isTrue();
        assertThat(server.isRegistered(before)).isFalse();
        assertThat(server.getAttribute(after, "Cmdline")).isEqualTo(new String[]{"sleep", "30"});
        // the host's own MBean carries its name too, and a name that an ObjectName cannot hold bare is quoted
        assertThat(server.queryNames(javax.management.ObjectName.getInstance("jpsutil:type=Process,scope=self,*"), null))
                .singleElement().satisfies(n -> assertThat(n.getKeyProperty("name")).isEqualTo("java"));
        assertThat(Tracked.objectName("child", "a,b=c", 7).getKeyProperty("name")).isEqualTo("\"a,b=c\"");
        assertThat(Tracked.objectName("child", "", 7).getKeyProperty("name")).isEqualTo("\"\"");
        p.destroyForcibly().waitFor();
    }
}
