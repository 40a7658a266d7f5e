import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One side of compare-revisions.sh: the CPU time this thread spends per process reading psutil's
 * classic attributes, through whichever jpsutil-api jar is on the class path. Uses only calls that
 * every revision has, so that one build of it runs against each.
 *
 *   java -cp probe:jpsutil-api.jar:jna.jar RevisionProbe listing|one ROUNDS
 *
 * Prints the median over ROUNDS (after as many warm-up rounds) in microseconds per process.
 */
public final class RevisionProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static long sink;

    public static void main(String[] args) {
        String mode = args[0];
        int rounds = Integer.parseInt(args[1]);
        Psutil ps = Psutil.local();
        OsProcess self = ps.self();
        double[] perProcess = new double[rounds];
        for (int r = -rounds; r < rounds; r++) { // the first half warms up
            long t0 = CPU.getCurrentThreadCpuTime();
            int n = mode.equals("listing") ? listing(ps) : one(self);
            double us = (CPU.getCurrentThreadCpuTime() - t0) / 1e3 / n;
            if (r >= 0) perProcess[r] = us;
        }
        Arrays.sort(perProcess);
        System.out.printf("%.2f%n", perProcess[rounds / 2]);
        if (sink == 42) System.out.print("");
    }

    private static int listing(Psutil ps) {
        int[] n = {0};
        ps.oneshotProcesses().forEach(p -> {
            try {
                read(p);
                n[0]++;
            } catch (NoSuchProcess gone) {
                // exited meanwhile
            }
        });
        return n[0];
    }

    private static int one(OsProcess self) {
        for (int i = 0; i < 200; i++) read(self.oneshot());
        return 200;
    }

    /** pid, ppid, name, exe, cmdline, create time, uids, gids, username, status, nice, threads, cpu, memory, io. */
    private static void read(OsProcess p) {
        sink += p.pid();
        use(p::ppid);
        use(p::name);
        use(p::exe);
        use(p::cmdline);
        use(p::createTime);
        use(p::uids);
        use(p::gids);
        use(p::username);
        use(p::status);
        use(p::nice);
        use(p::numThreads);
        use(p::cpuTimes);
        use(p::memoryInfo);
        use(p::ioCounters);
    }

    private static void use(Supplier<?> attribute) {
        try {
            sink += attribute.get().hashCode();
        } catch (AccessDenied e) {
            sink++; // psutil's ad_value
        }
    }
}
