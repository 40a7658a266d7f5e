package io.github.jpsutil.linux;

import java.util.HashMap;
import java.util.Map;

/** Parser of {@code /etc/passwd}: uid to user name. */
final class Passwd {
    private Passwd() {
    }

    /** Maps each uid to the first name listed for it; lines that are not name:pw:uid:... are skipped. */
    public static Map<Long, String> parse(String text) {
        Map<Long, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", 4);
            if (f.length < 4 || f[0].isEmpty() || f[0].startsWith("#")) continue;
            try {
                out.putIfAbsent(Long.parseLong(f[2]), f[0]);
            } catch (NumberFormatException e) {
                // a malformed line names nobody
            }
        }
        return out;
    }
}
