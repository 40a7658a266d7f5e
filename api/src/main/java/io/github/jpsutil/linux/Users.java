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
     * The name of a user id, from the system's user database through getpwuid_r (so LDAP or
     * systemd users resolve as they do for {@code ps}), or from /etc/passwd when native access is
     * unavailable; the uid as a string when it has no name (psutil's fallback). Cached per uid.
     */
    String name(long uid) {
        return names.computeIfAbsent(uid, this::lookUpUser);
    }

    private String lookUpUser(long uid) {
        lookups.incrementAndGet();
        String name = null;
        if (Native.available()) {
            name = Native.userName(uid);
        } else {
            Map<Long, String> p = passwd;
            if (p == null) {
                try {
                    p = Passwd.parse(ProcFiles.readString(Paths.get("/etc/passwd")));
                } catch (IOException e) {
                    p = Map.of(); // no readable /etc/passwd: every uid stays a number
                }
                passwd = p;
            }
            name = p.get(uid);
        }
        return name != null ? name : Long.toString(uid);
    }
}
