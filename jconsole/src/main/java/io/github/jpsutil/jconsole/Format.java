package io.github.jpsutil.jconsole;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the tab writes numbers: binary units for memory, one decimal for percentages, local time for starts. */
final class Format {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Format() {
    }

    static String bytes(Long bytes) {
        if (bytes == null) return "?";
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < UNITS.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[i]);
    }

    static String percent(Double p) {
        return p == null ? "?" : String.format(Locale.ROOT, "%.1f %%", p);
    }

    static String time(Double epochSeconds) {
        if (epochSeconds == null) return "?";
        return TIME.format(Instant.ofEpochMilli((long) (epochSeconds * 1000)).atZone(ZoneId.systemDefault()));
    }
}
