package io.github.jpsutil.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure parsers of /proc/net/dev (traffic per interface) and /proc/net/if_inet6 (IPv6 addresses). */
public final class NetDev {
    private NetDev() {
    }

    /**
     * Each interface's counters in psutil's order: bytes sent, bytes received, packets sent,
     * packets received, errors in, errors out, drops in, drops out.
     */
    public static Map<String, long[]> parse(String text) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.lastIndexOf(':');
            if (colon < 0 || line.contains("|")) continue; // the two header lines
            String name = line.substring(0, colon).trim();
            long[] f = Fields.numbers(line.substring(colon + 1), 12, "/proc/net/dev " + name);
            out.put(name, new long[]{f[8], f[0], f[9], f[1], f[2], f[10], f[3], f[11]});
        }
        return out;
    }

    /** One IPv6 address: the interface, the address as inet_ntop writes it, its prefix length and scope. */
    public record Inet6(String nic, String address, int prefix, int scope) {
    }

    public static List<Inet6> parseInet6(String text) {
        List<Inet6> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[0].length() != 32)
                throw new ParseError("/proc/net/if_inet6", "expected 'address index prefix scope flags name': " + ParseError.abbreviate(line));
            byte[] address = new byte[16];
            for (int i = 0; i < 16; i++) address[i] = (byte) hex(f[0].substring(2 * i, 2 * i + 2));
            out.add(new Inet6(f[5], NetTable.ipv6Text(address), (int) hex(f[2]), (int) hex(f[3])));
        }
        return out;
    }

    private static long hex(String s) {
        long v = 0;
        if (s.isEmpty() || s.length() > 8) throw new ParseError("/proc/net/if_inet6", "not a hex field: " + ParseError.abbreviate(s));
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) throw new ParseError("/proc/net/if_inet6", "not a hex field: " + ParseError.abbreviate(s));
            v = v * 16 + d;
        }
        return v;
    }
}
