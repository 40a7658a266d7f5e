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
        Map<Long, SocketOwners.Owner> owners = SocketOwners.scan(sys.procRoot(), sys.pids());
        List<NetConnection> out = new ArrayList<>();
        String[][] inet = {{"tcp4", "tcp", "AF_INET", "SOCK_STREAM"}, {"tcp6", "tcp6", "AF_INET6", "SOCK_STREAM"},
                {"udp4", "udp", "AF_INET", "SOCK_DGRAM"}, {"udp6", "udp6", "AF_INET6", "SOCK_DGRAM"}};
        for (String[] t : inet) {
            if (!tables.contains(t[0])) continue;
            String text = table(t[1]);
            if (text == null) continue;
            for (NetTable.InetSocket s : NetTable.parseInet(text, t[0].startsWith("tcp")))
                out.add(row(owners.get(s.inode()), t[2], t[3], s.laddr(), s.raddr(), s.status()));
        }
        if (tables.contains("unix")) {
            String text = table("unix");
            if (text != null) {
                for (NetTable.UnixSocket s : NetTable.parseUnix(text))
                    out.add(row(owners.get(s.inode()), "AF_UNIX", s.type(), new Address(s.path(), 0), null, Connection.NONE));
            }
        }
        return out;
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
