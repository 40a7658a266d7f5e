package io.github.jpsutil.agent;

import javax.management.JMException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's one thread (a daemon, so it never keeps the host alive): the periodic round, and
 * the work that JMX calls hand over to it so that only this thread changes the set of MBeans.
 */
final class SamplerThread implements AutoCloseable {
    /** How long a JMX call waits for the sampler thread. */
    private static final long HANDOVER_SECONDS = 60;

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jpsutil-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread thread;

    /** Runs {@code round} every {@code millis}, after a first pause of the same length. */
    void every(long millis, Runnable round) {
        exec.scheduleWithFixedDelay(() -> {
            thread = Thread.currentThread();
            round.run();
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Queues the task behind the others, without waiting; tasks run in the order they were posted. */
    void post(Runnable task) {
        try {
            exec.execute(() -> {
                thread = Thread.currentThread();
                task.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: the agent is stopping
        }
    }

    /** Runs the task on the sampler thread and waits for it, passing its exceptions on. */
    <T> T run(Callable<T> task) throws JMException {
        try {
            if (Thread.currentThread() == thread) return task.call();
            Future<T> f = exec.submit(() -> {
                thread = Thread.currentThread();
                return task.call();
            });
            return f.get(HANDOVER_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof JMException j) throw j;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the jpsutil sampler did not answer within " + HANDOVER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the jpsutil sampler");
        } catch (JMException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the thread, waiting up to 10 s for a round under way. */
    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
