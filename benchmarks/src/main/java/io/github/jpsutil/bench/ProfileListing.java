package io.github.jpsutil.bench;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.util.Iterator;

/**
 * Runs the jpsutil listing of {@link ListingBenchmark} in a loop for a while, for a profiler:
 * {@code java -XX:StartFlightRecording=filename=listing.jfr,settings=profile
 * -cp benchmarks.jar io.github.jpsutil.bench.ProfileListing 20 [handles]}. Prints microseconds per
 * process and how much of the CPU time was the kernel's (generating /proc text) rather than the
 * JVM's. With "handles", lists through processes() and oneshot() instead of oneshotProcesses().
 */
public final class ProfileListing {
    private ProfileListing() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        boolean handles = args.length > 1 && args[1].equals("handles");
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Psutil psutil = Psutil.local();
        var threads = ManagementFactory.getThreadMXBean();
        long processes = 0;
        long start = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long user0 = threads.getCurrentThreadUserTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Iterator<OsProcess> it = (handles ? psutil.processes() : psutil.oneshotProcesses()).iterator();
            while (it.hasNext()) {
                try {
                    Classic.read(handles ? it.next().oneshot() : it.next(), bh);
                    processes++;
                } catch (NoSuchProcess gone) {
                    // exited while listed
                }
            }
        }
        double wall = (System.nanoTime() - start) / 1e3;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3;
        double user = (threads.getCurrentThreadUserTime() - user0) / 1e3;
        System.out.printf("%d processes read; per process: %.1f us wall, %.1f us CPU of this thread"
                        + " (%.1f us user, %.1f us kernel)%n",
                processes, wall / processes, cpu / processes, user / processes, (cpu - user) / processes);
    }
}
