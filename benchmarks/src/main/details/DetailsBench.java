import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.Psutil;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * benchmarks/details.sh: jpsutil and psutil 5.9.4 over every process of the machine, round by
 * round in turn (a psutil round, then a jpsutil round, ...), so that both see the same processes
 * and the same load; warm-up rounds first on both sides (the JIT, psutil's process cache).
 *   full:  memoryFullInfo() of every process (psutil's memory_full_info())
 *   all:   ProcessMetrics.asDict of the fields psutil has too (ps --json --attrs without printing)
 *   floor: the kernel's part of full alone: stat, statm and smaps_rollup of every pid read into a
 *          buffer, nothing parsed (no library can do less; psutil reads the same three files)
 * Prints "name jpsutil_median_ms psutil_median_ms jpsutil_processes psutil_processes floor_median_ms
 * smaps_rollups_read jpsutil_fastest_ms psutil_fastest_ms floor_fastest_ms" per measure (the floor
 * with full only), then "attrs ...".
 * Run with the source launcher: java -cp api-classes:jna.jar DetailsBench.java ROUNDS PYTHON SCRIPT WARMUP
 */
public class DetailsBench {
    /** Reads that failed otherwise than psutil's loop expects (reported on stderr, never hidden). */
    private static int failures;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[3]);
        Process python = new ProcessBuilder(args[1], args[2], String.join(",", ProcessMetrics.asDictKeys()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader from = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter to = new PrintWriter(python.getOutputStream(), true, StandardCharsets.UTF_8);
            String attrs = from.readLine().substring("attrs ".length());
            Set<String> keys = new LinkedHashSet<>(List.of(attrs.split(",")));
            Psutil ps = Psutil.local();
            Round full = () -> {
                int[] n = {0};
                ps.oneshotProcesses().forEach(p -> {
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
            };
            Round all = () -> {
                int[] n = {0};
                ps.oneshotProcesses().forEach(p -> {
                    try {
                        Map<String, Object> d = ProcessMetrics.asDict(p, keys, null);
                        if (!d.isEmpty()) n[0]++;
                    } catch (NoSuchProcess gone) {
                        // exited meanwhile
                    }
                });
                return n[0];
            };
            measure("full", warmup, rounds, full, () -> floor(ps), from, to);
            measure("all", warmup, rounds, all, null, from, to);
            System.out.println("attrs " + attrs);
        } finally {
            python.getOutputStream().close();
            python.waitFor();
        }
        if (failures > 0) System.err.println(failures + " reads of memory_full_info failed unexpectedly");
    }

    interface Round {
        int run();
    }

    private static final ByteBuffer FLOOR_BUFFER = ByteBuffer.allocate(1 << 16);

    /** stat, statm and smaps_rollup of every pid, read to their end; how many smaps_rollup were read. */
    private static int floor(Psutil ps) {
        int n = 0;
        for (long pid : ps.pids()) {
            drain("/proc/" + pid + "/stat");
            drain("/proc/" + pid + "/statm");
            if (drain("/proc/" + pid + "/smaps_rollup")) n++;
        }
        return n;
    }

    private static boolean drain(String file) {
        try (FileChannel ch = FileChannel.open(Path.of(file))) {
            FLOOR_BUFFER.clear();
            while (ch.read(FLOOR_BUFFER) > 0) FLOOR_BUFFER.clear();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Rounds in turn: psutil's, then jpsutil's, then (if given) the floor's, so that all three see
     * the same processes and nearly the same load. The warm-up rounds come first: the JIT compiles
     * the parsers and the young generation is paged in meanwhile (a JVM's rounds shrink to about
     * half over its first 20 to 30 rounds of all processes).
     */
    private static void measure(String name, int warmup, int rounds, Round ours, Round floor, BufferedReader from, PrintWriter to)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            psutilRound(name, from, to);
            ours.run();
            if (floor != null) floor.run();
        }
        double[] j = new double[rounds];
        double[] p = new double[rounds];
        double[] f = new double[rounds];
        int jn = 0, pn = 0, fn = 0;
        for (int i = 0; i < rounds; i++) {
            double[] r = psutilRound(name, from, to);
            p[i] = r[0];
            pn = (int) r[1];
            long t0 = System.nanoTime();
            jn = ours.run();
            long t1 = System.nanoTime();
            if (floor != null) fn = floor.run();
            j[i] = (t1 - t0) / 1e6;
            f[i] = (System.nanoTime() - t1) / 1e6;
        }
        System.out.printf("%s %.3f %.3f %d %d %.3f %d %.3f %.3f %.3f%n", name, median(j), median(p), jn, pn, median(f), fn,
                Arrays.stream(j).min().getAsDouble(), Arrays.stream(p).min().getAsDouble(), Arrays.stream(f).min().getAsDouble());
    }

    private static double[] psutilRound(String name, BufferedReader from, PrintWriter to) throws Exception {
        to.println(name);
        String[] f = from.readLine().split(" ");
        return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
