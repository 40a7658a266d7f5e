package io.github.jpsutil.linux;

import io.github.jpsutil.Address;
import io.github.jpsutil.Connection;

import java.util.ArrayList;
import java.util.List;

/** Parsers of {@code /proc/net/{tcp,tcp6,udp,udp6,unix}}. */
public final class NetTable {
    private static final String[] TCP_STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
            "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private NetTable() {
    }

    /** One socket of an inet table: addresses, TCP state ("NONE" for UDP) and the socket's inode. */
    public record InetSocket(long inode, Address laddr, Address raddr, String status) {
    }

    /** One socket of the unix table: its type ("SOCK_STREAM", ...), inode and bound path ("" if none). */
    public record UnixSocket(long inode, String type, String path) {
    }

    /** Parses a tcp/udp table; {@code tcp} selects TCP state names, otherwise every status is "NONE". */
    public static List<InetSocket> parseInet(String text, boolean tcp) {
        String what = "/proc/net/" + (tcp ? "tcp" : "udp");
        List<InetSocket> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) {
                if (lines[i].isBlank()) continue;
                throw new ParseError(what, "line " + (i + 1) + " has " + f.length + " fields");
            }
            Address laddr = address(f[1], what);
            Address raddr = address(f[2], what);
            if (raddr.port() == 0) raddr = null; // no remote end, as psutil reports it
            String status = Connection.NONE;
            if (tcp) {
                int st = (int) hex(f[3], what);
                status = st > 0 && st < TCP_STATES.length ? TCP_STATES[st] : "UNKNOWN";
            }
            out.add(new InetSocket(ParseError.parseLong(what, "inode", f[9]), laddr, raddr, status));
        }
        return out;
    }

    /** Parses the unix socket table. */
    public static List<UnixSocket> parseUnix(String text) {
        String what = "/proc/net/unix";
        List<UnixSocket> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 7) throw new ParseError(what, "line " + (i + 1) + " has " + f.length + " fields");
            String type;
            switch ((int) hex(f[4], what)) {
                case 1: type = "SOCK_STREAM"; break;
                case 2: type = "SOCK_DGRAM"; break;
                case 5: type = "SOCK_SEQPACKET"; break;
                default: type = "SOCK_RAW"; break;
            }
            out.add(new UnixSocket(ParseError.parseLong(what, "inode", f[6]), type, f.length > 7 ? f[7] : ""));
        }
        return out;
    }

    /** Decodes "0100007F:1F90" (IPv4) or a 32-hex-digit IPv6 address, each 32-bit word in host order. */
    static Address address(String field, String what) {
        int colon = field.indexOf(':');
        if (colon < 0) throw new ParseError(what, "address without port: '" + field + "'");
        String ip = field.substring(0, colon);
        int port = (int) hex(field.substring(colon + 1), what);
        if (ip.length() == 8) {
            long v = hex(ip, what);
            return new Address((v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff), port);
        }
        if (ip.length() != 32) throw new ParseError(what, "address of " + ip.length() + " hex digits");
        byte[] b = new byte[16];
        for (int w = 0; w < 4; w++) {
            long v = hex(ip.substring(w * 8, w * 8 + 8), what);
            for (int k = 0; k < 4; k++) b[w * 4 + k] = (byte) (v >> (8 * k));
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(b);
            String s = a.getHostAddress();
            // psutil prints IPv4-mapped addresses the way inet_ntop does: ::ffff:1.2.3.4
            if (a instanceof java.net.Inet4Address) return new Address("::ffff:" + s, port);
            return new Address(compressIpv6(s), port);
        } catch (java.net.UnknownHostException e) {
            throw new ParseError(what, e.getMessage());
        }
    }

    /** Java writes 0:0:0:0:0:0:0:1; inet_ntop (and psutil) write ::1. */
    static String compressIpv6(String full) {
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) j++;
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else i++;
        }
        if (bestStart < 0) return full;
        String left = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
        return left + "::" + right;
    }

    private static long hex(String s, String what) {
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            throw new ParseError(what, "not hexadecimal: '" + ParseError.abbreviate(s) + "'");
        }
    }
}
