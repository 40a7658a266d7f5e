package io.github.jpsutil.jconsole;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM running {@link ChildrenHost}, with or without the packaged agent jar, and a JMX
 * connection to it made as JConsole makes one to a local JVM (the Attach API starts its local
 * management agent). {@link #close} ends it and every descendant.
 */
final class ForkedHost implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("jpsutil.agent.jar", "../agent/target/jpsutil-agent.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("jpsutil.test.classes", "target/test-classes"));
    static final Path JAVA_17 = Path.of(System.getProperty("java.home"), "bin", "java");
    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    final Process process;
    final long pid;
    /** The children started from the scripts, in their order. */
    final List<Long> children = new ArrayList<>();
    private final List<ProcessHandle> all = new ArrayList<>();
    private JMXConnector connector;

    private ForkedHost(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the host did not start: " + ready);
        }
        String[] w = ready.split(" ");
        pid = Long.parseLong(w[1]);
        for (int i = 2; i < w.length; i++) children.add(Long.parseLong(w[i]));
        all.add(process.toHandle());
    }

    /**
     * @param agentOptions null: no agent; "" the agent with its defaults
     * @param jvmOptions   more options of the host JVM
     */
    static ForkedHost start(Path java, String agentOptions, List<String> jvmOptions, String... childScripts) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx64m"));
        if (agentOptions != null) {
            if (!Files.isRegularFile(AGENT_JAR)) throw new IllegalStateException(AGENT_JAR + " is missing: build the agent first");
            cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", TEST_CLASSES.toAbsolutePath().toString(), ChildrenHost.class.getName()));
        cmd.addAll(Arrays.asList(childScripts));
        return new ForkedHost(cmd);
    }

    MBeanServerConnection connect() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        return connector.getMBeanServerConnection();
    }

    /** Connects, then waits until the agent has registered the host and {@code n} descendants. */
    MBeanServerConnection connect(int n) throws Exception {
        MBeanServerConnection c = connect();
        awaitProcesses(c, n);
        return c;
    }

    /** Waits until the agent has registered the host and {@code n} descendants, sampling now each time. */
    private void awaitProcesses(MBeanServerConnection c, int n) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (c.isRegistered(ProcessReader.AGENT)) {
                c.invoke(ProcessReader.AGENT, "refresh", null, null);
                if (c.queryNames(ProcessReader.PROCESSES, null).size() >= n + 1) return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the agent in " + pid + " did not show " + n + " descendants");
    }

    @Override
    public void close() throws Exception {
        try {
            if (connector != null) connector.close();
        } catch (IOException e) {
            // the host may be gone already
        }
        process.descendants().forEach(all::add);
        process.getOutputStream().close(); // the host ends its children and exits
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        for (ProcessHandle h : all) h.destroyForcibly();
        for (ProcessHandle h : all) h.onExit().get(10, TimeUnit.SECONDS);
    }
}
