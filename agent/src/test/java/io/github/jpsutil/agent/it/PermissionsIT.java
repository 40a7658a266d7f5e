package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A host JVM without privileges (uid 65534 through setpriv) with the agent, watching a process of
 * root: over JMX, what the kernel denies to that user is AccessDenied (a SecurityException for a
 * client without jpsutil's classes), getAttributes answers with the rest, and every operation on
 * root's process is AccessDenied and changes nothing. Its own child it may still renice (up, not
 * down). Needs root to switch users and to attach to the host; skipped otherwise.
 */
class PermissionsIT {
    static final String AS_NOBODY = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    /** What needs ptrace access to a process (exe, cwd, fd/, io): denied for another user's process. */
    static final Set<String> DENIED = new TreeSet<>(List.of("Exe", "Cwd", "NumFds", "OpenFiles", "Connections",
            "IoReadCountTotal", "IoWriteCountTotal", "IoReadBytesTotal", "IoWriteBytesTotal", "IoReadCharsTotal",
            "IoWriteCharsTotal"));

    @TempDir
    Path tmp;

    @Test
    void anUnprivilegedAgentGetsAccessDeniedAndPartialResultsNeverACrash() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a JVM as uid 65534");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Path java = AgentIT.javas().findFirst().orElseThrow();
        assertThat(asNobody("test", "-r", HostJvm.AGENT_JAR.toAbsolutePath().toString()))
                .as("uid 65534 must read %s", HostJvm.AGENT_JAR).isZero();
        assertThat(asNobody("test", "-r", HostJvm.TEST_CLASSES.resolve("io/github/jpsutil/agent/it/Host.class").toAbsolutePath().toString()))
                .as("uid 65534 must read %s", HostJvm.TEST_CLASSES).isZero();
        Path wrapper = tmp.resolve("java-as-nobody");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + AS_NOBODY + " " + java + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        // root's, not a descendant of the host; in a session of its own, since the kernel lets SIGCONT
        // through to any process of the sender's session
        Process rootSleep = new ProcessBuilder("setsid", "sleep", "120").start();
        long root = rootSleep.pid();
        Proc.awaitState(root, "S"); // settled into its sleep, so that Status reads "sleeping"
        // watch=any: root's process is another user's, which watch admits only then
        try (HostJvm host = HostJvm.start(wrapper, "interval=1m,watch=any")) {
            assertThat(Proc.keyValues("/proc/" + host.pid + "/status").get("Uid")).startsWith("65534\t");
            long own = host.spawn("sleep 120");
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            String before = stateOf(root);

            // Only watch opens a door to a process that is not the host's
            assertThat(mbs.queryNames(AgentIT.name("jpsutil:type=Process,pid=" + root + ",*"), null)).isEmpty();
            ObjectName w = AgentIT.name((String) mbs.invoke(AgentIT.AGENT, "watch", new Object[]{root}, new String[]{"long"}));
            assertThat(w).isEqualTo(AgentIT.process("watched", root));

            // getAttributes: everything but what the kernel denies
            String[] names = Arrays.stream(mbs.getMBeanInfo(w).getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
            AttributeList got = mbs.getAttributes(w, names);
            Map<String, Object> values = new java.util.HashMap<>();
            for (Attribute a : got.asList()) values.put(a.getName(), a.getValue());
            Set<String> missing = new TreeSet<>(List.of(names));
            missing.removeAll(values.keySet());
            // and the heavy ones, which a read of every attribute leaves out; alone, they are denied too
            Set<String> deniedAlone = new TreeSet<>(DENIED);
            deniedAlone.addAll(List.of("Environ", "MemoryMaps", "PssMemoryBytes", "UssMemoryBytes"));
            assertThat(missing).isEqualTo(deniedAlone);
            assertThat(values).containsEntry("Pid", root).containsEntry("Name", "sleep").containsEntry("Username", "root")
                    .containsEntry("RealUid", 0L).containsEntry("Status", "sleeping").containsEntry("Ppid", ProcessHandle.current().pid());
            assertThat(values.get("Cmdline")).isEqualTo(new String[]{"sleep", "120"});
            assertThat((Long) values.get("ResidentMemoryBytes")).isPositive();
            // each one left out fails alone with AccessDenied, as a SecurityException
            for (String a : deniedAlone) {
                assertThatThrownBy(() -> mbs.getAttribute(w, a)).as(a).isInstanceOf(MBeanException.class)
                        .hasMessageContaining("AccessDenied").hasMessageContaining("pid=" + root)
                        .satisfies(AgentIT::onlyJdkTypes)
                        .extracting(Throwable::getCause).isInstanceOf(SecurityException.class);
            }
            // and the kernel agrees: uid 65534 may not read those files of root's process
            assertThat(asNobody("readlink", "/proc/" + root + "/exe")).isNotZero();
            assertThat(asNobody("readlink", "/proc/" + root + "/cwd")).isNotZero();
            assertThat(asNobody("ls", "/proc/" + root + "/fd")).isNotZero();
            assertThat(asNobody("cat", "/proc/" + root + "/io")).isNotZero();

            // every operation on root's process: AccessDenied, and nothing happens to it
            List<Object[]> ops = List.of(new Object[]{"suspend"}, new Object[]{"resume"}, new Object[]{"terminate"},
                    new Object[]{"kill"}, new Object[]{"sendSignal", "SIGUSR1"}, new Object[]{"sendSignal", "0"},
                    new Object[]{"renice", 5}, new Object[]{"setIoNice", "idle", 0}, new Object[]{"setCpuAffinity", "0"},
                    new Object[]{"setRlimit", "nofile", 64L, 64L}, new Object[]{"setOomScoreAdj", 500});
            for (Object[] op : ops) {
                Object[] params = Arrays.copyOfRange(op, 1, op.length);
                String[] sig = Arrays.stream(params).map(p -> p instanceof Integer ? "int" : p instanceof Long ? "long"
                        : "java.lang.String").toArray(String[]::new);
                assertThatThrownBy(() -> mbs.invoke(w, (String) op[0], params, sig)).as((String) op[0])
                        .isInstanceOf(MBeanException.class).hasMessageContaining("AccessDenied").hasMessageContaining("pid=" + root)
                        .satisfies(AgentIT::onlyJdkTypes);
            }
            assertThatThrownBy(() -> mbs.setAttribute(w, new Attribute("Nice", 5))).hasMessageContaining("AccessDenied");
            assertThat(stateOf(root)).isEqualTo(before);
            assertThat(rootSleep.isAlive()).isTrue();

            // its own child it may renice up, not down (that needs CAP_SYS_NICE)
            ObjectName o = AgentIT.process("child", own);
            mbs.invoke(o, "renice", new Object[]{5}, new String[]{"int"});
            assertThat(new Proc.Stat(own).num(19)).isEqualTo(5);
            assertThatThrownBy(() -> mbs.invoke(o, "renice", new Object[]{-5}, new String[]{"int"}))
                    .hasMessageContaining("AccessDenied").hasMessageContaining("pid=" + own);
            assertThat(new Proc.Stat(own).num(19)).isEqualTo(5);

            // its own process, its child and the system read in full
            AgentIT.readAll(mbs, AgentIT.process("self", host.pid));
            AgentIT.readAll(mbs, o);
            AgentIT.readAll(mbs, AgentIT.SYSTEM);
            // denied reads are the process' answer, not faults of the agent
            assertThat(mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal")).isEqualTo(0L);
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal")).isEqualTo(0L);
            assertThat(mbs.isRegistered(w)).isTrue();
            assertThat(host.send("ping")).isEqualTo("PONG");
            assertThat(host.agentLines(0)).isEmpty();
        } finally {
            rootSleep.destroyForcibly();
            rootSleep.waitFor();
        }
    }

    /** State, nice, I/O class and start time, as /proc and ionice(1) show them. */
    private static String stateOf(long pid) throws Exception {
        Proc.Stat st = new Proc.Stat(pid);
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"));
        String cpus = status.substring(status.indexOf("Cpus_allowed_list:"), status.indexOf('\n', status.indexOf("Cpus_allowed_list:")));
        String limits = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/limits"));
        return st.get(3) + " nice=" + st.get(19) + " start=" + st.get(22) + " io=" + AgentIT.ioniceOf(pid) + " " + cpus
                + " oom_score_adj=" + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/oom_score_adj")).trim()
                + " " + limits.lines().filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
    }

    static int asNobody(String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of(AS_NOBODY.split(" ")));
        c.addAll(List.of(cmd));
        return new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
