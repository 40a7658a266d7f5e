package io.github.jpsutil.linux;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The system's user database: names of user ids, looked up once per uid. */
final class Users {
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    /** Lookups in the user database (not cache hits): observable by tests, one per distinct uid. */
    final AtomicInteger lookups = new AtomicInteger();
    private volatile Map<Long, String> passwd;

    /**
     * The name of a user id: from /etc/passwd, and only for a uid it lacks from the system's user
     * database through getpwuid_r (so LDAP or systemd users resolve as they do for {@code ps}) when
     * native access is available; the uid as a string when it has no name (psutil's fallback).
     * Reading /etc/passwd first keeps native code out of the common case. Cached per uid.
     */
    String name(long uid) {
        return names.computeIfAbsent(uid, this::lookUpUser);
    }

    private String lookUpUser(long uid) {
        lookups.incrementAndGet();
        Map<Long, String> p = passwd;
        if (p == null) {
            try {
                p = Passwd.parse(ProcFiles.readString(Paths.get("/etc/passwd")));
            } catch (IOException e) { // none, or unreadable: the user database may still know
                p = Map.of();
            }
            passwd = p;
        }
        String name = p.get(uid);
        if (name == null && Native.available()) name = Native.userName(uid);
        return name != null ? name : Long.toString(uid);
    }
}
