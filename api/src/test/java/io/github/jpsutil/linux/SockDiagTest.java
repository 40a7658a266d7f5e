package io.github.jpsutil.linux;

import io.github.jpsutil.NetConnection;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sock_diag netlink dumps beside the /proc/net tables of the same kernel, and its pure parsers. */
class SockDiagTest {
    private final MachineSockets sockets = new MachineSockets(LinuxSystem.local());

    private static Set<String> lines(List<NetConnection> l) {
        return l.stream().map(Object::toString).collect(Collectors.toSet());
    }

    @Test
    void theKernelAnswersEveryTableOverNetlink() throws Exception {
        assertThat(SockDiag.dump(SockDiag.AF_INET, SockDiag.IPPROTO_TCP)).isNotNull();
        assertThat(SockDiag.dump(SockDiag.AF_INET6, SockDiag.IPPROTO_UDP)).isNotNull();
        assertThat(SockDiag.dump(SockDiag.AF_UNIX, 0)).isNotEmpty();
    }

    @Test
    void netlinkListsWhatProcNetLists() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            Set<String> all = Set.of("tcp4", "tcp6", "udp4", "udp6", "unix");
            // other builds open and close sockets: what both /proc/net readings saw, netlink saw between them
            Set<String> before = lines(sockets.list(all, false));
            Set<String> netlink = lines(sockets.list(all, true));
            Set<String> after = lines(sockets.list(all, false));
            Set<String> stable = new HashSet<>(before);
            stable.retainAll(after);
            assertThat(netlink).containsAll(stable);
            assertThat(netlink).anyMatch(l -> l.contains(":" + server.getLocalPort()) && l.contains("LISTEN"));
        }
    }

    @Test
    void parsersOfTheAnswers() {
        ByteBuffer m = ByteBuffer.allocate(72).order(ByteOrder.nativeOrder());
        m.put(0, (byte) SockDiag.AF_INET).put(1, (byte) 10); // LISTEN
        m.put(4, (byte) 0x1f).put(5, (byte) 0x90); // port 8080, network order
        m.put(8, (byte) 127).put(11, (byte) 1);
        m.putInt(68, 0xfffffffe); // an inode above 2^31
        NetTable.InetSocket s = SockDiag.parseInet(List.of(m), true).get(0);
        assertThat(s.laddr()).hasToString("127.0.0.1:8080");
        assertThat(s.raddr()).isNull();
        assertThat(s.status()).isEqualTo("LISTEN");
        assertThat(s.inode()).isEqualTo(0xfffffffeL);
        ByteBuffer u = ByteBuffer.allocate(16 + 12).order(ByteOrder.nativeOrder());
        u.put(0, (byte) SockDiag.AF_UNIX).put(1, (byte) 2).putInt(4, 77);
        u.putShort(16, (short) 9).putShort(18, (short) 0).put(20, (byte) 0).put(21, (byte) 'a').put(22, (byte) 'b')
                .put(23, (byte) 'c').put(24, (byte) 'd');
        NetTable.UnixSocket us = SockDiag.parseUnix(List.of(u)).get(0);
        assertThat(us).isEqualTo(new NetTable.UnixSocket(77, "SOCK_DGRAM", "@abcd"));
        assertThatThrownBy(() -> SockDiag.parseInet(List.of(ByteBuffer.allocate(10)), true)).isInstanceOf(ParseError.class);
        u.putShort(16, (short) 200);
        assertThatThrownBy(() -> SockDiag.parseUnix(List.of(u))).isInstanceOf(ParseError.class);
    }
}
