package io.github.jpsutil;

import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a program that prints this machine's (this network namespace's) interfaces, one
 * line per address and per interface state, in the words of {@link #PSUTIL_SCRIPT} (psutil's
 * same lines), so that a test can run both in a place of its making: a network namespace, a JVM
 * without native access. Needs only the api classes and JNA on its class path.
 */
public final class NetInterfacesPrinter {
    /** The same lines from psutil, for /usr/bin/python3 -c. */
    static final String PSUTIL_SCRIPT = "import psutil\n"
            + "for n, l in psutil.net_if_addrs().items():\n"
            + "    for a in l: print('addr', n, int(a.family), a.address, a.netmask, a.broadcast, a.ptp)\n"
            + "for n, s in psutil.net_if_stats().items(): print('stats', n, s.isup, int(s.duplex), s.speed, s.mtu, s.flags)\n";

    private NetInterfacesPrinter() {
    }

    static List<String> lines(Psutil ps) {
        List<String> out = new ArrayList<>();
        for (NetIfAddress a : ps.netIfAddrs())
            out.add("addr " + a.nic() + " " + a.family() + " " + a.address() + " " + none(a.netmask()) + " " + none(a.broadcast())
                    + " " + none(a.ptp()));
        ps.netIfStats().forEach((n, s) -> out.add("stats " + n + " " + (s.isup() ? "True" : "False") + " " + s.duplex() + " "
                + s.speed() + " " + s.mtu() + " " + s.flags()));
        return out;
    }

    private static String none(String s) {
        return s == null ? "None" : s;
    }

    public static void main(String[] args) {
        lines(Psutil.local()).forEach(System.out::println);
    }
}
