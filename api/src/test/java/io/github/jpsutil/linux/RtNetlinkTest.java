package io.github.jpsutil.linux;

import io.github.jpsutil.NetIfAddress;
import io.github.jpsutil.NetIfStats;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interfaces from rtnetlink and ethtool: the parsers on answers captured from the kernel beside
 * psutil's lines of the same moment (see net/README.md under the test resources), and the live
 * reading beside the sysfs reading it falls back to.
 */
class RtNetlinkTest {
    private final NetReader reader = new NetReader(LinuxSystem.local());

    static List<ByteBuffer> bodies(String sample) throws Netlink.Refused {
        List<ByteBuffer> out = new ArrayList<>();
        assertThat(Netlink.split(Samples.net(sample), out)).as("the capture ends with NLMSG_DONE").isTrue();
        return out;
    }

    /** psutil's lines of the capture, of one kind ("addr" or "stats"), in psutil's order. */
    private static List<String> psutil(String kind) {
        return Samples.netText("psutil-6.x-netns.txt").lines().filter(l -> l.startsWith(kind + " ")).toList();
    }

    private static String line(NetIfAddress a) {
        return "addr " + a.nic() + " " + a.family() + " " + a.address() + " " + a.netmask() + " " + a.broadcast() + " " + a.ptp();
    }

    @Test
    void capturedAnswersGivePsutilsAddressesInItsOrder() throws Exception {
        List<RtNetlink.Link> links = RtNetlink.parseLinks(bodies("rtnetlink-6.x-netns-links.bin"));
        List<NetIfAddress> addresses = RtNetlink.addresses(links, bodies("rtnetlink-6.x-netns-addrs.bin"));
        assertThat(addresses.stream().map(a -> line(a).replace("null", "None")).toList()).isEqualTo(psutil("addr"));
    }

    @Test
    void capturedAnswersGivePsutilsInterfaceStates() throws Exception {
        Map<String, int[]> ethtool = new LinkedHashMap<>();
        for (String l : Samples.netText("ethtool-6.x-netns.txt").split("\n")) {
            String[] f = l.split(" ");
            // EOPNOTSUPP (95) is psutil's "unknown"; the bytes are the kernel's struct ethtool_cmd
            ethtool.put(f[0], f[1].equals("errno") ? new int[]{0, 0}
                    : Ethtool.decode(ByteBuffer.wrap(HexFormat.of().parseHex(f[1])).order(ByteOrder.nativeOrder())));
        }
        List<String> ours = new ArrayList<>();
        for (RtNetlink.Link l : RtNetlink.parseLinks(bodies("rtnetlink-6.x-netns-links.bin"))) {
            NetIfStats s = NetReader.stats(l, ethtool.get(l.name()));
            ours.add("stats " + l.name() + " " + (s.isup() ? "True" : "False") + " " + s.duplex() + " " + s.speed() + " " + s.mtu()
                    + " " + s.flags());
        }
        assertThat(ours).isEqualTo(psutil("stats"));
    }

    @Test
    void aRefusedOrMalformedAnswerIsNoValue() {
        // NLMSG_ERROR with -ENODEV: what the kernel answers for an interface it has not
        byte[] error = new byte[36];
        ByteBuffer.wrap(error).order(ByteOrder.nativeOrder()).putInt(36).putShort((short) 2).putShort((short) 0).putInt(1).putInt(0)
                .putInt(-19);
        assertThatThrownBy(() -> Netlink.split(error, new ArrayList<>())).isInstanceOfSatisfying(Netlink.Refused.class,
                e -> assertThat(e.errno).isEqualTo(19));
        byte[] cut = java.util.Arrays.copyOf(Samples.net("rtnetlink-6.x-netns-links.bin"), 100);
        assertThatThrownBy(() -> Netlink.split(cut, new ArrayList<>())).isInstanceOf(Netlink.Refused.class);
        assertThatThrownBy(() -> RtNetlink.parseLinks(List.of(ByteBuffer.allocate(8)))).isInstanceOf(ParseError.class);
    }

    @Test
    void netlinkAndSysfsTellTheSameOnThisMachine() {
        Map<String, NetIfStats> netlink = reader.ifStats();
        assertThat(netlink).isNotEmpty().isEqualTo(reader.sysfsIfStats());
        assertThat(sorted(reader.ifAddrs())).isEqualTo(sorted(reader.fileIfAddrs()));
    }

    private static List<String> sorted(List<NetIfAddress> l) {
        return l.stream().map(RtNetlinkTest::line).sorted().toList();
    }

    @Test
    void oneInterfaceByNameIsItsLineOfAll() {
        Map<String, NetIfStats> all = reader.ifStats();
        for (String nic : all.keySet()) assertThat(reader.ifStats(nic)).as(nic).isEqualTo(all.get(nic));
        // none of these is an interface: no answer, and no other interface's (a NUL would cut "lo\0x" to "lo")
        for (String nic : new String[]{"nosuchnic0", "lo\0x", "x".repeat(16), "", "../lo", "lo/"})
            assertThat(reader.ifStats(nic)).as(nic).isNull();
    }

    @Test
    void ethtoolTellsUnknownForADeviceWithoutLinkSettingsAndNothingForNoDevice() throws Exception {
        assertThat(Ethtool.ask("lo")).containsExactly(0, 0); // EOPNOTSUPP: psutil's unknown, not a refusal
        assertThat(Ethtool.ask("nosuchnic0")).isNull(); // ENODEV
    }
}
