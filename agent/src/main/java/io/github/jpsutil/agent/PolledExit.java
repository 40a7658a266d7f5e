package io.github.jpsutil.agent;

import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Exit statuses when descendants are found by looking (no process events): only the host's own
 * children have one, from the JDK's exit futures, and only if the agent saw them alive.
 */
final class PolledExit {
    private PolledExit() {
    }

    /** The exit status of a process found gone; null unless the host is its parent and the JDK knew it. */
    static Integer status(Tracked t) {
        if (!t.hostChild || t.handle == null) return null;
        CompletableFuture<Integer> exit = t.handle.exitStatus().orElse(null);
        if (exit == null) return null;
        try {
            // The JDK's reaper completes it right after the wait that made the pid vanish.
            return exit.get(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** A child found between the JDK's fork and its bookkeeping: give it a few ms, or try again next sample. */
    static void awaitJdkBookkeeping(OsProcess p) {
        if (!Psutil.childExitStatusAvailable()) return;
        for (int i = 0; i < 5 && p.exitStatus().isEmpty(); i++) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
