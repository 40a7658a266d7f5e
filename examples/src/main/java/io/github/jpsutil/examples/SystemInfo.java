package io.github.jpsutil.examples;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.SystemCpuTimes;
import io.github.jpsutil.VirtualMemory;

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

    static Map<String, Object> asDict(Psutil ps) {
        SystemCpuTimes c = ps.cpuTimes();
        VirtualMemory m = ps.virtualMemory();
        SwapMemory s = ps.swapMemory();
        return Ps.map(
                "cpu_times", Ps.map("user", c.user(), "nice", c.nice(), "system", c.system(), "idle", c.idle(),
                        "iowait", c.iowait(), "irq", c.irq(), "softirq", c.softirq(), "steal", c.steal(),
                        "guest", c.guest(), "guest_nice", c.guestNice()),
                "cpu_count", ps.cpuCount(),
                "boot_time", ps.bootTime(),
                "virtual_memory", Ps.map("total", m.total(), "available", m.available(), "percent", m.percent(),
                        "used", m.used(), "free", m.free(), "active", m.active(), "inactive", m.inactive(),
                        "buffers", m.buffers(), "cached", m.cached(), "shared", m.shared(), "slab", m.slab()),
                "swap_memory", Ps.map("total", s.total(), "used", s.used(), "free", s.free(), "percent", s.percent(),
                        "sin", s.sin(), "sout", s.sout()));
    }
}
