package io.github.jpsutil.agent.it;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked host JVM (running {@link Host}) with the packaged agent jar, and a JMX connection to it
 * made as JConsole makes one to a local process: the Attach API starts the JVM's local management
 * agent and gives its connector address. {@link #close} ends the JVM and every child it started.
 */
final class HostJvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("jpsutil.agent.jar", "target/jpsutil-agent.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("jpsutil.test.classes", "target/test-classes"));

    final Process process;
    final long pid;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();
    private final Writer in;
    private final List<ProcessHandle> children = new ArrayList<>();
    private final List<String> foreignLines = new ArrayList<>();
    private JMXConnector connector;

    /** {@code foreign}: stdout lines that are not the Host's answers (another agent's banner), kept apart. */
    private HostJvm(Process process, java.util.function.Predicate<String> foreign) throws IOException, InterruptedException {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), l -> {
            if (!foreign.test(l)) lines.add(l);
            else synchronized (foreignLines) {
                foreignLines.add(l);
            }
        });
        drain(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), l -> {
            synchronized (stderr) {
                stderr.add(l);
            }
        });
        String ready = lines.poll(30, TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("READY "))
            throw new IllegalStateException("host did not start: " + ready + ", stderr " + stderr());
        pid = Long.parseLong(ready.substring(6));
    }

    /** Starts a host on this java binary with the agent and its options (null for none). */
    static HostJvm start(Path java, String options) throws IOException, InterruptedException {
        if (!Files.isRegularFile(AGENT_JAR)) throw new IllegalStateException(AGENT_JAR + " is missing: run mvn package first");
        return launch(java, "-javaagent:" + AGENT_JAR.toAbsolutePath() + (options == null ? "" : "=" + options));
    }

    /** Starts a host without the agent, ready to have it loaded by the Attach API. */
    static HostJvm startWithoutAgent(Path java) throws IOException, InterruptedException {
        // Java 21+ warns about agents loaded into a running JVM unless told to expect them; 17 knows no such flag.
        return launch(java, "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading");
    }

    static HostJvm launch(Path java, String... jvmArgs) throws IOException, InterruptedException {
        return launchWithForeignOutput(l -> false, java, jvmArgs);
    }

    private static void drain(BufferedReader r, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) sink.accept(l);
            } catch (IOException e) {
                // the host is gone
            }
        }, "host-output");
        t.setDaemon(true);
        t.start();
    }

    /** Sends a command and returns the host's one-line answer, waiting up to 30 s for it. */
    String send(String command) throws IOException, InterruptedException {
        return send(command, 30);
    }

    /** Sends a command and returns the host's one-line answer, waiting up to {@code seconds} for it. */
    String send(String command, long seconds) throws IOException, InterruptedException {
        in.write(command + "\n");
        in.flush();
        String answer = lines.poll(seconds, TimeUnit.SECONDS);
        if (answer == null) throw new IllegalStateException("no answer to '" + command + "'; stderr " + stderr());
        if (answer.startsWith("ERROR")) throw new IllegalStateException(command + ": " + answer);
        return answer;
    }

    /** Starts a child of the host; it is killed when this host is closed. */
    long spawn(String command) throws IOException, InterruptedException {
        return child(send("spawn " + command));
    }

    /** Starts a child of the host running {@code sh -c script}. */
    long spawnShell(String script) throws IOException, InterruptedException {
        return child(send("spawnsh " + script));
    }

    private long child(String answer) {
        long child = Long.parseLong(answer.substring(4));
        ProcessHandle.of(child).ifPresent(children::add); // keeps the start time, so a reused pid is never hit
        return child;
    }

    List<String> stderr() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    /** The host's lines starting with "jpsutil", once at least one arrived (or after the timeout). */
    List<String> agentLines(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> out;
        do {
            out = stderr().stream().filter(l -> l.startsWith("jpsutil")).toList();
            if (!out.isEmpty()) return out;
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return out;
    }

    /** Loads the agent jar into the running host, as agentmain, the way a later CLI's attach will. */
    void loadAgent(String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(AGENT_JAR.toAbsolutePath().toString(), options);
        } finally {
            vm.detach();
        }
    }

    /** Waits for the agent, connects, and has it sample once, so that every child spawned so far has its MBean. */
    MBeanServerConnection connectSampled() throws Exception {
        awaitAgent();
        MBeanServerConnection mbs = connect();
        mbs.invoke(AgentIT.AGENT, "refresh", null, null);
        return mbs;
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

    /** Waits until the agent has registered its MBeans (it does so on its own thread after premain). */
    void awaitAgent() throws Exception {
        for (int i = 0; i < 500; i++) {
            if (send("agent").equals("AGENT")) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("the agent registered nothing; stderr " + stderr());
    }

    @Override
    public void close() throws IOException {
        try {
            if (connector != null) connector.close();
        } catch (IOException e) {
            // the host may be gone already
        } finally {
            try {
                if (process.isAlive()) {
                    in.write("quit\n");
                    in.flush();
                }
            } catch (IOException e) {
                // stdin closed: it is on its way out
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
                process.waitFor();
                for (ProcessHandle c : children) c.destroyForcibly();
                for (ProcessHandle c : children) c.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("a child of host " + pid + " did not end", e);
            }
        }
    }

    /**
     * Like {@link #launch}, for a JVM with another agent that prints on stdout at a time of its own
     * (Jolokia's "Jolokia: Agent started with URL ..."): lines that {@code foreign} accepts are kept
     * for {@link #foreignLines} instead of being taken for the Host's answers.
     */
    static HostJvm launchWithForeignOutput(java.util.function.Predicate<String> foreign, Path java, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx64m"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", TEST_CLASSES.toAbsolutePath().toString(), Host.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        try {
            return new HostJvm(p, foreign);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            p.waitFor();
            throw e;
        }
    }

    /** The stdout lines kept apart by {@link #launchWithForeignOutput}. */
    List<String> foreignLines() {
        synchronized (foreignLines) {
            return new ArrayList<>(foreignLines);
        }
    }
}
