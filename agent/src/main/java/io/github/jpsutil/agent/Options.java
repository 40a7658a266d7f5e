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
public record Options(Duration interval, boolean children, boolean readOnly, boolean allowSelfSignals, boolean watchAny,
                      String procRoot, String sysRoot, boolean cgroups, int heldFiles, Events events, int exitedKept,
                      boolean namedObjects) {
    /** /proc files kept open for the processes read each round (five each): see Psutil.holdFiles. */
    static final int DEFAULT_HELD_FILES = 1024;
    static final int MAX_HELD_FILES = 1 << 20;
    static final int MAX_EXITED_KEPT = 10_000;
    static final Options DEFAULTS = new Options(Duration.ofSeconds(5), true, false, false, false, null, null, true,
            DEFAULT_HELD_FILES, Events.AUTO, 100, false);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final String KEYS = "interval, children, readOnly, allowSelfSignals, watch, procRoot, sysRoot, cgroups, heldFiles, events, exitedKept, objectNames";

    /** How descendants are found (option events). */
    public enum Events {
        /** The kernel's process events connector where it admits the host, else polling. */
        AUTO,
        /** Walking the host's descendants every interval, whatever the kernel offers. */
        POLL
    }

    /** Parses the option text; an IllegalArgumentException names what is wrong and what was expected. */
    public static Options parse(String text) {
        Options d = DEFAULTS;
        if (text == null || text.isBlank()) return d;
        Duration interval = d.interval;
        boolean children = d.children, readOnly = d.readOnly, allowSelfSignals = d.allowSelfSignals, watchAny = d.watchAny;
        String procRoot = d.procRoot, sysRoot = d.sysRoot;
        boolean cgroups = d.cgroups;
        int heldFiles = d.heldFiles;
        Events events = d.events;
        int exitedKept = d.exitedKept;
        boolean namedObjects = d.namedObjects;
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
            switch (k) {
                case "interval" -> interval = duration(key, value);
                case "children" -> children = bool(key, value);
                case "readonly" -> readOnly = bool(key, value);
                case "allowselfsignals" -> allowSelfSignals = bool(key, value);
                case "watch" -> watchAny = watchScope(key, value);
                case "procroot" -> procRoot = root(key, value);
                case "sysroot" -> sysRoot = root(key, value);
                case "cgroups" -> cgroups = bool(key, value);
                case "heldfiles" -> heldFiles = count(key, value, MAX_HELD_FILES);
                case "events" -> events = events(key, value);
                case "exitedkept" -> exitedKept = count(key, value, MAX_EXITED_KEPT);
                case "objectnames" -> namedObjects = objectNames(key, value);
                default -> throw new IllegalArgumentException("unknown option '" + key + "' in '" + pair.trim() + "' (expected one of " + KEYS + ")");
            }
        }
        return new Options(interval, children, readOnly, allowSelfSignals, watchAny, procRoot, sysRoot, cgroups, heldFiles,
                events, exitedKept, namedObjects);
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

    /** A proc or sys root: an absolute path of a directory (such as /host/proc, the host's /proc in a container). */
    private static String root(String key, String value) {
        java.nio.file.Path p = java.nio.file.Path.of(value);
        if (!p.isAbsolute() || !java.nio.file.Files.isDirectory(p))
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected the absolute path of a directory,"
                    + " such as /host/" + (key.equalsIgnoreCase("procRoot") ? "proc" : "sys") + ")");
        return p.normalize().toString();
    }

    /** The machine the options say to read: this one, or the one under procRoot and sysRoot. */
    io.github.jpsutil.Psutil psutil() {
        if (procRoot == null && sysRoot == null) return io.github.jpsutil.Psutil.local();
        return io.github.jpsutil.Psutil.withProcRoot(java.nio.file.Path.of(procRoot == null ? "/proc" : procRoot),
                java.nio.file.Path.of(sysRoot == null ? "/sys" : sysRoot));
    }

    private static int count(String key, String value, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > max)
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected a whole number from 0 to " + max + ")");
        return n;
    }

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected true or false)");
    }

    /** objectNames=pid (jpsutil:type=Process,scope=S,pid=N) or name (...,scope=S,name=NAME,pid=N). */
    private static boolean objectNames(String key, String value) {
        if (value.equalsIgnoreCase("pid")) return false;
        if (value.equalsIgnoreCase("name")) return true;
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected pid or name)");
    }

    private static boolean watchScope(String key, String value) {
        if (value.equalsIgnoreCase("own")) return false;
        if (value.equalsIgnoreCase("any")) return true;
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + " (expected own or any)");
    }

    /**
     * The keys in which these options give a JMX user more than {@code floor} does (may act where
     * floor is read-only, may signal the host, may watch any process); empty when they give no more.
     */
    public java.util.List<String> looserThan(Options floor) {
        java.util.List<String> looser = new java.util.ArrayList<>();
        if (!readOnly && floor.readOnly) looser.add("readOnly=false");
        if (allowSelfSignals && !floor.allowSelfSignals) looser.add("allowSelfSignals=true");
        if (watchAny && !floor.watchAny) looser.add("watch=any");
        return looser;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** The options in the form they are given, every key spelt out (heldFiles and objectNames when not the default). */
    @Override
    public String toString() {
        return "interval=" + format(interval) + ",children=" + children + ",readOnly=" + readOnly
                + ",allowSelfSignals=" + allowSelfSignals + ",watch=" + (watchAny ? "any" : "own")
                + (procRoot == null ? "" : ",procRoot=" + procRoot) + (sysRoot == null ? "" : ",sysRoot=" + sysRoot)
                + (cgroups ? "" : ",cgroups=false") + (heldFiles != DEFAULT_HELD_FILES ? ",heldFiles=" + heldFiles : "")
                + ",events=" + events.name().toLowerCase(Locale.ROOT) + ",exitedKept=" + exitedKept
                + (namedObjects ? ",objectNames=name" : "");
    }
}
