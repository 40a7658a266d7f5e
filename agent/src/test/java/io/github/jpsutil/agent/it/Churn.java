package io.github.jpsutil.agent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The host side of ChurnIT: starts short-lived descendants until {@code total} processes have
 * run, at most {@link #LIVE} children of the host at a time. Lifetimes are log-uniform between
 * 1 ms and 2 s. Three shapes, each with a known number of processes:
 * <ul>
 * <li>{@code sleep T} (1 process, exit status 0);</li>
 * <li>{@code sh -c 'sleep A; exec sleep B'} (2: the shell becomes another program; exit status 0);</li>
 * <li>{@code sh -c 'sleep A & sleep B & wait; exit 3'} (3: the shell and its two children);</li>
 * <li>{@code sh -c 'sh -c "sleep A & wait" & sleep B & wait; exit 3'} (4: a grandchild too).</li>
 * </ul>
 * Every shell waits for its children, so no process is left to another parent. The exit status of
 * each child of the host, as the JDK reports it, is kept in start order ({@link #statuses}).
 */
final class Churn {
    static final int LIVE = 32;
    private static volatile CompletableFuture<String> done;
    /** "pid:status" of each child of the host, in the order they were started. */
    private static final List<String> STATUSES = java.util.Collections.synchronizedList(new ArrayList<>());

    private Churn() {
    }

    static void start(int total, long seed, Map<Long, Process> children) {
        CompletableFuture<String> f = new CompletableFuture<>();
        done = f;
        Thread t = new Thread(() -> {
            try {
                f.complete(run(total, seed, children));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "churn");
        t.setDaemon(true);
        t.start();
    }

    static String await(long seconds) throws Exception {
        return done.get(seconds, TimeUnit.SECONDS);
    }

    private static String run(int total, long seed, Map<Long, Process> children) throws Exception {
        Random r = new Random(seed);
        Semaphore live = new Semaphore(LIVE);
        List<Process> all = new ArrayList<>();
        int processes = 0, failed = 0;
        while (processes < total) {
            live.acquire();
            int left = total - processes, kind = r.nextInt(100);
            String a = lifetime(r), b = lifetime(r);
            String[] cmd;
            int n;
            if (kind < 45 || left < 2) {
                cmd = new String[]{"sleep", a};
                n = 1;
            } else if (kind < 60 || left < 3) {
                cmd = new String[]{"sh", "-c", "sleep " + a + "; exec sleep " + b};
                n = 2;
            } else if (kind < 85 || left < 4) {
                cmd = new String[]{"sh", "-c", "sleep " + a + " & sleep " + b + " & wait; exit 3"};
                n = 3;
            } else {
                cmd = new String[]{"sh", "-c", "sh -c 'sleep " + a + " & wait' & sleep " + b + " & wait; exit 3"};
                n = 4;
            }
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (java.io.IOException e) { // fork failed (EAGAIN): counted, not retried
                failed++;
                live.release();
                continue;
            }
            children.put(p.pid(), p);
            all.add(p);
            processes += n;
            p.onExit().thenRun(() -> {
                children.remove(p.pid(), p);
                live.release();
            });
        }
        for (Process p : all) STATUSES.add(p.pid() + ":" + p.waitFor());
        return "processes=" + processes + " children=" + all.size() + " failed=" + failed;
    }

    /** The exit statuses of the host's children of every churn so far: "pid:status" in start order, space-separated. */
    static String statuses() {
        synchronized (STATUSES) {
            return String.join(" ", STATUSES);
        }
    }

    /** Log-uniform between 1 ms and 2 s, as sleep(1) takes it. */
    private static String lifetime(Random r) {
        double s = Math.exp(Math.log(0.001) + r.nextDouble() * (Math.log(2.0) - Math.log(0.001)));
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
