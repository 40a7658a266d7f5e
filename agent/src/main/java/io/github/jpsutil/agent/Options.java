package io.github.jpsutil.agent;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's options, from the text after {@code -javaagent:jpsutil-agent.jar=}: comma-separated
 * {@code key=value} pairs. Anything unknown or malformed is an IllegalArgumentException whose
 * message names the key and the value and says what was expected.
 */
public record Options(Duration interval, boolean children, boolean readOnly, boolean allowSelfSignals, Events events,
                      int exitedKept) {
    static final Options DEFAULTS = new Options(Duration.ofSeconds(5), true, false, false, Events.AUTO, 100);
    static final int MAX_EXITED_KEPT = 10_000;

    /** How descendants are found (option events). */
    public enum Events {
        /** The kernel's process events connector where it admits the host, else polling. */
        AUTO,
        /** Walking the host's descendants every interval, whatever the kernel offers. */
        POLL
    }

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final String KEYS = "interval, children, readOnly, allowSelfSignals, events, exitedKept";

    /** Parses the option text; an IllegalArgumentException names what is wrong and what was expected. */
    public static Options parse(String text) {
        Options o = DEFAULTS;
        if (text == null || text.isBlank()) return o;
        Set<String> seen = new HashSet<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq < 0)
                throw new IllegalArgumentException("option '" + pair.trim() + "' has no value (expected key=value with key one of " + KEYS + ")");
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            String k = key.toLowerCase(Locale.ROOT);
            if (!seen.add(k)) throw new IllegalArgumentException("option " + key + " is given twice");
            o = switch (k) {
                case "interval" -> new Options(duration(key, value), o.children, o.readOnly, o.allowSelfSignals, o.events, o.exitedKept);
                case "children" -> new Options(o.interval, bool(key, value), o.readOnly, o.allowSelfSignals, o.events, o.exitedKept);
                case "readonly" -> new Options(o.interval, o.children, bool(key, value), o.allowSelfSignals, o.events, o.exitedKept);
                case "allowselfsignals" -> new Options(o.interval, o.children, o.readOnly, bool(key, value), o.events, o.exitedKept);
                case "events" -> new Options(o.interval, o.children, o.readOnly, o.allowSelfSignals, events(key, value), o.exitedKept);
                case "exitedkept" -> new Options(o.interval, o.children, o.readOnly, o.allowSelfSignals, o.events, count(key, value));
                default -> throw new IllegalArgumentException("unknown option '" + key + "' in '" + pair.trim() + "' (expected one of " + KEYS + ")");
            };
        }
        return o;
    }

    /** A period such as 500ms, 5s or 1m, between 100ms and 24h (the option interval's syntax). */
    public static Duration parseInterval(String value) {
        return duration("interval", value);
    }

    private static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches())
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected a duration such as 500ms, 5s or 1m)");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0)
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected between 100ms and 24h)");
        return d;
    }

    private static Events events(String key, String value) {
        if (value.equalsIgnoreCase("auto")) return Events.AUTO;
        if (value.equalsIgnoreCase("poll")) return Events.POLL;
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected auto or poll)");
    }

    private static int count(String key, String value) {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > MAX_EXITED_KEPT)
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected a number from 0 to " + MAX_EXITED_KEPT + ")");
        return Integer.parseInt(value);
    }

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected true or false)");
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** The options in the form they are given, every key spelt out. */
    @Override
    public String toString() {
        return "interval=" + format(interval) + ",children=" + children + ",readOnly=" + readOnly
                + ",allowSelfSignals=" + allowSelfSignals + ",events=" + events.name().toLowerCase(Locale.ROOT)
                + ",exitedKept=" + exitedKept;
    }
}
