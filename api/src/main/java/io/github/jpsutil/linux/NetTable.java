package io.github.jpsutil.linux;

import io.github.jpsutil.Address;
import io.github.jpsutil.Connection;

import java.util.ArrayList;
import java.util.List;

/** Parsers of {@code /proc/net/{tcp,tcp6,udp,udp6,unix}}. */
final class NetTable {
    static final String[] TCP_STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
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
            // port 0: no address (psutil's empty tuple): no remote end, or not bound yet
            if (laddr.port() == 0) laddr = null;
            if (raddr.port() == 0) raddr = null;
            String status = Connection.NONE;
            if (tcp) {
                int st = (int) hex(f[3], what);
                status = st > 0 && st < TCP_STATES.length ? TCP_STATES[st] : "UNKNOWN";
            }
            out.add(new InetSocket(ParseError.parseLong(what, "inode", f[9]), laddr, raddr, status));
        }
        return out;
    }

    /**
     * Parses the unix socket table. The kernel writes a bound path byte for byte, newlines included
     * (psutil issue 766): a line that does not start a record ("Num: RefCount ...") continues the
     * path of the record before it.
     */
    public static List<UnixSocket> parseUnix(String text) {
        String what = "/proc/net/unix";
        List<UnixSocket> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String[] f = line.stripLeading().split("\\s+", 8);
            if (f.length < 7 || !isRecordStart(f[0])) {
                if (!out.isEmpty()) {
                    UnixSocket last = out.remove(out.size() - 1);
                    out.add(new UnixSocket(last.inode(), last.type(), last.path() + "\n" + line));
                    continue;
                }
                if (line.isBlank()) continue;
                throw new ParseError(what, "line " + (i + 1) + " has " + f.length + " fields");
            }
            String type = unixType((int) hex(f[4], what));
            out.add(new UnixSocket(ParseError.parseLong(what, "inode", f[6]), type, f.length > 7 ? f[7] : ""));
        }
        return out;
    }

    /** psutil's name of a unix socket's type number. */
    static String unixType(int type) {
        switch (type) {
            case 1: return "SOCK_STREAM";
            case 2: return "SOCK_DGRAM";
            case 5: return "SOCK_SEQPACKET";
            default: return "SOCK_RAW";
        }
    }

    /** The first field of a record: the socket's (hashed) kernel address in hex and a colon. */
    private static boolean isRecordStart(String field) {
        if (field.length() < 2 || !field.endsWith(":")) return false;
        for (int i = 0; i < field.length() - 1; i++) if (Character.digit(field.charAt(i), 16) < 0) return false;
        return true;
    }

    /** Decodes "0100007F:1F90" (IPv4) or a 32-hex-digit IPv6 address, each 32-bit word in host order. */
    static Address address(String field, String what) {
        int colon = field.indexOf(':');
        if (colon < 0) throw new ParseError(what, "address without port: '" + field + "'");
        String ip = field.substring(0, colon);
        long port = hex(field.substring(colon + 1), what);
        if (port > 0xffff) throw new ParseError(what, "port out of range: '" + ParseError.abbreviate(field) + "'");
        if (ip.length() == 8) {
            long v = hex(ip, what);
            return new Address((v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff), (int) port);
        }
        if (ip.length() != 32) throw new ParseError(what, "address of " + ip.length() + " hex digits");
        byte[] b = new byte[16];
        for (int w = 0; w < 4; w++) {
            long v = hex(ip.substring(w * 8, w * 8 + 8), what);
            for (int k = 0; k < 4; k++) b[w * 4 + k] = (byte) (v >> (8 * k));
        }
        return ipv6(b, (int) port, what);
    }

    /** An IPv6 address in network byte order, written as inet_ntop (and so psutil) writes it. */
    static Address ipv6(byte[] b, int port, String what) {
        if (b.length != 16) throw new ParseError(what, "an IPv6 address of " + b.length + " bytes");
        return new Address(ipv6Text(b), port);
    }

    /**
     * The 16 bytes of an IPv6 address (network order) as inet_ntop writes them: hex words without
     * leading zeros, the first longest run of two or more zero words as "::", an IPv4-mapped
     * address as ::ffff:1.2.3.4 and an IPv4-compatible one (six zero words, then anything but
     * 0.0.x.x) as ::1.2.3.4.
     */
    static String ipv6Text(byte[] b) {
        boolean tenZeros = true;
        for (int k = 0; k < 10 && tenZeros; k++) tenZeros = b[k] == 0;
        if (tenZeros && b[10] == (byte) 0xff && b[11] == (byte) 0xff) return "::ffff:" + ipv4Text(b, 12);
        if (tenZeros && b[10] == 0 && b[11] == 0 && (b[12] | b[13]) != 0) return "::" + ipv4Text(b, 12);
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && b[2 * j] == 0 && b[2 * j + 1] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString((b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff)));
        }
        return s.toString();
    }

    /** Four bytes from {@code at} as a dotted IPv4 address. */
    static String ipv4Text(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    /** Unsigned hexadecimal as the kernel writes it (Long.parseLong alone would take a sign). */
    private static long hex(String s, String what) {
        try {
            if (s.isEmpty() || Character.digit(s.charAt(0), 16) < 0) throw new NumberFormatException(s);
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            throw new ParseError(what, "not hexadecimal: '" + ParseError.abbreviate(s) + "'");
        }
    }
}
