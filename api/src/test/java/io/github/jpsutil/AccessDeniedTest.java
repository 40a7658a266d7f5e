package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unprivileged reader (a JVM run as uid 65534 through setpriv) against processes of root: it
 * gets AccessDenied where psutil does, partial results elsewhere, and may act on nothing.
 */
class AccessDeniedTest {
    private static final String NOBODY = "65534";
    private final Live live = new Live();

    @TempDir
    static Path shared;
    static Path classpathDir;

    @BeforeAll
    static void copyClassesWhereNobodyCanReadThem() throws Exception {
        Assumptions.assumeTrue("0".equals(Live.run("id", "-u").trim()), "needs root to switch to uid 65534");
        Assumptions.assumeTrue(Live.commandExists("setpriv"), "util-linux setpriv is not installed");
        // the build's own directories (and ~/.m2 with the JNA jar) may be closed to others: copy
        classpathDir = shared.resolve("cp");
        copyTree(Path.of(Psutil.class.getProtectionDomain().getCodeSource().getLocation().toURI()), classpathDir.resolve("api"));
        Path testClasses = Path.of(UnprivilegedCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(classpathDir.resolve("check/io/github/jpsutil"));
        try (Stream<Path> s = Files.list(testClasses.resolve("io/github/jpsutil"))) {
            for (Path c : s.filter(p -> p.getFileName().toString().startsWith("UnprivilegedCheck")).toList())
                Files.copy(c, classpathDir.resolve("check/io/github/jpsutil").resolve(c.getFileName()));
        }
        Files.copy(Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                classpathDir.resolve("jna.jar"));
        Files.createDirectories(classpathDir.resolve("tmp"));
        openUp(shared);
        Files.setPosixFilePermissions(classpathDir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void openUp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList())
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    /** Runs UnprivilegedCheck as uid 65534 and returns "pid method" -> outcome. */
    private static Map<String, String> asNobody(String mode, String... pids) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = classpathDir.resolve("api") + ":" + classpathDir.resolve("check") + ":" + classpathDir.resolve("jna.jar");
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                java, "-XX:-UsePerfData", "-Xshare:off", "-Djava.io.tmpdir=" + classpathDir.resolve("tmp"),
                "-Djna.tmpdir=" + classpathDir.resolve("tmp"), "-cp", cp, UnprivilegedCheck.class.getName(), mode));
        cmd.addAll(List.of(pids));
        String out = Live.run(cmd.toArray(new String[0]));
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int last = line.lastIndexOf(' ');
            if (last > 0) m.put(line.substring(0, last), line.substring(last + 1));
        }
        assertThat(m).as("output of the unprivileged check: %s", out).isNotEmpty();
        return m;
    }

    @Test
    void readingARootProcessAsNobody() {
        Popen root = live.start("sleep", "30");
        String pid = Long.toString(root.pid());
        String self = Long.toString(ProcessHandle.current().pid());
        Map<String, String> r = asNobody("read", pid, self, "self");
        for (String target : new String[]{pid, self}) {
            for (String denied : new String[]{"cwd", "io_counters", "open_files", "connections", "num_fds", "environ",
                    "memory_full_info", "memory_maps"})
                assertThat(r.get(target + " " + denied)).as(target + " " + denied).isEqualTo("AccessDenied");
            for (String allowed : new String[]{"ppid", "name", "cmdline", "create_time", "uids", "username", "status",
                    "nice", "num_threads", "threads", "cpu_times", "memory_info", "children", "terminal", "num_ctx_switches",
                    "cpu_num", "cpu_affinity", "parents", "memory_info_ex", "oom_score", "oom_score_adj"})
                assertThat(r.get(target + " " + allowed)).as(target + " " + allowed).isEqualTo("ok");
        }
        // exe: denied by the kernel; psutil then guesses the first argument when it is an absolute
        // path to an executable file ("sleep" is not; this JVM's launcher path usually is)
        assertThat(r.get(pid + " exe")).isEqualTo("AccessDenied");
        String first = Live.read("/proc/" + self + "/cmdline").split("\0")[0];
        assertThat(r.get(self + " exe")).isEqualTo(first.startsWith("/") && Files.isExecutable(Path.of(first)) ? "ok" : "AccessDenied");
        // its own process is readable in full: the denials above are about permissions, not a broken reader
        UnprivilegedCheck.reads().keySet().forEach(m -> assertThat(r.get("self " + m)).as("self " + m).isEqualTo("ok"));
        // listing every process with its user name works for nobody too
        assertThat(r.keySet()).anyMatch(k -> k.startsWith(pid + " processes:"));
    }

    @Test
    void sameOutcomesAsPsutilForAnUnprivilegedReader() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3"))
                && Live.run("/usr/bin/python3", "-c", "import psutil; print(psutil.__version__)").trim().equals("5.9.4"),
                "Debian's python3-psutil 5.9.4 is not installed (apt-get install python3-psutil)");
        Popen relative = live.start("sleep", "30");
        Popen absolute = live.start(Live.run("sh", "-c", "command -v sleep").trim(), "30");
        for (Popen root : List.of(relative, absolute)) {
            comparePsutil(Long.toString(root.pid()));
        }
    }

    private static void comparePsutil(String pid) {
        Map<String, String> ours = asNobody("read", pid);
        String script = "import psutil, sys\np = psutil.Process(int(sys.argv[1]))\n"
                + "for m in sys.argv[2:]:\n"
                + "    if not hasattr(p, m):\n        print(m, 'absent')\n        continue\n"
                + "    try:\n        getattr(p, m)()\n        print(m, 'ok')\n"
                + "    except Exception as e:\n        print(m, type(e).__name__)\n";
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "/usr/bin/python3", "-c", script, pid));
        cmd.addAll(UnprivilegedCheck.reads().keySet());
        Map<String, String> py = new LinkedHashMap<>();
        for (String line : Live.run(cmd.toArray(new String[0])).split("\n")) {
            String[] kv = line.trim().split(" ");
            if (kv.length == 2) py.put(kv[0], kv[1]);
        }
        assertThat(py).hasSameSizeAs(UnprivilegedCheck.reads());
        // psutil 5.9.4 has no oom_score(_adj): those are checked against the kernel in readingARootProcessAsNobody
        assertThat(py).containsEntry("oom_score", "absent").containsEntry("environ", "AccessDenied");
        for (String m : UnprivilegedCheck.reads().keySet())
            if (!py.get(m).equals("absent"))
                assertThat(ours.get(pid + " " + m)).as("%s (psutil: %s)", m, py.get(m)).isEqualTo(py.get(m));
    }

    @Test
    void nobodyMayNotActOnARootProcess() throws Exception {
        Popen root = live.start("sleep", "30");
        long pid = root.pid();
        OsProcess h = root.handle();
        Ionice before = h.ionice();
        Map<String, String> r = asNobody("act", Long.toString(pid));
        for (String m : UnprivilegedCheck.acts().keySet()) {
            // the kernel lets SIGCONT through within one session (kill(2)), and setpriv keeps ours
            if (m.equals("resume")) continue;
            assertThat(r.get(pid + " " + m)).as(m).isEqualTo("AccessDenied");
        }
        Thread.sleep(50);
        assertThat(root.process().isAlive()).isTrue();
        assertThat(Live.stat(pid)[3]).isEqualTo("S");
        assertThat(h.nice()).isZero();
        assertThat(h.ionice()).isEqualTo(before);
        // and the limits, affinity and OOM adjustment of root's process are as they were
        assertThat(h.rlimit(Rlimit.RLIMIT_NOFILE).soft()).isNotEqualTo(64);
        assertThat(h.oomScoreAdj()).isZero();
        assertThat(h.cpuAffinity()).hasSize(Psutil.local().cpuCount());
        Live.await("still sleeping", Duration.ofSeconds(1), () -> h.status() == Status.SLEEPING);
    }

    @Test
    void nobodyMayActOnItsOwnChild() {
        // control for the test above: the same calls work when permitted, on a child the check starts as nobody
        Map<String, String> r = asNobody("act", "child");
        for (String m : UnprivilegedCheck.acts().keySet()) {
            if (m.equals("kill")) continue; // terminate, just before, may have ended it already
            assertThat(r.get("child " + m)).as(m).isEqualTo("ok");
        }
        assertThat(r.get("child kill")).isIn("ok", "NoSuchProcess");
    }

}
