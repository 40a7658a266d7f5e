package io.github.jpsutil.linux;

import java.util.ArrayList;
import java.util.List;

/** Pure parser of {@code /proc/<pid>/mountinfo} (proc(5)): one {@link Mount} per line. */
public final class Mounts {
    private static final String WHAT = "mountinfo";

    /**
     * One mount: the device number ("8:1"), the mount point, the options of this mount and of the
     * file system, its type and its source ("none", "/dev/sda1", "tmpfs", ...), text unescaped.
     */
    public record Mount(String device, String mountpoint, String mountOptions, String fstype, String source,
                        String superOptions) {
        /**
         * The options as /proc/mounts (and so psutil) shows them: the mount's own, then the file
         * system's without its leading rw or ro, which the mount's already say.
         */
        public String options() {
            String s = superOptions;
            if (s.equals("rw") || s.equals("ro")) return mountOptions;
            if (s.startsWith("rw,") || s.startsWith("ro,")) s = s.substring(3);
            return s.isEmpty() ? mountOptions : mountOptions + "," + s;
        }
    }

    private Mounts() {
    }

    public static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (dash < 0 || dash + 2 >= f.length)
                throw new ParseError(WHAT, "expected 'id parent major:minor root mountpoint options ... - type source superoptions', got: "
                        + ParseError.abbreviate(line));
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            out.add(new Mount(f[2], unescape(f[4]), f[5], unescape(f[dash + 1]), unescape(f[dash + 2]), superOptions));
        }
        return out;
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes (\040, \011, \012, \134). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        return true;
    }
}
