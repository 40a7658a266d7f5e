package io.github.jpsutil.linux;

import io.github.jpsutil.Ids;

/** The fields of {@code /proc/<pid>/status} that the library uses. */
public record PidStatus(long tgid, Ids uids, Ids gids, long threads) {
    private static final String WHAT = "/proc/<pid>/status";

    public static PidStatus parse(String text) {
        String tgid = null, uid = null, gid = null, threads = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon)) {
                case "Tgid": tgid = value; break;
                case "Uid": uid = value; break;
                case "Gid": gid = value; break;
                case "Threads": threads = value; break;
                default: break;
            }
        }
        return new PidStatus(number("Tgid", tgid), ids("Uid", uid), ids("Gid", gid), number("Threads", threads));
    }

    private static long number(String key, String value) {
        if (value == null) throw new ParseError(WHAT, "no " + key + " line");
        return ParseError.parseLong(WHAT, key, value);
    }

    private static Ids ids(String key, String value) {
        if (value == null) throw new ParseError(WHAT, "no " + key + " line");
        String[] f = value.split("\\s+");
        if (f.length < 3) throw new ParseError(WHAT, key + " has " + f.length + " ids, expected 4");
        return new Ids(ParseError.parseLong(WHAT, key, f[0]), ParseError.parseLong(WHAT, key, f[1]),
                ParseError.parseLong(WHAT, key, f[2]));
    }
}
