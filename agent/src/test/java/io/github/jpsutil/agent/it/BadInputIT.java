package io.github.jpsutil.agent.it;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input to every operation and writable attribute, over JMX as a client sends it: each is
 * refused with an error that names the bad value, in JDK exception types; the host runs on and
 * nothing changes, neither the target child as the kernel shows it nor the agent's MBeans and
 * counters. Bad agent options, at premain and at a later attach, are one line naming the value.
 */
class BadInputIT {
    static final String STRING = "java.lang.String", INT = "int", LONG = "long";

    /** What must not change: the child as /proc shows it, the MBeans, the agent's counters. */
    record State(String stat, String ionice, Set<ObjectName> mbeans, Object errors, Object tracked) {
        static State of(MBeanServerConnection mbs, long child) throws Exception {
            Proc.Stat st = new Proc.Stat(child);
            // state, nice, start time: what a signal, renice or a reused pid would change
            String stat = st.get(3) + " nice=" + st.get(19) + " start=" + st.get(22);
            return new State(stat, AgentIT.ioniceOf(child), mbs.queryNames(AgentIT.name("jpsutil:*"), null),
                    mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal"), mbs.getAttribute(AgentIT.AGENT, "TrackedProcesses"));
        }
    }

    private static void bad(ThrowingCallable call, String... parts) {
        assertThatThrownBy(call).satisfies(e -> {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" / ");
            for (String p : parts) assertThat(all.toString()).as("the error names %s", p).contains(p);
        }).satisfies(AgentIT::onlyJdkTypes);
    }

    @Test
    void everyOperationAndWritableAttributeRefusesBadValuesAndChangesNothing() throws Exception {
        Path java = AgentIT.javas().findFirst().orElseThrow();
        try (HostJvm host = HostJvm.start(java, "interval=1m")) {
            long child = host.spawn("sleep 120");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            ObjectName n = AgentIT.process("child", child);
            State before = State.of(mbs, child);
            assertThat(before.stat()).startsWith("S nice=0");

            // sendSignal: unknown names, numbers out of 0-64, empty, null, another type
            for (String s : List.of("SIGFOO", "FOO", "SIG", "65", "-1", "99999999999", "SIGRTMIN+31", "SIGRTMAX+1", "9 9", "SIGKILL;"))
                bad(() -> mbs.invoke(n, "sendSignal", new Object[]{s}, new String[]{STRING}), s.trim());
            bad(() -> mbs.invoke(n, "sendSignal", new Object[]{""}, new String[]{STRING}), "signal is empty");
            bad(() -> mbs.invoke(n, "sendSignal", new Object[]{"   "}, new String[]{STRING}), "signal is empty");
            bad(() -> mbs.invoke(n, "sendSignal", new Object[]{null}, new String[]{STRING}), "signal must be a String, got null");
            bad(() -> mbs.invoke(n, "sendSignal", new Object[]{9}, new String[]{INT}), "signal must be a String, got Integer 9");

            // renice and the Nice attribute: outside -20..19, null, other types
            for (int v : new int[]{20, -21, 100, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                bad(() -> mbs.invoke(n, "renice", new Object[]{v}, new String[]{INT}), Integer.toString(v), "-20..19");
                bad(() -> mbs.setAttribute(n, new Attribute("Nice", v)), Integer.toString(v), "-20..19");
            }
            bad(() -> mbs.invoke(n, "renice", new Object[]{null}, new String[]{INT}), "nice must be an integer, got null");
            bad(() -> mbs.invoke(n, "renice", new Object[]{"5"}, new String[]{STRING}), "nice must be an integer, got String 5");
            bad(() -> mbs.invoke(n, "renice", new Object[]{1L << 40}, new String[]{LONG}), "nice", Long.toString(1L << 40));
            bad(() -> mbs.setAttribute(n, new Attribute("Nice", null)), "Nice", "got null");
            bad(() -> mbs.setAttribute(n, new Attribute("Nice", "5")), "Nice", "got 5");
            bad(() -> mbs.setAttribute(n, new Attribute("Nice", 5L)), "Nice", "Integer");
            // setAttributes answers with what it set: nothing
            assertThat(mbs.setAttributes(n, new javax.management.AttributeList(List.of(new Attribute("Nice", 99),
                    new Attribute("Nice", "x"), new Attribute("Pid", 1L))))).isEmpty();

            // setIoNice: unknown classes, levels outside 0-7, a level for none and idle, null and empty
            Object[][] ionice = {{"rt", 8, "8"}, {"be", -1, "-1"}, {"be", Integer.MAX_VALUE, Integer.toString(Integer.MAX_VALUE)},
                    {"idle", 3, "3"}, {"none", 1, "1"}, {"xyz", 0, "xyz"}, {"4", 0, "'4'"}, {"-1", 0, "'-1'"},
                    {"", 0, "I/O class is empty"}, {null, 0, "ioClass must be a String, got null"}};
            for (Object[] c : ionice)
                bad(() -> mbs.invoke(n, "setIoNice", new Object[]{c[0], c[1]}, new String[]{STRING, INT}), (String) c[2]);
            bad(() -> mbs.invoke(n, "setIoNice", new Object[]{"be", null}, new String[]{STRING, INT}), "value must be an integer, got null");

            // waitFor: negative, null, another type
            bad(() -> mbs.invoke(n, "waitFor", new Object[]{-1L}, new String[]{LONG}), "timeoutMillis", "-1");
            bad(() -> mbs.invoke(n, "waitFor", new Object[]{null}, new String[]{LONG}), "timeoutMillis must be an integer, got null");
            bad(() -> mbs.invoke(n, "waitFor", new Object[]{"10"}, new String[]{STRING}), "got String 10");

            // no such operation, wrong number of parameters, no such attribute, a read-only one
            bad(() -> mbs.invoke(n, "explode", null, null), "explode");
            bad(() -> mbs.invoke(n, "renice", null, null), "renice", "0 parameters");
            bad(() -> mbs.invoke(n, "kill", new Object[]{9}, new String[]{INT}), "kill", "1 parameters");
            bad(() -> mbs.setAttribute(n, new Attribute("Colour", 1)), "'Colour'");
            bad(() -> mbs.setAttribute(n, new Attribute("", 1)), "''");
            bad(() -> mbs.setAttribute(n, new Attribute("Pid", 1L)), "'Pid'", "read-only");
            bad(() -> mbs.getAttribute(n, ""), "''");
            bad(() -> mbs.getAttribute(n, "NoSuchThing"), "'NoSuchThing'");

            // the Agent MBean: watch and unwatch of negative, zero and huge pids, null, other types
            ObjectName agent = AgentIT.AGENT;
            for (long pid : new long[]{-1, -4242, 0, 1L << 31, Long.MAX_VALUE, Long.MIN_VALUE}) {
                bad(() -> mbs.invoke(agent, "watch", new Object[]{pid}, new String[]{LONG}), "between 1 and", "got " + pid);
                bad(() -> mbs.invoke(agent, "unwatch", new Object[]{pid}, new String[]{LONG}), "between 1 and", "got " + pid);
            }
            for (String op : List.of("watch", "unwatch")) {
                bad(() -> mbs.invoke(agent, op, new Object[]{null}, new String[]{LONG}), "pid must be a Long, got null");
                bad(() -> mbs.invoke(agent, op, new Object[]{"12"}, new String[]{STRING}), "pid must be a Long, got 12");
                bad(() -> mbs.invoke(agent, op, new Object[]{1L, 2L}, new String[]{LONG, LONG}), op, "2 parameters");
            }
            bad(() -> mbs.invoke(agent, "watch", new Object[]{host.pid}, new String[]{LONG}), Long.toString(host.pid), "scope=self");
            bad(() -> mbs.invoke(agent, "watch", new Object[]{child}, new String[]{LONG}), Long.toString(child), "already tracked");
            bad(() -> mbs.invoke(agent, "unwatch", new Object[]{child}, new String[]{LONG}), Long.toString(child), "scope=child");
            bad(() -> mbs.invoke(agent, "refresh", new Object[]{1}, new String[]{INT}), "refresh", "1 parameters");
            bad(() -> mbs.setAttribute(agent, new Attribute("ReadOnly", false)), "'ReadOnly'", "read-only");
            bad(() -> mbs.setAttribute(AgentIT.SYSTEM, new Attribute("NumCpus", 1)), "'NumCpus'", "read-only");
            bad(() -> mbs.invoke(AgentIT.SYSTEM, "gc", null, null), "gc");

            // nothing changed: the child as the kernel shows it, the MBeans, the agent's counters; the host answers
            assertThat(State.of(mbs, child)).isEqualTo(before);
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(host.agentLines(0)).as("bad input is the caller's error, not logged by the agent").isEmpty();
            // and the child is still one the operations reach
            mbs.invoke(n, "renice", new Object[]{3}, new String[]{INT});
            assertThat(new Proc.Stat(child).num(19)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "interval=0ms|'0ms'",
            "interval=99ms|'99ms'",
            "interval=25h|'25h'",
            "interval=-1s|'-1s'",
            "interval=|''",
            "interval=1.5s|'1.5s'",
            "interval=9999999999ms|'9999999999ms'",
            "=5s|''",
            "interval=1s,interval=2s|twice",
            "children=yes|'yes'",
            "allowSelfSignals=1|'1'",
            "readOnly|'readOnly'",
            "interval=1s;readOnly=true|'1s;readOnly=true'",
    })
    void badOptionsAtStartAreOneLineNamingTheValue(String options, String named) throws Exception {
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), options)) {
            List<String> lines = host.agentLines(10_000);
            assertThat(lines).singleElement().asString().startsWith("jpsutil: bad agent options").contains(named)
                    .endsWith("the agent is off");
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(host.send("mbeans")).isEqualTo("MBEANS 0");
            assertThat(host.stderr()).hasSize(1);
        }
    }

    @Test
    void badOptionsAtAttachLeaveTheRunningAgentAsItWas() throws Exception {
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m,readOnly=true")) {
            long child = host.spawn("sleep 120");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            State before = State.of(mbs, child);
            Object samples = mbs.getAttribute(AgentIT.AGENT, "SamplesTotal");
            host.loadAgent("interval=5s,readOnly=perhaps");
            assertThat(host.agentLines(10_000)).singleElement().asString()
                    .contains("'perhaps'").contains("readOnly")
                    .endsWith("it keeps interval=1m,children=true,readOnly=true,allowSelfSignals=false,watch=own,events=auto,exitedKept=100");
            assertThat(mbs.getAttribute(AgentIT.AGENT, "Options")).isEqualTo("interval=1m,children=true,readOnly=true,allowSelfSignals=false,watch=own,events=auto,exitedKept=100");
            assertThat(mbs.getAttribute(AgentIT.AGENT, "SamplesTotal")).as("the same agent, not a new one").isEqualTo(samples);
            assertThat(State.of(mbs, child)).isEqualTo(before);
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }
}
