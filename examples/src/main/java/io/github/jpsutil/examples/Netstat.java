package io.github.jpsutil.examples;

import io.github.jpsutil.Address;
import io.github.jpsutil.NetConnection;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** {@code netstat}: the machine's internet sockets with their processes, in the columns of psutil's scripts/netstat.py. */
final class Netstat {
    private Netstat() {
    }

    static int run(String[] args, PrintStream out) {
        Main.expectOnly(args, "inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6");
        String kind = args.length == 1 ? args[0] : "inet";
        Psutil ps = Psutil.local();
        Map<Long, String> names = new HashMap<>();
        ps.processes().forEach(p -> {
            try {
                names.put(p.pid(), p.name());
            } catch (RuntimeException e) {
                // exited or denied: shown as '?'
            }
        });
        String row = "%-5s %-30s %-30s %-13s %-6s %s%n";
        out.printf(row, "Proto", "Local address", "Remote address", "Status", "PID", "Program name");
        for (NetConnection c : ps.netConnections(kind)) {
            String proto = (c.type().equals("SOCK_STREAM") ? "tcp" : "udp") + (c.family().equals("AF_INET6") ? "6" : "");
            String name = c.pid() == null ? "?" : names.getOrDefault(c.pid(), "?");
            out.printf(row, proto, address(c.laddr()), c.raddr() == null ? "-" : address(c.raddr()), c.status(),
                    c.pid() == null ? "-" : c.pid(), name.length() > 15 ? name.substring(0, 15) : name);
        }
        return 0;
    }

    /** ip:port as psutil's script prints the tuple; an unbound socket as "-". */
    private static String address(Address a) {
        return a == null ? "-" : a.ip() + ":" + a.port();
    }
}
