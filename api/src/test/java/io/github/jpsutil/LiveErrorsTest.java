package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NoSuchProcess for a process that has exited, ZombieProcess where psutil 5.9.4 raises it. */
class LiveErrorsTest {
    private final Live live = new Live();

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    /** Every reading of a handle, by psutil's method name. */
    static Map<String, Function<OsProcess, Object>> getters() {
        return UnprivilegedCheck.reads();
    }

    /** Every call that acts on a process. */
    static Map<String, Function<OsProcess, Object>> actions() {
        return UnprivilegedCheck.acts();
    }

    /**
     * The build runs this class again with LC_ALL set to a German and a French locale: the JDK's
     * error texts (strerror) then follow that language, and every other test here must still see
     * the same exceptions, since errors are told apart by type and errno, never by text. This
     * proves that the locale really was in force. On a machine without the locale it is skipped,
     * except in CI, which installs it.
     */
    @Test
    void errorTextsFollowTheLocaleOfTheRun() throws Exception {
        String locale = System.getenv("LC_ALL");
        Assumptions.assumeTrue(locale != null && !locale.isEmpty() && !locale.startsWith("C") && !locale.startsWith("en"),
                "runs in the build's executions with a German and a French locale");
        if (!"true".equals(System.getenv("CI")))
            Assumptions.assumeTrue(Live.run("locale", "-a").toLowerCase(java.util.Locale.ROOT)
                    .contains(locale.toLowerCase(java.util.Locale.ROOT).replace("utf-8", "utf8")), locale + " is not installed");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of("/proc"))) {
                ch.read(java.nio.ByteBuffer.allocate(1)); // EISDIR
            }
        });
        assertThat(e.getMessage()).as("strerror(EISDIR) under " + locale).isNotEqualTo("Is a directory");
    }

    /**
     * A file that opens but whose read(2) the kernel refuses (EACCES from its ptrace check, e.g.
     * /proc/1/io of a pid 1 this JVM may not trace): the JDK reports it as a plain IOException with
     * strerror's text in the locale's language; jpsutil still says AccessDenied.
     */
    @Test
    void aReadRefusedAfterOpenIsAccessDeniedInAnyLanguage() throws Exception {
        Long refused = null;
        for (long pid : Psutil.local().pids()) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of("/proc/" + pid + "/io"))) {
                ch.read(java.nio.ByteBuffer.allocate(4096));
            } catch (java.nio.file.FileSystemException e) {
                continue; // refused at open: a typed exception, the easy case
            } catch (java.io.IOException e) {
                refused = pid;
                break;
            }
        }
        Assumptions.assumeTrue(refused != null, "no process here whose io opens but does not read");
        long pid = refused;
        assertThatThrownBy(() -> Psutil.local().process(pid).ioCounters()).isExactlyInstanceOf(AccessDenied.class)
                .satisfies(e -> assertThat(((AccessDenied) e).pid()).isEqualTo(pid));
    }

    @Test
    void everyCallOnAnExitedChildIsNoSuchProcess() throws Exception {
        Popen c = live.start("sleep", "30");
        OsProcess h = c.handle();
        assertThat(h.name()).isEqualTo("sleep");
        c.process().destroyForcibly();
        c.process().waitFor(); // reaped: the pid is free
        assertThat(Files.exists(Path.of("/proc/" + c.pid()))).isFalse();
        assertThat(h.isRunning()).isFalse();
        Map<String, Function<OsProcess, Object>> all = new LinkedHashMap<>(getters());
        all.putAll(actions());
        all.forEach((what, call) -> assertThatThrownBy(() -> call.apply(h)).as(what)
                .isExactlyInstanceOf(NoSuchProcess.class)
                .satisfies(e -> {
                    assertThat(((NoSuchProcess) e).pid()).isEqualTo(c.pid());
                    assertThat(((NoSuchProcess) e).name()).isEqualTo("sleep");
                }));
        assertThatThrownBy(() -> Psutil.local().process(c.pid())).isInstanceOf(NoSuchProcess.class);
        assertThat(Psutil.local().pidExists(c.pid())).isFalse();
    }

    @Test
    void aChildThatEndsBeforeItsHandleIsMadeIsGoneNotAnError() {
        Popen c = live.start("true");
        assertThat(c.handle().waitFor(Duration.ofSeconds(10))).hasValue(0);
        assertThat(c.handle().isRunning()).isFalse();
        assertThatThrownBy(c.handle()::cpuTimes).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(c.handle()::kill).isInstanceOf(NoSuchProcess.class);
    }

    /** A zombie: sh starts a short sleep, then execs a long one, which never reaps the short one. */
    private OsProcess zombie() {
        Popen parent = live.start("sh", "-c", "sleep 0.1 & exec sleep 30");
        OsProcess p = parent.handle();
        Live.await("a zombie child", Duration.ofSeconds(10), () -> {
            List<OsProcess> kids = p.children(false);
            return kids.size() == 1 && Live.stat(kids.get(0).pid())[3].equals("Z") && p.name().equals("sleep");
        });
        return p.children(false).get(0);
    }

    @Test
    void zombieReadingsAsPsutilGivesThem() {
        OsProcess z = zombie();
        assertThat(z.status()).isEqualTo(Status.ZOMBIE);
        assertThat(Live.ps(z.pid(), "stat")).startsWith("Z");
        assertThat(z.isRunning()).isTrue();
        assertThat(Psutil.local().pidExists(z.pid())).isTrue();
        assertThat(z.name()).isEqualTo("sleep");
        assertThat(z.exe()).isEmpty();
        assertThat(z.cmdline()).isEmpty();
        assertThat(z.memoryInfo()).isEqualTo(new MemoryInfo(0, 0, 0, 0, 0));
        assertThat(z.openFiles()).isEmpty();
        assertThatThrownBy(z::cwd).isInstanceOf(ZombieProcess.class)
                .satisfies(e -> assertThat(((ZombieProcess) e).ppid()).isEqualTo(z.ppid()));
        z.sendSignal(0); // the kernel accepts signals to a zombie, as psutil does
    }

    /**
     * The same calls through psutil 5.9.4 on the same zombie: where psutil raises, jpsutil raises the
     * same kind; where psutil answers, so does jpsutil.
     */
    @Test
    void zombieOutcomesMatchPsutil() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3"))
                && Live.run("/usr/bin/python3", "-c", "import psutil; print(psutil.__version__)").trim().equals("5.9.4"),
                "Debian's python3-psutil 5.9.4 is not installed (apt-get install python3-psutil)");
        OsProcess z = zombie();
        Map<String, String> py = psutilOutcomes(z.pid(), getters().keySet());
        for (var e : getters().entrySet()) {
            String ours;
            try {
                e.getValue().apply(z);
                ours = "ok";
            } catch (JpsutilException ex) {
                ours = ex.getClass().getSimpleName();
            }
            String theirs = py.get(e.getKey());
            if (theirs.equals("AttributeError")) continue; // psutil 5.9.4 has no oom_score(_adj)
            // psutil 5.9.4 turns the ESRCH of a zombie's environ into NoSuchProcess; jpsutil says
            // ZombieProcess, a NoSuchProcess too, so that as_dict shows the zombie with environ null
            if (e.getKey().equals("environ") && theirs.equals("NoSuchProcess")) theirs = "ZombieProcess";
            assertThat(ours).as("%s on a zombie (psutil: %s)", e.getKey(), py.get(e.getKey())).isEqualTo(theirs);
        }
    }

    /** Runs psutil's methods on pid and returns "ok" or the exception's class name for each. */
    static Map<String, String> psutilOutcomes(long pid, Iterable<String> methods) {
        String script = "import psutil, sys\np = psutil.Process(int(sys.argv[1]))\n"
                + "for m in sys.argv[2:]:\n"
                + "    try:\n        getattr(p, m)()\n        print(m, 'ok')\n"
                + "    except Exception as e:\n        print(m, type(e).__name__)\n";
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script, Long.toString(pid)));
        methods.forEach(cmd::add);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Live.run(cmd.toArray(new String[0])).split("\n")) {
            String[] kv = line.trim().split(" ");
            if (kv.length == 2) out.put(kv[0], kv[1]);
        }
        return out;
    }
}
