package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults inside the agent, injected from outside with no hook in the agent's code: a sampling round
 * that fails (another party holds the ObjectName of a child the agent is about to register), an
 * attribute read that fails (JNA's native library switched off by JNA's own system properties), and
 * a start that fails (an MBeanServerBuilder that does not exist, as a misconfigured app server
 * would have). Each is counted on jpsutil:type=Agent (ErrorsTotal, LastError) and logged once; the
 * next sample and the next read work; the host never sees an exception.
 */
class FaultIT {
    static final Path JAVA = AgentIT.javas().findFirst().orElseThrow();

    private static long errors(MBeanServerConnection mbs) throws Exception {
        return (Long) mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal");
    }

    @Test
    void aFailingSampleIsCountedLoggedOnceAndTheNextSampleWorks() throws Exception {
        // polling: a new child waits for the next round (with process events it would be tracked at once)
        try (HostJvm host = HostJvm.start(JAVA, "interval=1m,events=poll")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            while ((Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal") < 1) Thread.sleep(10); // the first sample is over
            long a = host.spawn("sleep 120"); // not yet seen: the next sample is a minute away
            ObjectName na = AgentIT.process("child", a);
            // someone else registers an MBean under the name the agent will want for it
            mbs.createMBean("javax.management.timer.Timer", na);
            long samples = (Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal");
            assertThat(errors(mbs)).isZero();

            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat(errors(mbs)).isEqualTo(1);
            assertThat((String) mbs.getAttribute(AgentIT.AGENT, "LastError"))
                    .contains("tracking pid " + a).contains("InstanceAlreadyExistsException");
            List<String> lines = host.agentLines(5_000);
            assertThat(lines).singleElement().asString().startsWith("jpsutil: tracking pid " + a)
                    .contains("InstanceAlreadyExistsException").contains("further errors are counted in jpsutil:type=Agent ErrorsTotal");

            // the same fault again: counted, not logged again; the round itself goes on and finds others
            long b = host.spawn("sleep 120");
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat(errors(mbs)).isEqualTo(2);
            assertThat(mbs.isRegistered(AgentIT.process("child", b))).isTrue();
            assertThat(mbs.getAttribute(AgentIT.process("child", b), "Name")).isEqualTo("sleep");
            assertThat(mbs.getMBeanInfo(na).getClassName()).isEqualTo("javax.management.timer.Timer");

            // the name is free again: the next sample registers the child
            mbs.unregisterMBean(na);
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat(mbs.getAttribute(na, "Pid")).isEqualTo(a);
            assertThat(mbs.getAttribute(na, "Name")).isEqualTo("sleep");
            assertThat(errors(mbs)).isEqualTo(2);
            assertThat((Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal")).isEqualTo(samples + 3);
            Thread.sleep(200);
            assertThat(host.agentLines(0)).hasSize(1);
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }

    @Test
    void aFailingReadIsCountedLoggedOnceAndTheNextReadWorks() throws Exception {
        try (HostJvm host = HostJvm.launch(JAVA, "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1m",
                "-Djna.noclasspath=true", "-Djna.nosys=true", "-Djna.boot.library.path=/nonexistent")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            ObjectName self = AgentIT.process("self", host.pid);
            assertThat(errors(mbs)).isZero();

            assertThatThrownBy(() -> mbs.getAttribute(self, "IoNiceClass")).isInstanceOf(MBeanException.class)
                    .hasMessageContaining("native access");
            assertThat(errors(mbs)).isEqualTo(1);
            assertThat((String) mbs.getAttribute(AgentIT.AGENT, "LastError"))
                    .startsWith("reading IoNiceClass of pid " + host.pid + ": ").contains("needs native access, which is unavailable");
            assertThat(host.agentLines(5_000)).singleElement().asString()
                    .startsWith("jpsutil: reading IoNiceClass of pid " + host.pid).contains("further errors are counted");

            // the next read works; a getAttributes call leaves out the two and counts them
            assertThat(mbs.getAttribute(self, "Name")).isEqualTo("java");
            String[] names = Arrays.stream(mbs.getMBeanInfo(self).getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
            long heavy = Arrays.stream(mbs.getMBeanInfo(self).getAttributes())
                    .filter(a -> "true".equals(a.getDescriptor().getFieldValue("heavy"))).count(); // read by name only
            assertThat(mbs.getAttributes(self, names)).hasSize(names.length - 2 - (int) heavy);
            assertThat(errors(mbs)).isEqualTo(3);
            for (int i = 0; i < 3; i++) assertThatThrownBy(() -> mbs.getAttribute(self, "IoNiceClass"));
            assertThat(errors(mbs)).isEqualTo(6);
            Thread.sleep(200);
            assertThat(host.agentLines(0)).as("each kind once").hasSize(2)
                    .anySatisfy(l -> assertThat(l).startsWith("jpsutil: reading IoNiceValue of pid " + host.pid));

            // a process that exited is its own answer, not a fault of the agent
            long child = host.spawnShell("exit 0");
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat(host.send("wait " + child)).isEqualTo("EXIT 0");
            ObjectName c = AgentIT.process("child", child);
            if (mbs.isRegistered(c)) assertThatThrownBy(() -> mbs.getAttribute(c, "Name")).hasMessageContaining("NoSuchProcess");
            assertThat(errors(mbs)).isEqualTo(6);
            // sampling goes on
            long samples = (Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal");
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat((Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal")).isEqualTo(samples + 1);
            assertThat(mbs.isRegistered(c)).isFalse();
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }

    @Test
    void aStartThatFailsIsOneLineAndTheHostRunsOn() throws Exception {
        // An MBeanServerBuilder that cannot load: the platform MBeanServer cannot be made
        try (HostJvm host = HostJvm.launch(JAVA, "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1m",
                "-Djavax.management.builder.initial=no.such.Builder")) {
            List<String> lines = host.agentLines(10_000);
            assertThat(lines).singleElement().asString().startsWith("jpsutil: cannot start").contains("no.such.Builder")
                    .endsWith("the agent is off");
            assertThat(host.send("ping")).isEqualTo("PONG");
            long child = host.spawn("sleep 120");
            assertThat(new Proc.Stat(child).num(4)).isEqualTo(host.pid);
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(host.process.isAlive()).isTrue();
            assertThat(host.stderr()).hasSize(1);
        }
    }
}
