package io.github.jpsutil.linux;

import io.github.jpsutil.Address;
import io.github.jpsutil.Connection;
import io.github.jpsutil.NetConnection;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every socket of the machine (of this network namespace) with its holder, from /proc/net's tables. */
final class MachineSockets {
    private final LinuxSystem sys;

    MachineSockets(LinuxSystem sys) {
        this.sys = sys;
    }

    List<NetConnection> list(Set<String> tables) {
        return list(tables, sys.procRoot().equals(java.nio.file.Paths.get("/proc")));
    }

    /**
     * With {@code netlink}, each table from sock_diag where the kernel answers (netlink speaks of
     * this process' network namespace, which only the real /proc/net shows), else from /proc/net.
     */
    List<NetConnection> list(Set<String> tables, boolean netlink) {
        Map<Long, SocketOwners.Owner> owners = SocketOwners.scan(sys.procRoot(), sys.pids(), netlink);
        List<NetConnection> out = new ArrayList<>();
        String[][] inet = {{"tcp4", "tcp", "AF_INET", "SOCK_STREAM"}, {"tcp6", "tcp6", "AF_INET6", "SOCK_STREAM"},
                {"udp4", "udp", "AF_INET", "SOCK_DGRAM"}, {"udp6", "udp6", "AF_INET6", "SOCK_DGRAM"}};
        for (String[] t : inet) {
            if (!tables.contains(t[0])) continue;
            boolean tcp = t[0].startsWith("tcp");
            List<NetTable.InetSocket> sockets = inet(netlink, t[1], tcp, t[2].equals("AF_INET") ? SockDiag.AF_INET : SockDiag.AF_INET6);
            for (NetTable.InetSocket s : sockets)
                out.add(row(owners.get(s.inode()), t[2], t[3], s.laddr(), s.raddr(), s.status()));
        }
        if (tables.contains("unix")) {
            for (NetTable.UnixSocket s : unix(netlink))
                out.add(row(owners.get(s.inode()), "AF_UNIX", s.type(), new Address(s.path(), 0), null, Connection.NONE));
        }
        return out;
    }

    /** One inet table; /proc/net's text where netlink is off or refused (no inet_diag for the protocol). */
    private List<NetTable.InetSocket> inet(boolean netlink, String file, boolean tcp, int family) {
        if (netlink) {
            try {
                return SockDiag.parseInet(SockDiag.dump(family, tcp ? SockDiag.IPPROTO_TCP : SockDiag.IPPROTO_UDP), tcp);
            } catch (Netlink.Refused e) {
                // fall back to /proc/net
            }
        }
        String text = table(file);
        return text == null ? List.of() : NetTable.parseInet(text, tcp);
    }

    private List<NetTable.UnixSocket> unix(boolean netlink) {
        if (netlink) {
            try {
                return SockDiag.parseUnix(SockDiag.dump(SockDiag.AF_UNIX, 0));
            } catch (Netlink.Refused e) {
                // fall back to /proc/net
            }
        }
        String text = table("unix");
        return text == null ? List.of() : NetTable.parseUnix(text);
    }


    private static NetConnection row(SocketOwners.Owner o, String family, String type, Address laddr, Address raddr,
                                     String status) {
        return new NetConnection(o == null ? -1 : o.fd(), family, type, laddr, raddr, status, o == null ? null : o.pid());
    }

    /** A table of /proc/net; null when the kernel has none (no IPv6). */
    private String table(String name) {
        try {
            return ProcFiles.readString(sys.procRoot().resolve("net/" + name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return sys.systemFile(sys.procRoot().resolve("net/" + name)); // fails with the reason
        }
    }
}
