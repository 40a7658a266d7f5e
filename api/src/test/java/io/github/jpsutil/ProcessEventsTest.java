package io.github.jpsutil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel's process events, live: children of this JVM, however short-lived, with their exit status. */
class ProcessEventsTest {
    private final Psutil ps = Psutil.local();

    /** Events about one pid until its exit, or fails after 10 s. */
    private static List<ProcessEvent> eventsOf(ProcessEventStream s, long pid) {
        List<ProcessEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ProcessEvent e = s.next(Duration.ofMillis(250));
            if (e == null || e.pid() != pid) continue;
            out.add(e);
            if (e.kind() == ProcessEvent.Kind.EXIT) return out;
        }
        throw new AssertionError("no exit of pid " + pid + " within 10 s; saw " + out);
    }

    @Test
    void aChildThatExitsAtOnceIsSeenFromForkToExitWithItsStatus() throws Exception {
        try (ProcessEventStream s = ps.processEvents()) {
            Process p = new ProcessBuilder("sh", "-c", "exit 3").start();
            assertThat(p.waitFor()).isEqualTo(3);
            List<ProcessEvent> events = eventsOf(s, p.pid());
            assertThat(events).extracting(ProcessEvent::kind).first().isEqualTo(ProcessEvent.Kind.FORK);
            assertThat(events).extracting(ProcessEvent::kind).contains(ProcessEvent.Kind.EXEC);
            assertThat(events.get(0).parentPid()).isEqualTo(ProcessHandle.current().pid());
            ProcessEvent exit = events.get(events.size() - 1);
            assertThat(exit.exitStatus()).isEqualTo(3);
            assertThat(exit.parentPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(exit.nanos()).isGreaterThanOrEqualTo(events.get(0).nanos());
        }
    }

    @Test
    void aChildKilledBySignalHasMinusTheSignal() throws Exception {
        try (ProcessEventStream s = ps.processEvents()) {
            Process p = new ProcessBuilder("sh", "-c", "kill -KILL $$").start();
            assertThat(p.waitFor()).isEqualTo(128 + 9);
            assertThat(eventsOf(s, p.pid())).last().extracting(ProcessEvent::exitStatus).isEqualTo(-9);
        }
    }

    @Test
    void threadsAreNotProcesses() throws Exception {
        try (ProcessEventStream s = ps.processEvents()) {
            Thread t = new Thread(() -> { });
            t.start();
            t.join();
            Process p = new ProcessBuilder("true").start(); // a marker: every event before it is seen by then
            p.waitFor();
            List<ProcessEvent> mine = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                ProcessEvent e = s.next(Duration.ofMillis(250));
                if (e == null) continue;
                if (e.pid() == p.pid() && e.kind() == ProcessEvent.Kind.EXIT) break;
                if (e.parentPid() == ProcessHandle.current().pid() && e.pid() != p.pid()) mine.add(e);
            }
            assertThat(mine).as("forks by this JVM other than its child").isEmpty();
        }
    }

    @Test
    void closingFromAnotherThreadEndsAWaitWithNull() throws Exception {
        ProcessEventStream s = ps.processEvents();
        java.util.concurrent.CompletableFuture<Boolean> ended = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            while (s.next() != null) {
                // events of the machine: wait on
            }
            ended.complete(true);
        });
        reader.start();
        Thread.sleep(200);
        assertThat(ended).isNotDone();
        s.close();
        assertThat(ended.get(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.join(2000);
        assertThat(s.next()).isNull();
        assertThat(s.drainTo(new ArrayList<>())).isZero();
    }

    @Test
    void aBurstIsTakenAfterOneWaitWithDrainTo() throws Exception {
        try (ProcessEventStream s = ps.processEvents()) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Process p = new ProcessBuilder("true").start();
                p.waitFor();
                pids.add(p.pid());
            }
            List<ProcessEvent> burst = new ArrayList<>();
            burst.add(s.next(Duration.ofSeconds(10)));
            int moved = s.drainTo(burst);
            assertThat(moved).isEqualTo(burst.size() - 1);
            assertThat(burst).filteredOn(e -> e.kind() == ProcessEvent.Kind.EXIT).extracting(ProcessEvent::pid).containsAll(pids);
            assertThat(s.next(Duration.ofMillis(1))).as("nothing of the burst left behind, or a later event").satisfiesAnyOf(
                    e -> assertThat(e).isNull(), e -> assertThat(pids).doesNotContain(e.pid()));
        }
    }

    @Test
    void nextWithATimeoutReturnsNullWhenNothingCame() {
        try (ProcessEventStream s = ps.processEvents()) {
            long t0 = System.nanoTime();
            ProcessEvent e;
            do {
                e = s.next(Duration.ofMillis(50)); // the machine's own events may come first
            } while (e != null && System.nanoTime() - t0 < 5_000_000_000L);
            assertThat(e).isNull();
        }
    }
}
