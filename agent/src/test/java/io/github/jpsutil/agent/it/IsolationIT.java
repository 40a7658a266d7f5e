package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's JNA (5.19, in its own class loader) beside an application's own older JNA 5.13.0 and
 * Byte Buddy 1.14 on the class path: both make native calls in the same JVM. And a JVM where JNA's
 * native library cannot load at all: every /proc attribute still reads, and what needs a system call
 * (I/O priority, signals, renice) fails with a message that says so.
 */
class IsolationIT {
    static final Path LIBS = Path.of(System.getProperty("jpsutil.isolation.libs", "target/isolation-libs"));

    @TempDir
    Path tmp;

    /** A java that puts the application's own jars on the class path HostJvm gives it. */
    private Path javaWithAppJars(Path java) throws Exception {
        String jars;
        try (Stream<Path> s = Files.list(LIBS)) {
            jars = s.map(p -> p.toAbsolutePath().toString()).sorted().reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        }
        assertThat(jars).contains("jna-5.13.0.jar").contains("byte-buddy-1.14.12.jar");
        Path wrapper = tmp.resolve("java-with-app-jars");
        Files.writeString(wrapper, String.join("\n", "#!/bin/sh",
                "# java, with the application's jars added to the class path after -cp",
                "n=$#; cp=no",
                "for a in \"$@\"; do",
                "  if [ $cp = yes ]; then a=\"$a:" + jars + "\"; fi",
                "  if [ \"$a\" = -cp ]; then cp=yes; else cp=no; fi",
                "  set -- \"$@\" \"$a\"",
                "done",
                "shift $n",
                "exec " + java + " \"$@\"", ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jpsutil.agent.it.AgentIT#javas")
    void anApplicationWithItsOwnOlderJnaAndByteBuddyWorksBesideTheAgent(Path java) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(java), java + " is not installed");
        try (HostJvm host = HostJvm.start(javaWithAppJars(java), "interval=200ms")) {
            // the application's own JNA makes a native call before the agent's first
            assertThat(host.send("getpid-jna")).isEqualTo("GETPID " + host.pid + " JNA jna-5.13.0.jar");
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            ObjectName c = agentsNativeCallsWork(mbs, host, child, 7); // and a signal:
            mbs.invoke(c, "suspend", null, null);
            assertThat(Proc.awaitState(child, "T")).isEqualTo("T");
            mbs.invoke(c, "resume", null, null);
            // and the application's go on working: JNA again, Byte Buddy making and loading a class
            assertThat(host.send("getpid-jna")).isEqualTo("GETPID " + host.pid + " JNA jna-5.13.0.jar");
            assertThat(host.send("bytebuddy")).isEqualTo("BYTEBUDDY made_by_Byte_Buddy");
            // each side has its own classes: the application sees its JNA, never the agent's
            assertThat(host.send("class com.sun.jna.Native")).isEqualTo("FOUND");
            assertThat(host.send("class io.github.jpsutil.Psutil")).isEqualTo("MISSING");
            // two native dispatch libraries in the process: the application's and the agent's
            List<String> dispatch = Files.readAllLines(Path.of("/proc/" + host.pid + "/maps")).stream()
                    .filter(l -> l.contains("/")).map(l -> l.substring(l.indexOf('/')))
                    .filter(f -> f.contains("jnidispatch") || Path.of(f.replace(" (deleted)", "")).getFileName().toString().matches("jna-?\\d+(\\.tmp)?"))
                    .distinct().toList();
            assertThat(dispatch).as("libjnidispatch mappings").hasSize(2);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal")).isEqualTo(0L);
            // Java 24+ warns once of the application's own JNA calling System::load (the application
            // did not enable native access); nothing comes from the agent, which enabled its own. The
            // lines name jars by their paths, which hold the checkout's folder: only file names count.
            String agentJar = HostJvm.AGENT_JAR.getFileName().toString();
            assertThat(host.stderr()).as("stderr").filteredOn(l -> !l.isEmpty())
                    .allSatisfy(l -> assertThat(l).startsWith("WARNING: ").doesNotContain(agentJar)
                            .doesNotContain("io.github.jpsutil").doesNotContain("jpsutil:"));
            assertThat(host.stderr()).filteredOn(l -> l.contains("file:")).allSatisfy(l -> assertThat(l).contains("jna-5.13.0.jar"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jpsutil.agent.it.AgentIT#javas")
    void anApplicationWithJnaOnItsModulePathDoesNotShadowTheAgentsJna(Path java) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(java), java + " is not installed");
        // The platform class loader (the agent's loader's parent) hands com.sun.jna to the module
        // path's module: the agent's loader must take its own copy first.
        try (HostJvm host = HostJvm.launch(java, "-p", LIBS.resolve("jna-5.13.0.jar").toAbsolutePath().toString(),
                "--add-modules", "com.sun.jna", "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=200ms")) {
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            agentsNativeCallsWork(mbs, host, child, 6);
            assertThat(mbs.getAttribute(AgentIT.AGENT, "ErrorsTotal")).isEqualTo(0L);
            assertThat(host.stderr()).as("stderr").filteredOn(l -> !l.isBlank()).isEmpty();
        }
    }

    @Test
    void withoutJnasNativeLibraryProcAttributesServeAndSystemCallsSayWhy() throws Exception {
        // JNA looks for its native library in jna.boot.library.path, then (unless jna.nosys) on the
        // system library path, then (unless jna.noclasspath) unpacks it from its jar: all three shut.
        try (HostJvm host = HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(),
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=200ms",
                "-Djna.noclasspath=true", "-Djna.nosys=true", "-Djna.boot.library.path=/nonexistent")) {
            long child = host.spawn("sleep 120");
            MBeanServerConnection mbs = host.connectSampled();
            ObjectName c = AgentIT.process("child", child);
            String before = AgentIT.kernelState(child);

            AgentIT.everyAttributeButIoNiceReads(mbs, host.pid, child);
            // the user name comes from /etc/passwd when getpwuid_r cannot be called
            for (ObjectName n : List.of(c, AgentIT.process("self", host.pid)))
                assertThat(mbs.getAttribute(n, "Username")).isEqualTo(Proc.run("id", "-un"));
            AgentIT.readAll(mbs, AgentIT.SYSTEM);
            assertThat(mbs.getAttribute(c, "Name")).isEqualTo("sleep");
            assertThat(mbs.getAttribute(c, "Ppid")).isEqualTo(host.pid);
            assertThatThrownBy(() -> mbs.getAttribute(c, "IoNiceClass")).isInstanceOf(MBeanException.class)
                    .hasMessageContaining("ioprio_get needs native access, which is unavailable")
                    .satisfies(AgentIT::onlyJdkTypes);

            // each operation that needs a system call says so, and nothing happens
            Map<String, Object[]> ops = Map.of("renice", new Object[]{"setpriority", 5},
                    "setIoNice", new Object[]{"ioprio_set", "idle", 0},
                    "sendSignal", new Object[]{"", "SIGUSR1"}, "suspend", new Object[]{""}, "kill", new Object[]{""});
            for (Map.Entry<String, Object[]> op : ops.entrySet()) {
                Object[] params = Arrays.copyOfRange(op.getValue(), 1, op.getValue().length);
                String[] sig = Arrays.stream(params).map(p -> p instanceof Integer ? "int" : "java.lang.String").toArray(String[]::new);
                assertThatThrownBy(() -> mbs.invoke(c, op.getKey(), params, sig)).as(op.getKey())
                        .isInstanceOf(MBeanException.class).hasMessageContaining((String) op.getValue()[0])
                        .hasMessageContaining("needs native access, which is unavailable").satisfies(AgentIT::onlyJdkTypes);
            }
            assertThat(AgentIT.kernelState(child)).isEqualTo(before);

            // the agent goes on: it samples, and finds new children
            long samples = (Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal");
            long second = host.spawn("sleep 120");
            for (int i = 0; i < 100 && !mbs.isRegistered(AgentIT.process("child", second)); i++) Thread.sleep(50);
            assertThat(mbs.isRegistered(AgentIT.process("child", second))).isTrue();
            // a sample registers what it found before it counts itself done
            for (int i = 0; i < 100 && (Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal") <= samples; i++) Thread.sleep(50);
            assertThat((Long) mbs.getAttribute(AgentIT.AGENT, "SamplesTotal")).isGreaterThan(samples);
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }

    /**
     * The agent's native calls: ioprio_get in the reads of the host and of the child, setpriority to
     * {@code nice}, ioprio_set; each seen in the kernel. Returns the child's ObjectName.
     */
    private static ObjectName agentsNativeCallsWork(MBeanServerConnection mbs, HostJvm host, long child, int nice) throws Exception {
        ObjectName c = AgentIT.process("child", child);
        AgentIT.readAll(mbs, AgentIT.process("self", host.pid));
        AgentIT.readAll(mbs, c);
        mbs.invoke(c, "renice", new Object[]{nice}, new String[]{"int"});
        assertThat(new Proc.Stat(child).num(19)).isEqualTo(nice);
        mbs.invoke(c, "setIoNice", new Object[]{"idle", 0}, new String[]{"java.lang.String", "int"});
        assertThat(AgentIT.ioniceOf(child)).isEqualTo("idle 0");
        return c;
    }
}
