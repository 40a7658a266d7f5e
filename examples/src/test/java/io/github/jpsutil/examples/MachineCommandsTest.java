package io.github.jpsutil.examples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** df, netstat and ifconfig beside the same reports made with psutil 5.9.4 in psutil's scripts' layout. */
class MachineCommandsTest {
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String python(String script) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static void assumePsutil() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "Debian's python3 with python3-psutil");
    }

    @Test
    void dfHasPsutilsRowsForEveryFileSystemOnADevice() throws Exception {
        assumePsutil();
        List<String> ours = run("df").lines().toList();
        String theirs = python(String.join("\n", "import psutil",
                "templ = '%-17s %8s %8s %8s %5s%% %9s  %s'",
                "print(templ % ('Device', 'Total', 'Used', 'Free', 'Use ', 'Type', 'Mount'))",
                "for p in psutil.disk_partitions():",
                "    print(p.device, p.fstype, p.mountpoint)"));
        List<String> t = theirs.lines().toList();
        assertThat(ours.get(0)).isEqualTo(t.get(0));
        assertThat(ours).hasSize(t.size());
        for (int i = 1; i < t.size(); i++) {
            String[] f = t.get(i).split(" ");
            assertThat(ours.get(i)).startsWith(String.format("%-17s", f[0])).endsWith(String.format("%9s  %s", f[1], f[2]));
        }
    }

    @Test
    void netstatShowsThisJvmsListenerWithItsPidAndName() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            String out = run("netstat", "tcp");
            assertThat(out.lines().findFirst().orElseThrow()).startsWith("Proto Local address");
            assertThat(out).containsPattern("tcp6? +(::ffff:)?127\\.0\\.0\\.1:" + s.getLocalPort() + " +- +LISTEN +"
                    + ProcessHandle.current().pid() + " +java");
        }
    }

    @Test
    void ifconfigShowsEveryInterface() throws Exception {
        assumePsutil();
        String out = run("ifconfig");
        for (String nic : python("import psutil\nfor n in psutil.net_io_counters(pernic=True): print(n)").lines().toList())
            assertThat(out).contains(nic + ":\n    stats          : speed=");
        assertThat(out).contains("IPv4 address   : 127.0.0.1");
    }

    @Test
    void badOptionsAreOneClearError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.run(new String[]{"netstat", "tcp5"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("netstat: unknown option 'tcp5'");
    }
}
