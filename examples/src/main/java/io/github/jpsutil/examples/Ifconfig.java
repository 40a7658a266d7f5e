package io.github.jpsutil.examples;

import io.github.jpsutil.NetIfAddress;
import io.github.jpsutil.NetIfStats;
import io.github.jpsutil.NetIoCounters;
import io.github.jpsutil.Psutil;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code ifconfig}: each network interface's state, traffic and addresses, laid out as psutil's scripts/ifconfig.py. */
final class Ifconfig {
    private Ifconfig() {
    }

    static int run(String[] args, PrintStream out) {
        Main.expectOnly(args);
        Psutil ps = Psutil.local();
        Map<String, NetIfStats> stats = ps.netIfStats();
        Map<String, NetIoCounters> io = ps.netIoCountersPernic();
        List<NetIfAddress> addrs = ps.netIfAddrs();
        for (String nic : io.keySet()) {
            out.println(nic + ":");
            NetIfStats s = stats.get(nic);
            if (s != null) {
                String duplex = s.duplex() == 2 ? "full" : s.duplex() == 1 ? "half" : "?";
                out.printf("    stats          : speed=%sMB, duplex=%s, mtu=%s, up=%s%n", s.speed(), duplex, s.mtu(),
                        s.isup() ? "yes" : "no");
            }
            NetIoCounters c = io.get(nic);
            out.printf("    incoming       : bytes=%s, pkts=%s, errs=%s, drops=%s%n", Df.human(c.bytesRecv()), c.packetsRecv(),
                    c.errin(), c.dropin());
            out.printf("    outgoing       : bytes=%s, pkts=%s, errs=%s, drops=%s%n", Df.human(c.bytesSent()), c.packetsSent(),
                    c.errout(), c.dropout());
            for (NetIfAddress a : addrs) {
                if (!a.nic().equals(nic)) continue;
                String family = a.family() == 2 ? "IPv4" : a.family() == 10 ? "IPv6" : "MAC";
                out.printf("    %-4s address   : %s%n", family, a.address());
                if (a.broadcast() != null) out.printf("         broadcast : %s%n", a.broadcast());
                if (a.netmask() != null) out.printf("         netmask   : %s%n", a.netmask());
                if (a.ptp() != null) out.printf("      p2p       : %s%n", a.ptp());
            }
            out.println();
        }
        return 0;
    }
}
