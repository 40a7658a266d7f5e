package io.github.jpsutil.linux;

import io.github.jpsutil.Address;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's sockets from the kernel's sock_diag netlink interface, as {@code ss} lists them:
 * one dump per table instead of formatting and parsing /proc/net text (psutil issue 1581). The
 * parsers of the answers are pure ({@link #parseInet}, {@link #parseUnix}); {@link #dump} asks.
 */
final class SockDiag {
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    private static final int UDIAG_SHOW_NAME = 1;
    private static final int UNIX_DIAG_NAME = 0;

    private SockDiag() {
    }

    /** The request: a netlink header and inet_diag_req_v2 (or unix_diag_req) asking for every socket. */
    static byte[] request(int family, int protocol) {
        int bodyLength = family == AF_UNIX ? 24 : 56;
        ByteBuffer b = Netlink.request(SOCK_DIAG_BY_FAMILY, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, bodyLength);
        b.put((byte) family).put((byte) protocol);
        if (family == AF_UNIX) {
            b.putShort((short) 0).putInt(-1).putInt(0).putInt(UDIAG_SHOW_NAME); // states: all; any inode
        } else {
            b.put((byte) 0).put((byte) 0).putInt(-1); // no extensions; states: all
        }
        return b.array();
    }

    /** Every answer message's body of one dump, as the kernel sent them; Refused where the kernel has no such table. */
    static List<ByteBuffer> dump(int family, int protocol) throws Netlink.Refused {
        return Netlink.ask(Netlink.NETLINK_SOCK_DIAG, request(family, protocol));
    }

    /** inet_diag_msg bodies as the sockets of an inet table; {@code tcp} names TCP states, else "NONE". */
    static List<NetTable.InetSocket> parseInet(List<ByteBuffer> bodies, boolean tcp) {
        List<NetTable.InetSocket> out = new ArrayList<>(bodies.size());
        // the text of each address once per dump: thousands of sockets share a few addresses
        Map<AddressBytes, String> texts = new HashMap<>();
        for (ByteBuffer m : bodies) {
            if (m.limit() < 72) throw new ParseError("sock_diag", "inet_diag_msg of " + m.limit() + " bytes");
            int family = m.get(0);
            int state = m.get(1) & 0xff;
            Address laddr = address(m, family, 8, port(m, 4), texts);
            Address raddr = address(m, family, 24, port(m, 6), texts);
            long inode = m.getInt(68) & 0xffffffffL;
            String status = "NONE";
            if (tcp) status = state > 0 && state < NetTable.TCP_STATES.length ? NetTable.TCP_STATES[state] : "UNKNOWN";
            // the kernel's request sockets: /proc/net/tcp shows them as SYN_RECV
            if (status.equals("NEW_SYN_RECV")) status = "SYN_RECV";
            out.add(new NetTable.InetSocket(inode, laddr.port() == 0 ? null : laddr, raddr.port() == 0 ? null : raddr, status));
        }
        return out;
    }

    private static int port(ByteBuffer m, int at) {
        return ((m.get(at) & 0xff) << 8) | (m.get(at + 1) & 0xff); // network byte order
    }

    /** The 16 address bytes of an inet_diag_sockid (an IPv4 address in the first 4), as a map key. */
    private record AddressBytes(int family, long high, long low) {
    }

    private static Address address(ByteBuffer m, int family, int at, int port, Map<AddressBytes, String> texts) {
        AddressBytes key = new AddressBytes(family, m.getLong(at), m.getLong(at + 8));
        String text = texts.get(key);
        if (text == null) {
            text = text(m, family, at);
            texts.put(key, text);
        }
        return new Address(text, port);
    }

    private static String text(ByteBuffer m, int family, int at) {
        if (family == AF_INET)
            return (m.get(at) & 0xff) + "." + (m.get(at + 1) & 0xff) + "." + (m.get(at + 2) & 0xff) + "." + (m.get(at + 3) & 0xff);
        byte[] b = new byte[16];
        m.get(at, b);
        return NetTable.ipv6(b, 0, "sock_diag").ip();
    }

    /** unix_diag_msg bodies with their UNIX_DIAG_NAME: the unix table; an abstract name shows as @name, as /proc/net/unix has it. */
    static List<NetTable.UnixSocket> parseUnix(List<ByteBuffer> bodies) {
        List<NetTable.UnixSocket> out = new ArrayList<>(bodies.size());
        for (ByteBuffer m : bodies) {
            if (m.limit() < 16) throw new ParseError("sock_diag", "unix_diag_msg of " + m.limit() + " bytes");
            int type = m.get(1) & 0xff;
            long inode = m.getInt(4) & 0xffffffffL;
            String path = "";
            for (int at = 16; at + 4 <= m.limit(); ) {
                int len = m.getShort(at) & 0xffff;
                int kind = m.getShort(at + 2) & 0xffff;
                if (len < 4 || at + len > m.limit()) throw new ParseError("sock_diag", "malformed attribute");
                if (kind == UNIX_DIAG_NAME && len > 4) {
                    byte[] name = new byte[len - 4];
                    m.get(at + 4, name);
                    path = name[0] == 0 ? "@" + new String(name, 1, name.length - 1, java.nio.charset.StandardCharsets.UTF_8)
                            : new String(name, java.nio.charset.StandardCharsets.UTF_8);
                    int nul = path.indexOf('\0', 1);
                    if (nul > 0 && name[0] != 0) path = path.substring(0, nul);
                }
                at += (len + 3) & ~3;
            }
            out.add(new NetTable.UnixSocket(inode, NetTable.unixType(type), path));
        }
        return out;
    }
}
