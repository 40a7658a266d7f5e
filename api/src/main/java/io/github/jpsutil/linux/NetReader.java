package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NetIfAddress;
import io.github.jpsutil.NetIfStats;
import io.github.jpsutil.NetIoCounters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Network interfaces: traffic (/proc/net/dev), state (sysfs) and addresses, under the system's roots. */
final class NetReader {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_PACKET = 17;
    private static final int IFF_UP = 0x1;
    private static final int IFF_RUNNING = 0x40;
    private static final int ENODEV = 19;
    /** The interface flags psutil names, by bit: IFF_UP is bit 0. */
    private static final String[] FLAG_NAMES = {"up", "broadcast", "debug", "loopback", "pointopoint", "notrailers",
            "running", "noarp", "promisc", "allmulti", "master", "slave", "multicast", "portsel", "automedia", "dynamic"};

    private final LinuxSystem sys;

    NetReader(LinuxSystem sys) {
        this.sys = sys;
    }

    Map<String, NetIoCounters> ioCounters() {
        Map<String, NetIoCounters> out = new LinkedHashMap<>();
        NetDev.parse(sys.systemFile(sys.procRoot().resolve("net/dev"))).forEach((name, c) ->
                out.put(name, new NetIoCounters(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])));
        return out;
    }

    /**
     * Whether to ask the kernel itself (rtnetlink, ethtool): only when the roots are this machine's
     * own /proc and /sys, whose interfaces are those of this process' network namespace.
     */
    private boolean kernelRoots() {
        return sys.procRoot().equals(Paths.get("/proc")) && sys.sysRoot().equals(Paths.get("/sys"));
    }

    /** The state of each interface: from rtnetlink, else (refused, or other roots) from sysfs. */
    Map<String, NetIfStats> ifStats() {
        if (kernelRoots()) {
            try {
                List<RtNetlink.Link> links = RtNetlink.parseLinks(Netlink.askRoute(RtNetlink.linksRequest()).get(0));
                Map<String, NetIfStats> out = new LinkedHashMap<>();
                for (RtNetlink.Link l : links) {
                    NetIfStats s = stats(l);
                    if (s != null) out.put(l.name(), s);
                }
                return out;
            } catch (Netlink.Refused | ParseError e) {
                // sysfs below: no netlink here, or an answer in a layout this parser does not know
            }
        }
        return sysfsIfStats();
    }

    /** The state of each interface of /proc/net/dev that sysfs still shows (one may go between the two reads). */
    Map<String, NetIfStats> sysfsIfStats() {
        Map<String, NetIfStats> out = new LinkedHashMap<>();
        for (String nic : ioCounters().keySet()) {
            NetIfStats s = sysfsIfStats(nic);
            if (s != null) out.put(nic, s);
        }
        return out;
    }

    /** The state of one interface, asked for by name (rtnetlink, else sysfs); null when the machine has no such interface. */
    NetIfStats ifStats(String nic) {
        if (kernelRoots()) {
            // a name the kernel cannot hold: none (a NUL would cut it short, to another interface's name)
            if (nic.isEmpty() || nic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15 || nic.indexOf('\0') >= 0
                    || nic.indexOf('/') >= 0) return null;
            try {
                List<RtNetlink.Link> links = RtNetlink.parseLinks(Netlink.askRoute(RtNetlink.linkRequest(nic)).get(0));
                return links.size() == 1 ? stats(links.get(0)) : null;
            } catch (Netlink.Refused e) {
                if (e.errno == ENODEV) return null;
                // else sysfs below
            } catch (ParseError e) {
                // sysfs below
            }
        }
        return sysfsIfStats(nic);
    }

    /** psutil's snicstats of one interface of the link dump; null when it went meanwhile. */
    private NetIfStats stats(RtNetlink.Link l) {
        int[] duplexSpeed;
        try {
            duplexSpeed = Ethtool.ask(l.name());
        } catch (Netlink.Refused e) {
            duplexSpeed = sysfsDuplexSpeed(sys.sysRoot().resolve("class/net").resolve(l.name()));
        }
        return duplexSpeed == null ? null : stats(l, duplexSpeed);
    }

    /** psutil's snicstats of an interface with its {duplex, speed}: up is running (psutil 5.9's isup). */
    static NetIfStats stats(RtNetlink.Link l, int[] duplexSpeed) {
        return new NetIfStats((l.flags() & IFF_RUNNING) != 0, duplexSpeed[0], duplexSpeed[1], l.mtu(), flagNames(l.flags()));
    }

    /** The state of one interface from its sysfs directory; null when sysfs does not show it. */
    NetIfStats sysfsIfStats(String nic) {
        Path dir = sys.sysRoot().resolve("class/net").resolve(nic);
        long flags = number(dir.resolve("flags"), 16);
        if (flags < 0) return null;
        // sysfs' flags leave out the ones the kernel computes (running): running is up with its link up
        String oper = text(dir.resolve("operstate"));
        if ((flags & IFF_UP) != 0 && (oper.equals("up") || oper.equals("unknown"))) flags |= IFF_RUNNING;
        int[] duplexSpeed = sysfsDuplexSpeed(dir);
        return new NetIfStats((flags & IFF_RUNNING) != 0, duplexSpeed[0], duplexSpeed[1],
                (int) Math.max(0, number(dir.resolve("mtu"), 10)), flagNames(flags));
    }

    /** {duplex, speed} as psutil gives them, from sysfs: a down link's files refuse to be read (EINVAL), which is unknown. */
    private static int[] sysfsDuplexSpeed(Path dir) {
        String duplex = text(dir.resolve("duplex"));
        long speed = number(dir.resolve("speed"), 10);
        return new int[]{duplex.equals("full") ? 2 : duplex.equals("half") ? 1 : 0,
                speed > 0 && speed < Integer.MAX_VALUE ? (int) speed : 0};
    }

    /** The flags psutil names, in its order, joined by commas. */
    private static String flagNames(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) if ((flags & (1L << bit)) != 0) names.add(FLAG_NAMES[bit]);
        return String.join(",", names);
    }

    /** Each interface's addresses: from rtnetlink, else (refused, or other roots) from files. */
    List<NetIfAddress> ifAddrs() {
        if (kernelRoots()) {
            try {
                List<List<ByteBuffer>> answers = Netlink.askRoute(RtNetlink.linksRequest(), RtNetlink.addressesRequest());
                return RtNetlink.addresses(RtNetlink.parseLinks(answers.get(0)), answers.get(1));
            } catch (Netlink.Refused | ParseError e) {
                // files below: no netlink here, or an answer in a layout this parser does not know
            }
        }
        return fileIfAddrs();
    }

    /**
     * Each interface's addresses from files: IPv4 (from the JDK, so of this machine only, not of
     * another proc root), IPv6 (/proc/net/if_inet6) and the hardware address (sysfs).
     */
    List<NetIfAddress> fileIfAddrs() {
        Map<String, List<NetIfAddress>> byNic = new LinkedHashMap<>();
        for (String nic : ioCounters().keySet()) byNic.put(nic, new ArrayList<>());
        if (sys.procRoot().equals(Paths.get("/proc"))) addIpv4(byNic);
        String inet6;
        try {
            inet6 = ProcFiles.readString(sys.procRoot().resolve("net/if_inet6"));
        } catch (IOException e) {
            inet6 = ""; // IPv6 disabled
        }
        for (NetDev.Inet6 a : NetDev.parseInet6(inet6)) {
            String address = a.scope() == 0x20 ? a.address() + "%" + a.nic() : a.address(); // link-local: with its scope
            byNic.computeIfAbsent(a.nic(), k -> new ArrayList<>()).add(new NetIfAddress(a.nic(), AF_INET6, address,
                    mask(a.prefix(), 128), null, null));
        }
        List<NetIfAddress> out = new ArrayList<>();
        byNic.forEach((nic, list) -> {
            out.addAll(list);
            Path dir = sys.sysRoot().resolve("class/net").resolve(nic);
            String mac = text(dir.resolve("address"));
            if (mac.isEmpty()) return;
            // shorter than six bytes (a tunnel's four): filled with 00 to six, as psutil does (its issue 786)
            for (long colons = mac.chars().filter(ch -> ch == ':').count(); colons < 5; colons++) mac += ":00";
            long flags = number(dir.resolve("flags"), 16);
            String other = text(dir.resolve("broadcast"));
            boolean broadcast = flags >= 0 && (flags & 0x2) != 0;
            boolean ptp = flags >= 0 && (flags & 0x10) != 0;
            out.add(new NetIfAddress(nic, AF_PACKET, mac, null, broadcast && !other.isEmpty() ? other : null,
                    ptp && !other.isEmpty() ? other : null));
        });
        return out;
    }

    private static void addIpv4(Map<String, List<NetIfAddress>> byNic) {
        try {
            for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    if (!(ia.getAddress() instanceof Inet4Address)) continue;
                    String bcast = ia.getBroadcast() == null ? null : ia.getBroadcast().getHostAddress();
                    byNic.computeIfAbsent(ni.getName(), k -> new ArrayList<>()).add(new NetIfAddress(ni.getName(), AF_INET,
                            ia.getAddress().getHostAddress(), mask(ia.getNetworkPrefixLength(), 32), bcast, null));
                }
            }
        } catch (SocketException e) {
            throw new JpsutilException("cannot list network interfaces: " + e.getMessage(), e);
        }
    }

    /** Netmasks by prefix length, written once: [0..32] IPv4, [33..161] IPv6 (prefix + 33). */
    private static final String[] MASKS = new String[33 + 129];

    /** A prefix length (0 to bits) as a netmask: 24 as 255.255.255.0, 64 as ffff:ffff:ffff:ffff::. */
    static String mask(int prefix, int bits) {
        int slot = bits == 32 ? prefix : 33 + prefix;
        String m = MASKS[slot];
        if (m == null) {
            byte[] b = new byte[bits / 8];
            for (int i = 0; i < prefix && i < bits; i++) b[i / 8] |= (byte) (0x80 >>> (i % 8));
            MASKS[slot] = m = bits == 32 ? NetTable.ipv4Text(b, 0) : NetTable.ipv6Text(b);
        }
        return m;
    }

    private static String text(Path p) {
        try {
            return ProcFiles.readString(p).trim();
        } catch (IOException e) {
            return ""; // absent, or refused (speed of a down link: EINVAL)
        }
    }

    private static long number(Path p, int radix) {
        String s = text(p);
        if (s.startsWith("0x")) s = s.substring(2);
        try {
            return s.isEmpty() ? -1 : Long.parseLong(s, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
