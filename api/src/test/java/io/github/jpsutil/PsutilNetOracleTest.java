package io.github.jpsutil;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Network interfaces beside psutil 5.9.4 and ip, read at the same moment. */
class PsutilNetOracleTest {
    private final Psutil ps = Psutil.local();

    @BeforeAll
    static void psutilPresent() {
        PsutilOracle.assumePresent();
    }

    private static List<String> psutil(String script) {
        return Live.run("/usr/bin/python3", "-c", "import psutil\n" + script).lines().toList();
    }

    @Test
    void trafficPerInterfaceAndInTotal() {
        Map<String, NetIoCounters> before = ps.netIoCountersPernic();
        NetIoCounters totalBefore = ps.netIoCounters();
        List<String> theirs = psutil("print('total', *psutil.net_io_counters())\n"
                + "for n, c in psutil.net_io_counters(pernic=True).items(): print(n, *c)\n");
        Map<String, NetIoCounters> after = ps.netIoCountersPernic();
        NetIoCounters totalAfter = ps.netIoCounters();
        assertThat(theirs.stream().skip(1).map(l -> l.split(" ")[0]).toList()).isEqualTo(List.copyOf(before.keySet()));
        for (String line : theirs) {
            String[] f = line.split(" ");
            long[] lo = fields(f[0].equals("total") ? totalBefore : before.get(f[0]));
            long[] hi = fields(f[0].equals("total") ? totalAfter : after.get(f[0]));
            for (int i = 0; i < 8; i++) assertThat(Long.parseLong(f[i + 1])).as(f[0] + " field " + i).isBetween(lo[i], hi[i]);
        }
    }

    private static long[] fields(NetIoCounters c) {
        return new long[]{c.bytesSent(), c.bytesRecv(), c.packetsSent(), c.packetsRecv(), c.errin(), c.errout(), c.dropin(),
                c.dropout()};
    }

    @Test
    void interfaceStatsAndAddressesAreEqual() {
        List<String> theirs = psutil(NetInterfacesPrinter.PSUTIL_SCRIPT);
        assertThat(Set.copyOf(NetInterfacesPrinter.lines(ps))).isEqualTo(Set.copyOf(theirs));
        if (Live.commandExists("ip")) {
            // ip -o addr: "2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0 ..."
            for (String l : Live.run("ip", "-o", "addr").split("\n")) {
                String[] f = l.trim().split("\\s+");
                String address = f[3].substring(0, f[3].indexOf('/'));
                assertThat(ps.netIfAddrs()).as(l).anyMatch(a -> a.nic().equals(f[1]) && a.address().startsWith(address));
            }
        }
    }

    /** The class path of this test run (the api's classes and JNA lie on the module path under the build), for a forked JVM. */
    private static String classPath() {
        return System.getProperty("java.class.path") + java.io.File.pathSeparator + System.getProperty("jdk.module.path", "");
    }

    /**
     * Interfaces of every kind (an IPv4 label, veth up without carrier and down, a tun device with
     * IPv4 and IPv6 peers, a promiscuous bridge) in a network namespace made for the test: psutil
     * and a forked JVM with jpsutil read it one after the other. The namespace ends with them.
     */
    @Test
    void interfacesOfEveryKindInANetworkNamespaceAreEqual() throws Exception {
        Assumptions.assumeTrue(Live.commandExists("unshare") && Live.commandExists("ip") && Files.exists(Path.of("/dev/net/tun"))
                && Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root, unshare, ip and /dev/net/tun");
        String setup;
        try (var in = PsutilNetOracleTest.class.getResourceAsStream("/net/netns-interfaces.sh")) {
            setup = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = Live.run("unshare", "-n", "sh", "-c", setup + "\n" + PsutilOracle.PYTHON + " -c \"$1\"\necho ---\n"
                + "\"$2\" -cp \"$3\" " + NetInterfacesPrinter.class.getName() + "\n", "sh", NetInterfacesPrinter.PSUTIL_SCRIPT, java,
                classPath());
        String[] sides = out.split("---\n", -1);
        assertThat(sides).as(out).hasSize(2);
        List<String> theirs = sides[0].lines().toList();
        // the namespace was made as asked: these rows are psutil's, before they are compared with ours
        assertThat(theirs).contains("addr tun0 2 10.9.0.1 255.255.255.255 None 10.9.0.2", "addr lo:two 2 127.0.0.2 255.0.0.0 None None",
                "stats v1 False 2 10000 9000 broadcast,multicast");
        assertThat(sides[1].lines().toList()).isEqualTo(theirs);
    }

    /**
     * A JVM without native access (Java 25, --illegal-native-access=deny) reads the interfaces
     * from sysfs and the JDK: the same as this JVM reads them from rtnetlink.
     */
    @Test
    void withoutNativeAccessTheFilesTellTheSame() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        Assumptions.assumeTrue(Files.isExecutable(java25), java25 + " is not installed");
        List<String> before = NetInterfacesPrinter.lines(ps);
        String out = Live.run(java25.toString(), "--illegal-native-access=deny", "-cp", classPath(),
                NetInterfacesPrinter.class.getName());
        List<String> after = NetInterfacesPrinter.lines(ps);
        assertThat(before).isEqualTo(after); // nothing changed meanwhile
        assertThat(Set.copyOf(out.lines().toList())).isEqualTo(Set.copyOf(before));
    }
}
