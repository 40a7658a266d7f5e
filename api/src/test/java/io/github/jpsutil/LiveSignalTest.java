package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signals, waiting, renice and ionice on spawned children, read back from the kernel. */
class LiveSignalTest {
    private final Live live = new Live();

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    private static char state(long pid) {
        return Live.stat(pid)[3].charAt(0);
    }

    @Test
    void suspendShowsStoppedAndResumeBringsItBack() {
        Popen c = live.start("sleep", "30");
        OsProcess h = c.handle();
        Live.await("sleeping", Duration.ofSeconds(5), () -> state(c.pid()) == 'S');
        h.suspend();
        Live.await("stopped", Duration.ofSeconds(5), () -> state(c.pid()) == 'T');
        assertThat(h.status()).isEqualTo(Status.STOPPED).hasToString("stopped");
        assertThat(Live.ps(c.pid(), "stat")).startsWith("T");
        assertThat(Live.status(c.pid(), "State")).startsWith("T (stopped)");
        h.resume();
        Live.await("running again", Duration.ofSeconds(5), () -> state(c.pid()) == 'S');
        assertThat(h.status()).isEqualTo(Status.SLEEPING);
        assertThat(c.process().isAlive()).isTrue();
    }

    @Test
    void terminateEndsItWithMinus15() {
        Popen c = live.start("sleep", "30");
        c.handle().terminate();
        assertThat(c.handle().waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(-Signals.SIGTERM));
        assertThat(c.handle().isRunning()).isFalse();
        assertThat(Psutil.local().pidExists(c.pid())).isFalse();
    }

    @Test
    void killEndsEvenAStoppedChildWithMinus9() {
        Popen c = live.start("sleep", "30");
        c.handle().suspend();
        Live.await("stopped", Duration.ofSeconds(5), () -> state(c.pid()) == 'T');
        c.handle().kill();
        assertThat(c.handle().waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(-Signals.SIGKILL));
        assertThat(c.process().isAlive()).isFalse();
    }

    @Test
    void sendSignalByNumberAndName() {
        Popen c = live.start("sleep", "30");
        c.handle().sendSignal(0); // the null signal: only checks that we may
        assertThat(c.process().isAlive()).isTrue();
        c.handle().sendSignal(Signals.parse("SIGUSR1")); // default action: terminate
        assertThat(c.handle().waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(-10));
    }

    @Test
    void waitForReturnsTheExitCode() {
        Popen c = live.start("sh", "-c", "exit 3");
        assertThat(c.handle().waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(3));
        Popen ok = live.start("true");
        assertThat(ok.handle().waitFor()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void waitForWithShortTimeoutOnARunningChildRaisesTimeoutExpired() {
        Popen c = live.start("sleep", "30");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.handle().waitFor(Duration.ofMillis(100)))
                .isInstanceOf(TimeoutExpired.class)
                .satisfies(e -> {
                    assertThat(((TimeoutExpired) e).pid()).isEqualTo(c.pid());
                    assertThat(((TimeoutExpired) e).timeout()).isEqualTo(Duration.ofMillis(100));
                });
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(c.process().isAlive()).isTrue();
    }

    @Test
    void waitForAProcessThatIsNotOurChildPollsUntilItEnds() throws Exception {
        Popen c = live.start("sleep", "30");
        OsProcess other = Psutil.local().process(c.pid()); // a handle without the java.lang.Process
        assertThatThrownBy(() -> other.waitFor(Duration.ofMillis(50))).isInstanceOf(TimeoutExpired.class);
        c.process().destroy();
        c.process().waitFor();
        OptionalInt code = other.waitFor(Duration.ofSeconds(10));
        // the exit status is known only through the JDK's own bookkeeping, when java.lang is open to us
        if (code.isPresent()) assertThat(code.getAsInt()).isEqualTo(-Signals.SIGTERM);
        assertThat(other.isRunning()).isFalse();
    }

    @Test
    void reniceIsReadBackFromTheKernel() {
        Popen c = live.start("sleep", "30");
        OsProcess h = c.handle();
        assertThat(h.nice()).isEqualTo(Integer.parseInt(Live.stat(c.pid())[19]));
        h.setNice(10);
        assertThat(Live.stat(c.pid())[19]).isEqualTo("10");
        assertThat(Live.ps(c.pid(), "ni")).isEqualTo("10");
        assertThat(h.nice()).isEqualTo(10);
        h.setNice(19);
        assertThat(Live.stat(c.pid())[19]).isEqualTo("19");
        assertThatThrownBy(() -> h.setNice(20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
        assertThatThrownBy(() -> h.setNice(-21)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-21");
        assertThat(Live.stat(c.pid())[19]).isEqualTo("19");
    }

    @Test
    void ioniceIsReadBackFromTheKernel() {
        Assumptions.assumeTrue(Live.commandExists("ionice"), "util-linux ionice is not installed");
        Popen c = live.start("sleep", "30");
        OsProcess h = c.handle();
        h.setIonice(IoClass.BE, 7);
        assertThat(Live.run("ionice", "-p", Long.toString(c.pid())).trim()).isEqualTo("best-effort: prio 7");
        assertThat(h.ionice()).isEqualTo(new Ionice(IoClass.BE, 7));
        h.setIonice(IoClass.IDLE, 0);
        assertThat(Live.run("ionice", "-p", Long.toString(c.pid())).trim()).isEqualTo("idle");
        assertThat(h.ionice()).isEqualTo(new Ionice(IoClass.IDLE, 0));
        h.setIonice(IoClass.BE, 2);
        assertThat(Live.run("ionice", "-p", Long.toString(c.pid())).trim()).isEqualTo("best-effort: prio 2");
        assertThatThrownBy(() -> h.setIonice(IoClass.BE, 8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
        assertThatThrownBy(() -> h.setIonice(IoClass.IDLE, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.setIonice(null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(h.ionice()).isEqualTo(new Ionice(IoClass.BE, 2));
    }

    @Test
    void badSignalNumbersAreRejectedBeforeAnythingIsSent() {
        Popen c = live.start("sleep", "30");
        assertThatThrownBy(() -> c.handle().sendSignal(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> c.handle().sendSignal(65)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
        assertThat(c.process().isAlive()).isTrue();
    }
}
