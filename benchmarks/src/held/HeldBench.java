import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One side of held.sh: the CPU time of this thread per process read, for the files the C floor
 * reads (stat, status, cmdline, io, statm and the exe link), with descriptors held or not.
 *
 *   java -cp held:jpsutil-api.jar:jna.jar HeldBench read SECONDS HELD PID...   a oneshot view of each process per read
 *   java ... HeldBench passes N                                              N full listings (for strace -c)
 *
 * HELD is Psutil.holdFiles' bound (0: every file opened, read and closed each time). One PID is
 * a held handle's snapshot; 100 children are the sampler's round. Prints the median over the
 * batches, in CPU microseconds per process.
 */
public final class HeldBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static long sink;

    public static void main(String[] args) {
        Psutil ps = Psutil.local();
        switch (args[0]) {
            case "read" -> {
                double seconds = Double.parseDouble(args[1]);
                ps.holdFiles(Integer.parseInt(args[2]));
                List<OsProcess> handles = new ArrayList<>();
                for (int i = 3; i < args.length; i++) handles.add(ps.process(Long.parseLong(args[i])));
                int reads = Math.max(1, 1000 / handles.size());
                for (int i = 0; i < 20 * reads; i++) handles.forEach(h -> read(h.oneshot())); // warm-up
                List<Double> batches = new ArrayList<>();
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (batches.size() < 5 || System.nanoTime() < end) {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    for (int i = 0; i < reads; i++) handles.forEach(h -> read(h.oneshot()));
                    batches.add((CPU.getCurrentThreadCpuTime() - t0) / 1e3 / (reads * handles.size()));
                }
                batches.sort(null);
                System.out.printf("%.2f%n", batches.get(batches.size() / 2));
            }
            case "passes" -> {
                int n = 0;
                for (int i = Integer.parseInt(args[1]); i > 0; i--) {
                    for (OsProcess p : (Iterable<OsProcess>) ps.oneshotProcesses()::iterator) {
                        try {
                            read(p);
                            n++;
                        } catch (NoSuchProcess gone) {
                            // exited meanwhile
                        }
                    }
                }
                System.out.println("passes processes=" + n);
            }
            default -> throw new IllegalArgumentException("mode must be read or passes, got " + args[0]);
        }
        if (sink == 42) System.out.print("");
    }

    /** pid, ppid, name, exe, cmdline, create time, uids, gids, username, status, nice, threads, cpu, memory, io. */
    private static void read(OsProcess p) {
        sink += p.pid();
        for (Supplier<?> s : List.<Supplier<?>>of(p::ppid, p::name, p::exe, p::cmdline, p::createTime, p::uids, p::gids,
                p::username, p::status, p::nice, p::numThreads, p::cpuTimes, p::memoryInfo, p::ioCounters)) {
            try {
                sink += s.get().hashCode();
            } catch (AccessDenied denied) {
                sink++; // counted as read, as the floor counts a refused file
            }
        }
    }
}
