package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.AfterEach;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the tests of the agent on a private MBeanServer share: this test JVM as the host, its
 * real children (reaped after each test), the Agent's notifications as they come.
 */
abstract class PrivateServerTest {
    final MBeanServer server = MBeanServerFactory.newMBeanServer();
    final List<Process> children = new ArrayList<>();
    final BlockingQueue<Notification> events = new LinkedBlockingQueue<>();
    Sampler sampler;

    Sampler start(String options) throws JMException {
        sampler = new Sampler(Psutil.local(), server, Options.parse(options));
        sampler.start();
        server.addNotificationListener(Sampler.AGENT_NAME, (n, hb) -> events.add(n), null, null);
        return sampler;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (sampler != null) sampler.close();
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    Process spawn(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        return p;
    }
}
