package io.github.jpsutil;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void interfaceStatsAreEqual() {
        List<String> theirs = psutil("for n, s in psutil.net_if_stats().items(): print(n, s.isup, int(s.duplex), s.speed, s.mtu, s.flags)\n");
        List<String> ours = ps.netIfStats().entrySet().stream().map(e -> e.getKey() + " " + (e.getValue().isup() ? "True" : "False")
                + " " + e.getValue().duplex() + " " + e.getValue().speed() + " " + e.getValue().mtu() + " " + e.getValue().flags()).toList();
        assertThat(Set.copyOf(ours)).isEqualTo(Set.copyOf(theirs));
    }

    @Test
    void interfaceAddressesAreEqual() {
        List<String> theirs = psutil("for n, l in psutil.net_if_addrs().items():\n    for a in l: print(n, int(a.family), a.address, a.netmask, a.broadcast, a.ptp)\n");
        Set<String> ours = ps.netIfAddrs().stream().map(a -> a.nic() + " " + a.family() + " " + a.address() + " "
                + none(a.netmask()) + " " + none(a.broadcast()) + " " + none(a.ptp())).collect(Collectors.toSet());
        assertThat(ours).isEqualTo(Set.copyOf(theirs));
        if (Live.commandExists("ip")) {
            // ip -o addr: "2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0 ..."
            for (String l : Live.run("ip", "-o", "addr").split("\n")) {
                String[] f = l.trim().split("\\s+");
                String address = f[3].substring(0, f[3].indexOf('/'));
                assertThat(ps.netIfAddrs()).as(l).anyMatch(a -> a.nic().equals(f[1]) && a.address().startsWith(address));
            }
        }
    }

    private static String none(String s) {
        return s == null ? "None" : s;
    }
}
