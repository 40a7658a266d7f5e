package io.github.jpsutil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * psutil's {@code wait_procs()}: which of some processes ended within a time, and which still run.
 *
 * @param gone  the processes that ended, in the order they did, each with its exit status where
 *              it can be known (psutil's {@code returncode}) and whether the OOM killer ended it
 * @param alive the processes still running when the time was up, in the order given
 */
public record WaitProcs(List<Gone> gone, List<OsProcess> alive) {
    /** A process that ended, and how: its exit status and whether the OOM killer ended it ({@link OsProcess#waitForExit}). */
    public record Gone(OsProcess process, ProcessExit exit) {
        /** Its exit status in psutil's form (psutil's {@code returncode}), empty where it cannot be known. */
        public OptionalInt returncode() {
            return exit.returncode();
        }
    }

    /**
     * Waits for each process as {@link OsProcess#waitForExit} does (asleep in the kernel, never polling
     * where the kernel has pidfds), all at once, for at most {@code timeout} (null: until all have
     * ended). {@code callback} (may be null) is called in the calling thread for each process as
     * it ends.
     */
    static WaitProcs await(Collection<OsProcess> procs, Duration timeout, Consumer<Gone> callback) {
        Set<OsProcess> waiting = new LinkedHashSet<>(procs);
        List<Gone> gone = new ArrayList<>();
        if (waiting.isEmpty()) return new WaitProcs(gone, List.of());
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(waiting.size(), r -> {
            Thread t = new Thread(r, "jpsutil-wait-procs");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Gone> ended = new ExecutorCompletionService<>(pool);
            for (OsProcess p : waiting) {
                ended.submit(() -> {
                    Duration left = timeout == null ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                    return new Gone(p, p.waitForExit(left));
                });
            }
            for (int i = 0; i < waiting.size(); i++) {
                long left = deadline - System.nanoTime();
                Future<Gone> f = timeout == null ? ended.take() : ended.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (f == null) break; // time is up
                Gone g;
                try {
                    g = f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TimeoutExpired) continue; // still alive at its deadline
                    throw e.getCause() instanceof RuntimeException r ? r : new JpsutilException("wait_procs: " + e.getCause(), e.getCause());
                }
                gone.add(g);
                if (callback != null) callback.accept(g);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JpsutilException("interrupted in wait_procs", e);
        } finally {
            pool.shutdownNow(); // the waits still running notice the interrupt within their poll slice
        }
        List<OsProcess> alive = new ArrayList<>(waiting);
        for (Gone g : gone) alive.remove(g.process());
        return new WaitProcs(List.copyOf(gone), List.copyOf(alive));
    }
}
