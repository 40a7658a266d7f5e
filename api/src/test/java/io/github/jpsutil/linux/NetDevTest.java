package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc/net/dev and /proc/net/if_inet6 on real samples; netmasks from prefix lengths. */
class NetDevTest {
    @Test
    void trafficPerInterfaceInPsutilsOrder() {
        String sample = Samples.text("net-dev-6.x.txt");
        Map<String, long[]> nics = NetDev.parse(sample);
        assertThat(nics.keySet()).containsExactly("lo", "ifb0", "ifb1", "eth0");
        // the sample's eth0 line, by column: receive bytes packets errs drop ..., transmit bytes packets errs drop ...
        String[] eth0 = sample.lines().filter(l -> l.trim().startsWith("eth0:")).findFirst().orElseThrow()
                .split(":")[1].trim().split("\\s+");
        long[] c = nics.get("eth0");
        assertThat(c[0]).isEqualTo(Long.parseLong(eth0[8]));
        assertThat(c[1]).isEqualTo(Long.parseLong(eth0[0]));
        assertThat(c[2]).isEqualTo(Long.parseLong(eth0[9]));
        assertThat(c[3]).isEqualTo(Long.parseLong(eth0[1]));
        assertThat(c).hasSize(8);
        assertThat(NetDev.parse("h|\nh|\n  x: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n").get("x")).containsExactly(9, 1, 10, 2, 3, 11, 4, 12);
        assertThatThrownBy(() -> NetDev.parse("  x: 1 2 3\n")).isInstanceOf(JpsutilException.class);
    }

    @Test
    void ipv6AddressesAsInetNtopWritesThem() {
        List<NetDev.Inet6> a = NetDev.parseInet6(Samples.text("net-if_inet6-6.x.txt"));
        assertThat(a).containsExactly(new NetDev.Inet6("eth0", "fd00::2", 64, 0), new NetDev.Inet6("lo", "::1", 128, 0x10),
                new NetDev.Inet6("eth0", "fe80::fc:ff:fe00:1", 64, 0x20));
        assertThatThrownBy(() -> NetDev.parseInet6("zz 01 80 10 80 lo\n")).isInstanceOf(JpsutilException.class);
    }

    @Test
    void netmasks() {
        assertThat(NetReader.mask(24, 32)).isEqualTo("255.255.255.0");
        assertThat(NetReader.mask(8, 32)).isEqualTo("255.0.0.0");
        assertThat(NetReader.mask(64, 128)).isEqualTo("ffff:ffff:ffff:ffff::");
        assertThat(NetReader.mask(128, 128)).isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(NetReader.mask(0, 32)).isEqualTo("0.0.0.0");
    }
}
