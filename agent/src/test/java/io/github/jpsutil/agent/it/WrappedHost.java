package io.github.jpsutil.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Host} JVM with the packaged agent, started through a wrapper command (unshare, or a shell
 * that moves itself into cgroups first): {@code launcher} is the process started here, which is or
 * becomes the JVM or its parent. {@link #close} tells the Host to quit and reaps everything.
 */
final class WrappedHost implements AutoCloseable {
    final Process launcher;
    /** The pid the Host printed: its pid in its own pid namespace. */
    final long reportedPid;

    WrappedHost(List<String> wrapper, Path java, String agentOptions, String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(java.toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=" + agentOptions);
        cmd.addAll(List.of("-cp", HostJvm.TEST_CLASSES.toAbsolutePath().toString(), Host.class.getName()));
        launcher = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ready = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            close();
            throw new IllegalStateException("host did not start: " + cmd);
        }
        reportedPid = Long.parseLong(ready.substring(6));
    }

    @Override
    public void close() throws IOException {
        try (Writer w = new OutputStreamWriter(launcher.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write("quit\n");
        } catch (IOException gone) {
            // ended already
        }
        try {
            if (!launcher.waitFor(20, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
                launcher.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.destroyForcibly();
        }
    }
}
