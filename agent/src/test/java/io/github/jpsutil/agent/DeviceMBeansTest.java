package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One MBean per disk, network interface and mounted file system, on a private MBeanServer driven by refresh(). */
class DeviceMBeansTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Psutil ps = Psutil.local();
    private Sampler sampler;

    @AfterEach
    void tearDown() {
        if (sampler != null) sampler.close();
    }

    private void start() throws JMException {
        sampler = new Sampler(ps, server, Options.parse("interval=1h"));
        sampler.start();
    }

    private void refresh() throws JMException {
        server.invoke(Sampler.AGENT_NAME, "refresh", null, null);
    }

    private Set<String> names(String type, String key) throws JMException {
        return server.queryNames(new ObjectName("jpsutil:type=" + type + ",*"), null).stream()
                .map(n -> ObjectName.unquote(n.getKeyProperty(key).startsWith("\"") ? n.getKeyProperty(key) : "\"" + n.getKeyProperty(key) + "\""))
                .collect(Collectors.toSet());
    }

    @Test
    void oneMBeanPerDiskInterfaceAndFileSystemOfTheMachine() throws Exception {
        start();
        assertThat(names("Disk", "name")).isEqualTo(ps.diskIoCountersPerdisk().keySet());
        assertThat(names("NetworkInterface", "name")).isEqualTo(ps.netIoCountersPernic().keySet());
        assertThat(names("FileSystem", "mountpoint")).containsExactlyInAnyOrderElementsOf(
                ps.diskPartitions(false).stream().map(p -> p.mountpoint()).toList()).contains("/");
        ObjectName root = new ObjectName("jpsutil:type=FileSystem,mountpoint=/");
        long total = (Long) server.getAttribute(root, "TotalBytes");
        assertThat(total).isEqualTo(ps.diskUsage("/").total());
        assertThat((String) server.getAttribute(root, "Type")).isEqualTo(ps.diskPartitions(false).stream()
                .filter(p -> p.mountpoint().equals("/")).findFirst().orElseThrow().fstype());
    }

    @Test
    void ratesOverTheSamplersWindowFollowTheCounters() throws Exception {
        start();
        ObjectName lo = new ObjectName("jpsutil:type=NetworkInterface,name=lo");
        long before = (Long) server.getAttribute(lo, "ReceivedBytesTotal");
        refresh(); // opens a window
        long t0 = System.nanoTime();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), s.getLocalPort()); Socket a = s.accept()) {
            byte[] chunk = new byte[1 << 20];
            OutputStream out = c.getOutputStream();
            InputStream in = a.getInputStream();
            for (int i = 0; i < 8; i++) {
                out.write(chunk);
                in.readNBytes(chunk.length);
            }
        }
        Thread.sleep(200);
        refresh(); // closes it
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = (Long) server.getAttribute(lo, "ReceivedBytesTotal");
        assertThat(after - before).isGreaterThanOrEqualTo(8L << 20);
        double rate = (Double) server.getAttribute(lo, "ReceivedBytesPerSecond");
        // 8 MiB over the window, which began a little before t0 and ended a little after
        assertThat(rate).isGreaterThan((8 << 20) / (seconds + 5)).isLessThanOrEqualTo((after - before) / 0.2);
        for (String disk : ps.diskIoCountersPerdisk().keySet()) {
            double busy = (Double) server.getAttribute(Devices.objectName("Disk", "name", disk), "BusyPercent");
            assertThat(busy).isBetween(0.0, 100.0);
        }
    }

    @Test
    void anInterfaceThatComesAndGoesHasAnMBeanWhileItExists() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) && "0".equals(run("id", "-u").trim()),
                "needs root and iproute2 to add a bridge interface");
        String nic = "jps" + ThreadLocalRandom.current().nextInt(100000, 999999);
        start();
        ObjectName n = new ObjectName("jpsutil:type=NetworkInterface,name=" + nic);
        // a bridge without ports: an interface of its own, down, that affects no traffic of the machine
        Assumptions.assumeTrue(runs("/usr/sbin/ip", "link", "add", nic, "type", "bridge"), "the kernel has no bridge interfaces");
        try {
            assertThat(server.isRegistered(n)).isFalse();
            refresh();
            assertThat(server.isRegistered(n)).isTrue();
            assertThat(server.getAttribute(n, "Up")).isEqualTo(0);
            assertThat(server.getAttribute(n, "MtuBytes")).isEqualTo(1500);
        } finally {
            runs("/usr/sbin/ip", "link", "del", nic);
        }
        refresh();
        assertThat(server.isRegistered(n)).isFalse();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static boolean runs(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
