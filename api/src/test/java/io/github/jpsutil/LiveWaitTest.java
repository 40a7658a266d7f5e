package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Waiting for processes that are not this JVM's children (started in the background by a shell,
 * which reaps them): asleep in poll(2) on a pidfd, back within 50 ms of the exit, with the exit
 * status the kernel keeps for it (Linux 6.15+).
 */
class LiveWaitTest {
    @TempDir
    Path tmp;
    private final List<Long> started = new ArrayList<>();
    private final List<Process> shells = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (long pid : started) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (Process sh : shells) {
            sh.destroyForcibly();
            sh.waitFor();
        }
    }

    /**
     * Starts {@code script} in the background of a shell that waits for it (and reaps it, as a
     * parent does): a process whose parent is that shell, not this JVM. (An orphan would do too
     * where init reaps orphans; this machine's pid 1 does not.)
     */
    private OsProcess nonChild(String script) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "sh -c '" + script + "' </dev/null >/dev/null 2>&1 & echo $!; wait")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        shells.add(sh);
        String pid = new java.io.BufferedReader(new java.io.InputStreamReader(sh.getInputStream())).readLine().trim();
        long p = Long.parseLong(pid);
        started.add(p);
        OsProcess h = OsProcess.of(p);
        assertThat(h.ppid()).isEqualTo(sh.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(h.exitStatus()).as("not a child: the JDK cannot tell its status").isEmpty();
        return h;
    }

    @Test
    void waitForANonChildReturnsWithinFiftyMillisAsleepInPoll() throws Exception {
        Path stamp = tmp.resolve("exit-time");
        Path go = tmp.resolve("go");
        // it ends when told to (a file appears), after writing the wall-clock time of its exit
        OsProcess h = nonChild("while [ ! -e " + go + " ]; do sleep 0.05; done; date +%s%N > " + stamp + "; exit 7");
        CompletableFuture<OptionalInt> status = new CompletableFuture<>();
        long[] returnedAt = new long[1];
        Thread waiter = new Thread(() -> {
            try {
                OptionalInt s = h.waitFor(Duration.ofSeconds(30));
                returnedAt[0] = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L;
                status.complete(s);
            } catch (Throwable t) {
                status.completeExceptionally(t);
            }
        }, "jpsutil-waiter");
        waiter.start();
        long tid = tidOf("jpsutil-waiter");
        Thread.sleep(300);
        // the waiting thread sleeps in the kernel's poll, and uses no CPU while it waits
        String wchan = Files.readString(Path.of("/proc/self/task/" + tid + "/wchan"));
        String syscall = Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).split(" ")[0];
        long cpuBefore = cpuTicks(tid);
        Thread.sleep(500);
        assertThat(cpuTicks(tid) - cpuBefore).as("CPU ticks of the waiting thread in 500 ms").isLessThanOrEqualTo(1);
        assertThat(wchan).contains("poll");
        assertThat(syscall).as("syscall number (7 poll, 271 ppoll on x86_64)").isIn("7", "271", "73");
        assertThat(status).isNotDone();
        Files.writeString(go, "");
        OptionalInt s = status.get(20, TimeUnit.SECONDS);
        long exitedAt = Long.parseLong(Files.readString(stamp).trim());
        double latencyMs = (returnedAt[0] - exitedAt) / 1e6;
        System.out.printf("waitFor returned %.2f ms after the exit; waiting thread in wchan %s, syscall %s%n", latencyMs,
                wchan, syscall);
        assertThat(latencyMs).as("ms from the exit to waitFor's return").isLessThan(50.0);
        assertThat(s).as("the kernel's exit status (6.15+)").hasValue(7);
        waiter.join();
    }

    /** waitFor in a thread of its own, returned once that thread sleeps in poll (so that no exit can come first). */
    private static CompletableFuture<OptionalInt> waiting(OsProcess h, String name) throws Exception {
        CompletableFuture<OptionalInt> status = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                status.complete(h.waitFor(Duration.ofSeconds(30)));
            } catch (Throwable e) {
                status.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        awaitInPoll(name);
        return status;
    }

    /** Returns once this JVM's thread of that name sleeps in the kernel's poll. */
    private static void awaitInPoll(String thread) throws Exception {
        long tid = tidOf(thread);
        Live.await(thread + " in poll", Duration.ofSeconds(10), () -> {
            try {
                return Files.readString(Path.of("/proc/self/task/" + tid + "/wchan")).contains("poll");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aSignalEndingANonChildIsMinusItsNumber() throws Exception {
        OsProcess h = nonChild("exec sleep 60");
        CompletableFuture<OptionalInt> status = waiting(h, "jpsutil-w-sig");
        Live.run("kill", "-TERM", Long.toString(h.pid()));
        assertThat(status.get(20, TimeUnit.SECONDS)).hasValue(-15);
    }

    @Test
    void timeoutAndAProcessAlreadyGone() throws Exception {
        OsProcess h = nonChild("exec sleep 60");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> h.waitFor(Duration.ofMillis(300))).isInstanceOf(TimeoutExpired.class);
        assertThat((System.nanoTime() - t0) / 1e6).isBetween(290.0, 3000.0);
        CompletableFuture<OptionalInt> status = waiting(h, "jpsutil-w-kill");
        h.kill();
        assertThat(status.get(20, TimeUnit.SECONDS)).hasValue(-9);
        // once reaped, the process is gone: nothing to wait for, and nothing known of it any more
        assertThat(h.waitFor(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void waitProcsReportsTheGoneInOrderAndTheAlive() throws Exception {
        // long enough that both still run when waitProcs takes their pidfds, even on a loaded machine:
        // the exit status of a process that is not this JVM's child is known only through those
        OsProcess quick = nonChild("sleep 1.5; exit 3");
        OsProcess slower = nonChild("sleep 2.5; exit 4");
        OsProcess stays = nonChild("exec sleep 60");
        List<String> calls = new ArrayList<>();
        WaitProcs r = Psutil.local().waitProcs(List.of(stays, slower, quick), Duration.ofSeconds(5),
                g -> calls.add(g.process().pid() + ":" + g.returncode().orElse(-999)));
        assertThat(r.gone()).extracting(WaitProcs.Gone::process).containsExactly(quick, slower);
        assertThat(r.gone()).extracting(WaitProcs.Gone::returncode).containsExactly(OptionalInt.of(3), OptionalInt.of(4));
        assertThat(r.alive()).containsExactly(stays);
        assertThat(calls).containsExactly(quick.pid() + ":3", slower.pid() + ":4");
        assertThat(Psutil.local().waitProcs(List.of(), Duration.ZERO, null).gone()).isEmpty();
    }

    @Test
    void oneThreadAsleepInPollTellsEachExitWithItsStatus() throws Exception {
        OsProcess three = nonChild("sleep 0.4; exit 3");
        OsProcess killed = nonChild("exec sleep 60");
        OsProcess stays = nonChild("exec sleep 60");
        Process own = new ProcessBuilder("sh", "-c", "sleep 0.6; exit 4").start(); // a child of this JVM
        shells.add(own);
        OsProcess ownHandle = OsProcess.of(own.pid());
        long fdsBefore = pidfdsAndEventfds();
        java.util.Map<Long, CompletableFuture<OptionalInt>> told = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (ExitWatch watch = Psutil.local().exitWatch()) {
            for (OsProcess p : List.of(three, killed, stays, ownHandle)) {
                told.put(p.pid(), new CompletableFuture<>());
                assertThat(watch.add(p, s -> {
                    threads.add(Thread.currentThread().getName());
                    told.get(p.pid()).complete(s);
                })).isTrue();
            }
            assertThat(watch.size()).isEqualTo(4);
            assertThat(pidfdsAndEventfds()).as("a pidfd each and the eventfd").isEqualTo(fdsBefore + 5);
            awaitInPoll("jpsutil-exits");
            killed.kill();
            assertThat(told.get(killed.pid()).get(20, TimeUnit.SECONDS)).hasValue(-9);
            assertThat(told.get(three.pid()).get(20, TimeUnit.SECONDS)).as("the kernel's status (6.15+)").hasValue(3);
            assertThat(told.get(own.pid()).get(20, TimeUnit.SECONDS)).hasValue(4);
            assertThat(told.get(stays.pid())).isNotDone();
            assertThat(watch.size()).isEqualTo(1);
            assertThat(threads).containsExactly("jpsutil-exits");

            assertThat(watch.remove(stays)).isTrue();
            assertThat(watch.remove(stays)).isFalse();
            stays.kill();
            Live.await("the watch's thread gone once nothing is watched", Duration.ofSeconds(10), () -> tidNow("jpsutil-exits") < 0);
            assertThat(told.get(stays.pid())).as("removed: never told").isNotDone();

            // one that is gone already is told at once, on the caller's thread
            String[] on = new String[1];
            assertThat(watch.add(ownHandle, s -> on[0] = Thread.currentThread().getName() + " " + s)).isTrue();
            assertThat(on[0]).isEqualTo(Thread.currentThread().getName() + " OptionalInt.empty");
        }
        assertThat(pidfdsAndEventfds()).as("pidfds and eventfds after close").isEqualTo(fdsBefore);
    }

    /** This JVM's open pidfds and eventfds. */
    private static long pidfdsAndEventfds() throws Exception {
        long n = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : d) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.equals("anon_inode:[pidfd]") || target.equals("anon_inode:[eventfd]")) n++;
                } catch (java.io.IOException closedMeanwhile) {
                    // the directory's own descriptor, or one closed while listed
                }
            }
        }
        return n;
    }

    @Test
    void aSigkillByHandIsNoOomKillAndWhereNoCgroupCountsThemItIsUnknown() throws Exception {
        Cgroup own = OsProcess.self().cgroup();
        assumeThat(own.memory() != null && own.memory().events().oomKill() >= 0).as("a memory cgroup that counts OOM kills").isTrue();
        // the same kill, seen through this machine's sys tree and through one without cgroups
        for (Psutil ps : List.of(Psutil.local(), Psutil.withProcRoot(Path.of("/proc"), tmp))) {
            Popen p = ps.start(new ProcessBuilder("sleep", "60"));
            try {
                CompletableFuture<ProcessExit> exit = CompletableFuture.supplyAsync(() -> p.handle().waitForExit(Duration.ofSeconds(20)));
                Thread.sleep(200);
                p.handle().kill();
                ProcessExit e = exit.get(30, TimeUnit.SECONDS);
                assertThat(e.signal()).hasValue(9);
                assertThat(e.oomKilled()).isEqualTo(ps == Psutil.local() ? ProcessExit.OomKilled.NO : ProcessExit.OomKilled.UNKNOWN);
            } finally {
                p.process().destroyForcibly();
                p.process().waitFor();
            }
        }
    }

    /** The tid of this JVM's thread with that name (its comm). */
    private static long tidOf(String name) throws Exception {
        for (int i = 0; i < 200; i++) {
            long tid = tidNow(name);
            if (tid >= 0) return tid;
            Thread.sleep(10);
        }
        throw new AssertionError("no thread " + name);
    }

    /** The tid of this JVM's thread with that name now; -1 when there is none. */
    private static long tidNow(String name) {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : d)
                if (Files.readString(t.resolve("comm")).trim().equals(name)) return Long.parseLong(t.getFileName().toString());
        } catch (java.io.IOException e) {
            // a thread ended while listed: as if it were not there
        }
        return -1;
    }

    private static long cpuTicks(long tid) throws Exception {
        String s = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
