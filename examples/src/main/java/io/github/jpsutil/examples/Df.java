package io.github.jpsutil.examples;

import io.github.jpsutil.DiskPartition;
import io.github.jpsutil.DiskUsage;
import io.github.jpsutil.Psutil;

import java.io.PrintStream;

/** {@code df}: file systems on devices and their usage, in the columns of psutil's scripts/disk_usage.py. */
final class Df {
    private Df() {
    }

    static int run(String[] args, PrintStream out) {
        Main.expectOnly(args, "--all");
        boolean all = args.length == 1;
        Psutil ps = Psutil.local();
        String row = "%-17s %8s %8s %8s %5s%% %9s  %s%n";
        out.printf(row, "Device", "Total", "Used", "Free", "Use ", "Type", "Mount");
        for (DiskPartition p : ps.diskPartitions(all)) {
            DiskUsage u;
            try {
                u = ps.diskUsage(p.mountpoint());
            } catch (RuntimeException e) {
                continue; // a mount point this process cannot query (another namespace, no access)
            }
            out.printf(row, p.device(), human(u.total()), human(u.used()), human(u.free()), (int) u.percent(), p.fstype(),
                    p.mountpoint());
        }
        return 0;
    }

    /** 252.0G, 1.5M, 512B: decimal-point figures in binary units, as psutil's bytes2human writes them. */
    static String human(long n) {
        String symbols = "KMGTPEZY";
        for (int i = symbols.length() - 1; i >= 0; i--) {
            long unit = 1L << ((i + 1) * 10);
            if (i < 6 && n >= unit) return String.format(java.util.Locale.ROOT, "%.1f%c", (double) n / unit, symbols.charAt(i));
        }
        return n + "B";
    }
}
