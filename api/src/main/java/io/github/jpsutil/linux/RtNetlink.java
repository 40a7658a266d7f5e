package io.github.jpsutil.linux;

import io.github.jpsutil.NetIfAddress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Network interfaces and their addresses from the kernel's rtnetlink (RTM_GETLINK and
 * RTM_GETADDR), the source of glibc's getifaddrs and so of psutil: one dump each instead of five
 * sysfs files per interface. The requests and the parsers of the answers are pure.
 */
final class RtNetlink {
    private static final int RTM_GETLINK = 18;
    private static final int RTM_GETADDR = 22;
    private static final int IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4;
    private static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4;
    /** ifinfomsg: family, pad, type, index, flags, change. */
    private static final int IFINFOMSG = 16;
    /** ifaddrmsg: family, prefix length, flags, scope, index. */
    private static final int IFADDRMSG = 8;
    static final int IFF_BROADCAST = 0x2;
    static final int IFF_POINTOPOINT = 0x10;

    /**
     * One interface as RTM_NEWLINK tells it: flags as SIOCGIFFLAGS gives them (the kernel computes
     * running), the hardware and link broadcast addresses as psutil writes them (null if none).
     */
    record Link(int index, String name, int flags, int mtu, String mac, String broadcast) {
    }

    private RtNetlink() {
    }

    /** A dump of every interface. */
    static byte[] linksRequest() {
        return Netlink.request(RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, IFINFOMSG).array();
    }

    /** One interface by name (IFLA_IFNAME); the kernel answers ENODEV when there is none. */
    static byte[] linkRequest(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int attribute = (4 + n.length + 1 + 3) & ~3;
        ByteBuffer b = Netlink.request(RTM_GETLINK, Netlink.NLM_F_REQUEST, IFINFOMSG + attribute);
        b.position(Netlink.HEADER + IFINFOMSG);
        b.putShort((short) (4 + n.length + 1)).putShort((short) IFLA_IFNAME).put(n);
        return b.array();
    }

    /** A dump of every address of every family (glibc's getifaddrs asks the same). */
    static byte[] addressesRequest() {
        return Netlink.request(RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, IFADDRMSG).array();
    }

    /** RTM_NEWLINK bodies as interfaces, in the kernel's order. */
    static List<Link> parseLinks(List<ByteBuffer> bodies) {
        List<Link> out = new ArrayList<>(bodies.size());
        for (ByteBuffer m : bodies) {
            if (m.limit() < IFINFOMSG) throw new ParseError("RTM_NEWLINK", "ifinfomsg of " + m.limit() + " bytes");
            String name = null;
            int mtu = 0;
            String mac = null, broadcast = null;
            for (int at = IFINFOMSG, len; at + 4 <= m.limit(); at += (len + 3) & ~3) {
                len = length(m, at, "RTM_NEWLINK");
                switch (type(m, at)) {
                    case IFLA_IFNAME -> name = string(m, at + 4, len - 4);
                    case IFLA_MTU -> mtu = len >= 8 ? m.getInt(at + 4) : 0;
                    case IFLA_ADDRESS -> mac = hardware(m, at + 4, len - 4, true);
                    case IFLA_BROADCAST -> broadcast = hardware(m, at + 4, len - 4, false);
                    default -> {
                    }
                }
            }
            if (name == null) throw new ParseError("RTM_NEWLINK", "an interface without IFLA_IFNAME");
            out.add(new Link(m.getInt(4), name, m.getInt(8), mtu, mac, broadcast));
        }
        return out;
    }

    /**
     * Every address as psutil's net_if_addrs lists them (glibc's getifaddrs, then psutil's order:
     * IPv4, IPv6, then hardware addresses, grouped by interface name in the order of their
     * first row). An address of an interface the link dump did not show (it came meanwhile) is left out.
     */
    static List<NetIfAddress> addresses(List<Link> links, List<ByteBuffer> addressBodies) {
        Map<Integer, Link> byIndex = new HashMap<>();
        for (Link l : links) byIndex.put(l.index(), l);
        List<NetIfAddress> rows = new ArrayList<>();
        for (Link l : links) {
            if (l.mac() == null) continue;
            boolean broadcast = (l.flags() & IFF_BROADCAST) != 0;
            boolean ptp = !broadcast && (l.flags() & IFF_POINTOPOINT) != 0;
            rows.add(new NetIfAddress(l.name(), NetReader.AF_PACKET, l.mac(), null, broadcast ? l.broadcast() : null,
                    ptp ? l.broadcast() : null));
        }
        for (ByteBuffer m : addressBodies) {
            NetIfAddress a = address(m, byIndex);
            if (a != null) rows.add(a);
        }
        rows.sort(Comparator.comparingInt(NetIfAddress::family)); // stable: the kernel's order within a family
        Map<String, List<NetIfAddress>> byName = new LinkedHashMap<>();
        for (NetIfAddress a : rows) byName.computeIfAbsent(a.nic(), k -> new ArrayList<>()).add(a);
        List<NetIfAddress> out = new ArrayList<>(rows.size());
        byName.values().forEach(out::addAll);
        return out;
    }

    /** One RTM_NEWADDR body; null for a family psutil does not show or an interface not in {@code byIndex}. */
    private static NetIfAddress address(ByteBuffer m, Map<Integer, Link> byIndex) {
        if (m.limit() < IFADDRMSG) throw new ParseError("RTM_NEWADDR", "ifaddrmsg of " + m.limit() + " bytes");
        int family = m.get(0) & 0xff;
        int bits = family == NetReader.AF_INET ? 32 : family == NetReader.AF_INET6 ? 128 : 0;
        Link link = byIndex.get(m.getInt(4));
        if (bits == 0 || link == null) return null;
        // glibc's reading: IFA_ADDRESS is the address, unless one came before it (then it is the
        // peer); IFA_LOCAL is the address and moves an earlier one to the peer; IFA_BROADCAST is the peer
        byte[] address = null, peer = null;
        String label = null;
        for (int at = IFADDRMSG, len; at + 4 <= m.limit(); at += (len + 3) & ~3) {
            len = length(m, at, "RTM_NEWADDR");
            switch (type(m, at)) {
                case IFA_ADDRESS -> {
                    if (address != null) peer = ip(m, at, len, bits);
                    else address = ip(m, at, len, bits);
                }
                case IFA_LOCAL -> {
                    if (address != null) peer = address;
                    address = ip(m, at, len, bits);
                }
                case IFA_BROADCAST -> peer = ip(m, at, len, bits);
                case IFA_LABEL -> label = string(m, at + 4, len - 4);
                default -> {
                }
            }
        }
        if (address == null) return null;
        boolean broadcast = (link.flags() & IFF_BROADCAST) != 0;
        boolean ptp = !broadcast && (link.flags() & IFF_POINTOPOINT) != 0;
        String other = peer == null ? null : text(peer, link.name());
        return new NetIfAddress(label != null ? label : link.name(), family, text(address, link.name()),
                NetReader.mask(Math.min(m.get(1) & 0xff, bits), bits), broadcast ? other : null, ptp ? other : null);
    }

    private static int type(ByteBuffer m, int at) {
        return m.getShort(at + 2) & 0x3fff; // without the nested and byte-order bits
    }

    /** The length of the attribute at {@code at} (header included), checked to fit in the message. */
    private static int length(ByteBuffer m, int at, String what) {
        int len = m.getShort(at) & 0xffff;
        if (len < 4 || len > m.limit() - at) throw new ParseError(what, "attribute of " + len + " bytes at " + at);
        return len;
    }

    private static byte[] ip(ByteBuffer m, int at, int len, int bits) {
        if (len - 4 != bits / 8) throw new ParseError("RTM_NEWADDR", "an address of " + (len - 4) + " bytes");
        byte[] b = new byte[bits / 8];
        m.get(at + 4, b);
        return b;
    }

    /** An address as getnameinfo writes it; a link-local IPv6 address (unicast or multicast) with its interface. */
    private static String text(byte[] b, String nic) {
        if (b.length == 4) return NetTable.ipv4Text(b, 0);
        String s = NetTable.ipv6Text(b);
        boolean linkLocal = (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
        boolean multicastLinkLocal = (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02;
        return linkLocal || multicastLinkLocal ? s + "%" + nic : s;
    }

    /** A NUL-terminated name. */
    private static String string(ByteBuffer m, int at, int len) {
        int end = at;
        while (end < at + len && m.get(end) != 0) end++;
        byte[] b = new byte[end - at];
        m.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A hardware address as psutil writes it: two hex digits per byte, colons between; an
     * interface's own address shorter than six bytes filled with 00 to six (psutil issue 786). Empty: null.
     */
    static String hardware(ByteBuffer m, int at, int len, boolean fillToSix) {
        if (len <= 0) return null;
        StringBuilder s = new StringBuilder(3 * Math.max(len, 6));
        for (int i = 0; i < len; i++) {
            if (i > 0) s.append(':');
            int v = m.get(at + i) & 0xff;
            s.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
        for (int i = len; fillToSix && i < 6; i++) s.append(":00");
        return s.toString();
    }
}
