package io.github.jpsutil.examples;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.SystemMetrics;

import java.io.PrintStream;
import java.util.Map;

/** {@code system --json}: the machine-wide figures with psutil's names, as one JSON object. */
final class SystemInfo {
    private SystemInfo() {
    }

    static int run(String[] args, PrintStream out) {
        if (args.length != 1 || !args[0].equals("--json"))
            throw new IllegalArgumentException("usage: system --json");
        out.println(Json.write(asDict(Psutil.local())));
        return 0;
    }

    /** Every machine-wide value of the catalog, keyed as psutil's functions and their fields. */
    static Map<String, Object> asDict(Psutil ps) {
        Map<String, Object> d = SystemMetrics.asDict(ps.oneshot(), null);
        d.put("cgroup", Ps.cgroup(ps.self())); // the container this program runs in
        return d;
    }
}
