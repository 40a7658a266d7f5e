package io.github.jpsutil.examples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ps --json} run as an unprivileged user (uid 65534, through setpriv) on a machine full of
 * root's processes: what the kernel denies is null, the rest is there, and it never crashes. Runs
 * the same classes as the shaded jar (this module's and the library's, and JNA), copied where
 * uid 65534 can read them. Needs root to switch users; skipped otherwise.
 */
class UnprivilegedPsTest {
    @TempDir
    Path tmp;

    @Test
    void deniedValuesAreNullNeverACrash() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as uid 65534");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        String classPath = readableCopyOfClassPath();
        Process rootSleep = new ProcessBuilder("sleep", "120").start(); // root's, not readable in full by 65534
        try {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process ps = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    java.toString(), "-cp", classPath, Main.class.getName(), "ps", "--json")
                    .directory(tmp.toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
            byte[] out = ps.getInputStream().readAllBytes();
            assertThat(ps.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(tmp.resolve("stderr"));
            assertThat(stderr).as("stderr").isEmpty();
            assertThat(ps.exitValue()).isZero();

            List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
            long procs;
            try (Stream<Path> s = Files.list(Path.of("/proc"))) {
                procs = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
            }
            assertThat((long) lines.size()).isCloseTo(procs, org.assertj.core.data.Offset.offset(30L));
            assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"pid\": ").endsWith("}"));

            String mine = lines.stream().filter(l -> l.startsWith("{\"pid\": " + rootSleep.pid() + ",")).findFirst().orElseThrow();
            // what needs ptrace access to a process of another user: null; what /proc shows everyone: there
            assertThat(mine).contains("\"exe\": null", "\"cwd\": null", "\"io_counters\": null")
                    .contains("\"name\": \"sleep\"", "\"cmdline\": [\"sleep\", \"120\"]", "\"username\": \"root\"",
                            "\"uids\": {\"real\": 0, \"effective\": 0, \"saved\": 0}", "\"status\": \"sleeping\"")
                    .containsPattern("\"memory_info\": \\{\"rss\": [1-9]");
            // the kernel agrees that uid 65534 may not read them
            assertThat(asNobody("readlink", "/proc/" + rootSleep.pid() + "/exe")).isNotZero();
            assertThat(asNobody("cat", "/proc/" + rootSleep.pid() + "/io")).isNotZero();
        } finally {
            rootSleep.destroyForcibly();
            rootSleep.waitFor();
        }
    }

    @Test
    void detailsAgreeWithPsutilAsNobody() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as uid 65534");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs Debian's python3-psutil");
        String classPath = readableCopyOfClassPath();
        Process rootSleep = new ProcessBuilder("sleep", "120").start();
        try {
            Path script = tmp.resolve("compare_with_psutil.py");
            try (var in = getClass().getResourceAsStream("/compare_with_psutil.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path ours = tmp.resolve("details.jsonl");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process ps = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java.toString(),
                    "-cp", classPath, Main.class.getName(), "ps", "--json", "--attrs", PsutilAgreementTest.DETAILS)
                    .directory(tmp.toFile()).redirectOutput(ours.toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
            assertThat(ps.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(tmp.resolve("stderr"))).isEmpty();
            assertThat(Files.readAllLines(ours)).anySatisfy(l -> assertThat(l).startsWith("{\"pid\": " + rootSleep.pid() + ",")
                    .contains("\"environ\": null", "\"memory_full_info\": null", "\"memory_maps\": null",
                            "\"terminal\": null").containsPattern("\"num_ctx_switches\": \\{\"voluntary\": [0-9]"));
            Path report = tmp.resolve("report");
            Process py = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3",
                    script.toString(), "details", ours.toString()).redirectErrorStream(true).redirectOutput(report.toFile()).start();
            assertThat(py.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(report);
            assertThat(out).containsPattern("compared [0-9]{2,} processes").contains("; 0 disagreements");
            assertThat(py.exitValue()).as(out).isZero();
        } finally {
            rootSleep.destroyForcibly();
            rootSleep.waitFor();
        }
    }

    private int asNobody(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        c.addAll(List.of(cmd));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    /** This module's classes, the library and JNA, copied to a directory that uid 65534 can read. */
    private String readableCopyOfClassPath() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("cp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String n = p.getFileName().toString();
            boolean classes = Files.isDirectory(p) && n.equals("classes");
            boolean lib = n.endsWith(".jar") && (n.startsWith("jna-") || n.startsWith("jpsutil-api"));
            if (!classes && !lib) continue;
            Path copy = dir.resolve(i++ + "-" + n);
            if (classes) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, copy.resolve(p.relativize(f).toString()));
                }
            } else {
                Files.copy(p, copy);
            }
            out.add(copy.toString());
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path f : (Iterable<Path>) all::iterator)
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        assertThat(out).as("class path entries copied").hasSizeGreaterThanOrEqualTo(3);
        return String.join(File.pathSeparator, out);
    }
}
