import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.Psutil;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jpsutil side of benchmarks/details.sh: rounds over every process of the machine, after
 * warm-up rounds; prints "name median_ms min_ms processes" per measure.
 *   full: memoryFullInfo() of every process (psutil's memory_full_info())
 *   all:  ProcessMetrics.asDict of the keys given (ps --json --attrs without printing): the fields psutil
 *         has too, so that both sides read the same
 * Both list the processes once per round, as psutil's process_iter does.
 * Run with the source launcher: java -cp api-classes:jna.jar DetailsBench.java ROUNDS [KEYS]
 * (without KEYS: prints jpsutil's as_dict keys and ends)
 */
public class DetailsBench {
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        if (args.length < 2) {
            System.out.println("keys " + String.join(",", ProcessMetrics.asDictKeys()));
            return;
        }
        Set<String> keys = new java.util.LinkedHashSet<>(List.of(args[1].split(",")));
        measure("full", rounds, () -> {
            int[] n = {0};
            Psutil.local().oneshotProcesses().forEach(p -> {
                try {
                    p.memoryFullInfo();
                    n[0]++;
                } catch (NoSuchProcess | AccessDenied e) {
                    // gone, a zombie, or not ours to read: as psutil's loop skips them
                } catch (RuntimeException e) {
                    if (failures++ == 0) e.printStackTrace(); // the first one, in full; the count at the end
                }
            });
            return n[0];
        });
        measure("all", rounds, () -> {
            int[] n = {0};
            Psutil.local().oneshotProcesses().forEach(p -> {
                try {
                    Map<String, Object> d = ProcessMetrics.asDict(p, keys, null);
                    if (!d.isEmpty()) n[0]++;
                } catch (NoSuchProcess gone) {
                    // exited meanwhile
                }
            });
            return n[0];
        });
        if (failures > 0) System.err.println(failures + " reads of memory_full_info failed unexpectedly");
    }

    /** Reads that failed otherwise than psutil's loop expects (reported on stderr, never hidden). */
    private static int failures;

    interface Round {
        int run();
    }

    private static void measure(String name, int rounds, Round r) {
        for (int i = 0; i < Math.max(5, rounds / 2); i++) r.run(); // warm-up: JIT, caches
        double[] ms = new double[rounds];
        int n = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            n = r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s %.3f %.3f %d%n", name, ms[rounds / 2], ms[0], n);
    }
}
