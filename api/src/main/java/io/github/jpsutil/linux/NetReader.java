package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NetIfAddress;
import io.github.jpsutil.NetIfStats;
import io.github.jpsutil.NetIoCounters;

import java.io.IOException;
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

    /** The state of each interface of /proc/net/dev that sysfs still shows (one may go between the two reads). */
    Map<String, NetIfStats> ifStats() {
        Map<String, NetIfStats> out = new LinkedHashMap<>();
        for (String nic : ioCounters().keySet()) {
            NetIfStats s = ifStats(nic);
            if (s != null) out.put(nic, s);
        }
        return out;
    }

    /** The state of one interface from its sysfs directory; null when sysfs does not show it. */
    NetIfStats ifStats(String nic) {
        Path dir = sys.sysRoot().resolve("class/net").resolve(nic);
        long flags = number(dir.resolve("flags"), 16);
        if (flags < 0) return null;
        // sysfs' flags leave out the ones the kernel computes (running): running is up with its link up
        String oper = text(dir.resolve("operstate"));
        if ((flags & IFF_UP) != 0 && (oper.equals("up") || oper.equals("unknown"))) flags |= IFF_RUNNING;
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) if ((flags & (1L << bit)) != 0) names.add(FLAG_NAMES[bit]);
        String duplex = text(dir.resolve("duplex"));
        long speed = number(dir.resolve("speed"), 10);
        return new NetIfStats((flags & IFF_RUNNING) != 0, duplex.equals("full") ? 2 : duplex.equals("half") ? 1 : 0,
                speed > 0 && speed < Integer.MAX_VALUE ? (int) speed : 0, (int) Math.max(0, number(dir.resolve("mtu"), 10)),
                String.join(",", names));
    }

    /**
     * Each interface's addresses: IPv4 (from the JDK, so of this machine only, not of another proc
     * root), IPv6 (/proc/net/if_inet6) and the hardware address (sysfs).
     */
    List<NetIfAddress> ifAddrs() {
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

    /** A prefix length as a netmask: 24 as 255.255.255.0, 64 as ffff:ffff:ffff:ffff::. */
    static String mask(int prefix, int bits) {
        byte[] b = new byte[bits / 8];
        for (int i = 0; i < prefix && i < bits; i++) b[i / 8] |= (byte) (0x80 >>> (i % 8));
        if (bits == 32) return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255);
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) full.append(':');
            full.append(Integer.toHexString(((b[i] & 255) << 8) | (b[i + 1] & 255)));
        }
        return NetTable.compressIpv6(full.toString());
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
