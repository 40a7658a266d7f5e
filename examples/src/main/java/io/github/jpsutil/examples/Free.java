package io.github.jpsutil.examples;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.VirtualMemory;

import java.io.PrintStream;

/**
 * {@code free}: memory and swap in the columns of procps-ng 4.0 {@code free} (Debian 12's 4.0.2),
 * from psutil's virtual_memory and swap_memory. "used" is procps' total - available; psutil's own
 * {@code used} (total - free - buffers - cache) is smaller, and {@code system --json} gives it.
 */
final class Free {
    private Free() {
    }

    static int run(String[] args, PrintStream out) {
        Main.expectOnly(args, "-b", "-k", "-m", "-g", "-h");
        String unit = args.length == 0 ? "-k" : args[args.length - 1];
        VirtualMemory m = Psutil.local().virtualMemory();
        SwapMemory s = Psutil.local().swapMemory();
        out.printf("%-6s %14s %12s %12s %12s %12s %12s%n", "", "total", "used", "free", "shared", "buff/cache", "available");
        out.printf("%-6s %14s %12s %12s %12s %12s %12s%n", "Mem:", size(m.total(), unit), size(used(m), unit),
                size(m.free(), unit), size(m.shared(), unit), size(m.buffers() + m.cached(), unit), size(m.available(), unit));
        out.printf("%-6s %14s %12s %12s%n", "Swap:", size(s.total(), unit), size(s.used(), unit), size(s.free(), unit));
        return 0;
    }

    /** procps-ng 4's "used": what is not available to start new programs. */
    static long used(VirtualMemory m) {
        return m.total() - m.available();
    }

    private static String size(long bytes, String unit) {
        switch (unit) {
            case "-b": return Long.toString(bytes);
            case "-m": return Long.toString(bytes >> 20);
            case "-g": return Long.toString(bytes >> 30);
            case "-h": return human(bytes);
            default: return Long.toString(bytes >> 10);
        }
    }

    /** 1.5Gi, 320Mi, 12Ki, 900B: binary units as procps free -h writes them. */
    static String human(long bytes) {
        String[] units = {"B", "Ki", "Mi", "Gi", "Ti", "Pi"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + "B" : (v < 10 ? String.format("%.1f", v) : String.format("%.0f", v)) + units[i];
    }
}
