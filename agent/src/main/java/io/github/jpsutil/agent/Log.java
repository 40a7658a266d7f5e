package io.github.jpsutil.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's only output: single lines on stderr with the "jpsutil:" prefix, each kind once. */
final class Log {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private Log() {
    }

    static void line(String message) {
        System.err.println("jpsutil: " + message);
    }

    /** Prints the message the first time this key is seen; later ones are only counted elsewhere. */
    static void once(String key, String message) {
        if (SEEN.add(key)) line(message);
    }
}
