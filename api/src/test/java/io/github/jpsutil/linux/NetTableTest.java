package io.github.jpsutil.linux;

import io.github.jpsutil.Address;
import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc/net tables captured on 6.x with known sockets open (see proc-samples/README.md). */
class NetTableTest {

    private static Map<Long, NetTable.InetSocket> inet(String file, boolean tcp) {
        return NetTable.parseInet(Samples.text(file), tcp).stream()
                .collect(Collectors.toMap(NetTable.InetSocket::inode, Function.identity()));
    }

    @Test
    void tcp4() {
        Map<Long, NetTable.InetSocket> t = inet("net-tcp-6.x.txt", true);
        assertThat(t).hasSize(4);
        assertThat(t.get(6501L)).isEqualTo(new NetTable.InetSocket(6501, new Address("127.0.0.1", 45783), null, "LISTEN"));
        assertThat(t.get(6502L)).isEqualTo(new NetTable.InetSocket(6502, new Address("127.0.0.1", 37288),
                new Address("127.0.0.1", 45783), "ESTABLISHED"));
        assertThat(t.get(6503L).laddr()).isEqualTo(new Address("127.0.0.1", 45783));
        assertThat(t.get(1567L).laddr()).isEqualTo(new Address("0.0.0.0", 2024));
    }

    @Test
    void tcp6IncludingV4Mapped() {
        Map<Long, NetTable.InetSocket> t = inet("net-tcp6-6.x.txt", true);
        assertThat(t.get(6504L)).isEqualTo(new NetTable.InetSocket(6504, new Address("::1", 41887), null, "LISTEN"));
        assertThat(t.get(6507L).laddr()).isEqualTo(new Address("::ffff:127.0.0.1", 41373));
        assertThat(t.get(6505L).raddr()).isEqualTo(new Address("::1", 41887));
        assertThat(t.get(6505L).status()).isEqualTo("ESTABLISHED");
    }

    @Test
    void udpHasNoState() {
        Map<Long, NetTable.InetSocket> u = inet("net-udp-6.x.txt", false);
        assertThat(u.get(6508L)).isEqualTo(new NetTable.InetSocket(6508, new Address("127.0.0.1", 43578), null, "NONE"));
        Map<Long, NetTable.InetSocket> u6 = inet("net-udp6-6.x.txt", false);
        assertThat(u6.get(6509L)).isEqualTo(new NetTable.InetSocket(6509, new Address("::1", 33797), null, "NONE"));
    }

    @Test
    void unixSocketsWithPathsSpacesAndAbstractNames() {
        Map<Long, NetTable.UnixSocket> u = NetTable.parseUnix(Samples.text("net-unix-6.x.txt")).stream()
                .collect(Collectors.toMap(NetTable.UnixSocket::inode, Function.identity()));
        assertThat(u.get(6510L)).isEqualTo(new NetTable.UnixSocket(6510, "SOCK_STREAM", "/tmp/fx/sock path"));
        assertThat(u.get(6511L)).isEqualTo(new NetTable.UnixSocket(6511, "SOCK_DGRAM", "@abstract-name"));
        assertThat(u.get(6512L)).isEqualTo(new NetTable.UnixSocket(6512, "SOCK_SEQPACKET", "/tmp/fx/seq"));
        assertThat(u.get(1563L)).isEqualTo(new NetTable.UnixSocket(1563, "SOCK_STREAM", ""));
    }

    private static byte[] words(int... w) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (w[i] >> 8);
            b[2 * i + 1] = (byte) w[i];
        }
        return b;
    }

    @Test
    void ipv6Compression() {
        assertThat(NetTable.ipv6Text(words(0, 0, 0, 0, 0, 0, 0, 1))).isEqualTo("::1");
        assertThat(NetTable.ipv6Text(words(0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("::");
        assertThat(NetTable.ipv6Text(words(0xfe80, 0, 0, 0, 1, 0, 0, 2))).isEqualTo("fe80::1:0:0:2");
        assertThat(NetTable.ipv6Text(words(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(NetTable.ipv6Text(words(1, 0, 0, 2, 0, 0, 0, 3))).isEqualTo("1:0:0:2::3");
        assertThat(NetTable.ipv6Text(words(1, 0, 0, 2, 0, 0, 3, 4))).isEqualTo("1::2:0:0:3:4");
        assertThat(NetTable.ipv6Text(words(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).isEqualTo("::ffff:192.0.2.1");
        assertThat(NetTable.ipv6Text(words(0, 0, 0, 0, 0, 0, 0xc000, 0x0201))).isEqualTo("::192.0.2.1");
        assertThat(NetTable.ipv6Text(words(0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0))).isEqualTo("ffff:ffff:ffff:ffff::");
        // fe80::1 as the kernel prints it: four host-order words
        assertThat(NetTable.address("000080FE000000000000000001000000:0050", "t"))
                .isEqualTo(new Address("fe80::1", 80));
    }

    @Test
    void unixPathWithNewlineDoesNotBreakTheTable() {
        // psutil issue 766: any user can bind such a path; it must not break connections() for everyone
        Map<Long, NetTable.UnixSocket> u = NetTable.parseUnix(Samples.text("net-unix-6.x-newline-path.txt")).stream()
                .collect(Collectors.toMap(NetTable.UnixSocket::inode, Function.identity()));
        assertThat(u.get(10385L)).isEqualTo(new NetTable.UnixSocket(10385, "SOCK_STREAM", "/tmp/fx/a\nb c"));
        assertThat(u.get(10386L)).isEqualTo(new NetTable.UnixSocket(10386, "SOCK_STREAM", "/tmp/fx/after"));
        assertThat(u.get(1564L).path()).isEmpty();
    }

    /** The kernel's hex words for these 16 bytes, as /proc/net/tcp6 prints them (host order, little-endian here). */
    private static String kernelHex(byte[] v6) {
        StringBuilder hex = new StringBuilder();
        for (int w = 0; w < 4; w++) {
            int x = (v6[w * 4] & 0xff) | (v6[w * 4 + 1] & 0xff) << 8 | (v6[w * 4 + 2] & 0xff) << 16 | (v6[w * 4 + 3] & 0xff) << 24;
            hex.append(String.format("%08X", x));
        }
        return hex.toString();
    }

    /** Addresses are written as glibc's inet_ntop writes them, which is what psutil reports. */
    @Test
    void ipv6TextAsInetNtopWritesIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN,
                "the words are built little-endian here");
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute(), "no /usr/bin/python3");
        java.util.Random r = new java.util.Random(766);
        List<byte[]> addrs = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[16];
            r.nextBytes(b);
            int shape = r.nextInt(6);
            if (shape == 0) java.util.Arrays.fill(b, 0, 12, (byte) 0);                        // ::a.b.c.d / ::x
            if (shape == 1) { java.util.Arrays.fill(b, 0, 10, (byte) 0); b[10] = b[11] = -1; } // ::ffff:a.b.c.d
            if (shape == 2) java.util.Arrays.fill(b, 2 * r.nextInt(8), 16, (byte) 0);       // trailing zeros
            if (shape == 3) java.util.Arrays.fill(b, 0, 14, (byte) 0);                        // ::x
            if (shape == 4) for (int k = 0; k < 16; k += 2) if (r.nextBoolean()) { b[k] = 0; b[k + 1] = 0; }
            addrs.add(b);
        }
        addrs.add(new byte[16]);
        StringBuilder in = new StringBuilder();
        for (byte[] b : addrs) in.append(java.util.HexFormat.of().formatHex(b)).append('\n');
        String py;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import socket,sys\nfor l in sys.stdin.read().split():\n print(socket.inet_ntop(socket.AF_INET6, bytes.fromhex(l)))")
                    .redirectErrorStream(true).start();
            p.getOutputStream().write(in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            py = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            p.waitFor();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String[] expected = py.split("\n");
        assertThat(expected).hasSameSizeAs(addrs.toArray());
        for (int i = 0; i < addrs.size(); i++)
            assertThat(NetTable.address(kernelHex(addrs.get(i)) + ":0016", "t").ip())
                    .as(java.util.HexFormat.of().formatHex(addrs.get(i))).isEqualTo(expected[i]);
    }

    @Test
    void headerOnlyAndBadLines() {
        assertThat(NetTable.parseInet("  sl  local_address rem_address   st\n", true)).isEmpty();
        assertThat(NetTable.parseInet("", true)).isEmpty();
        assertThat(NetTable.parseUnix("Num       RefCount Protocol Flags    Type St Inode Path\n")).isEmpty();
        assertThatThrownBy(() -> NetTable.parseInet("h\n 0: 0100007F:B2D7 00000000:0000 0A\n", true))
                .isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> NetTable.parseInet("h\n 0: 0100007F:ZZZZ 00000000:0000 0A 0:0 0:0 0 0 0 1\n", true))
                .isInstanceOf(JpsutilException.class);
        List<NetTable.InetSocket> unknown = NetTable.parseInet("h\n 0: 0100007F:0001 00000000:0000 FF 0:0 0:0 0 0 0 1\n", true);
        assertThat(unknown.get(0).status()).isEqualTo("UNKNOWN");
    }
}
