package io.github.jpsutil.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ps --json} and {@code system --json} against psutil 5.9.4 (Debian's python3-psutil), for
 * every process on the machine: ours is read between two of psutil's listings (see
 * compare_with_psutil.py for what may differ and what must not).
 */
class PsutilAgreementTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void psutilIsThere() throws Exception {
        boolean present = run(PYTHON, "-c", "import psutil").exitCode == 0;
        if (System.getenv("CI") != null && !present)
            throw new AssertionError("CI must install python3-psutil (the reference these tests compare with)");
        assumeTrue(present, "Debian's python3-psutil is not installed");
    }

    @Test
    void everyProcessAgreesWithPsutil() throws Exception {
        Path before = psutilBefore();
        Path ours = write("ps", "--json");
        assertThat(Files.readAllLines(ours)).hasSizeGreaterThan(10);
        Result r = run(PYTHON, script(), "ps", ours.toString(), before.toString());
        assertThat(r.output).contains("0 disagreements");
        assertThat(r.exitCode).as(r.output).isZero();
    }

    /** The values of today's psutil asked for by name: each compared with psutil's outcome for it alone. */
    static final String DETAILS = "pid,create_time,cpu_times,environ,terminal,num_ctx_switches,cpu_num,cpu_affinity,"
            + "memory_full_info,memory_maps,num_fds";

    @Test
    void detailsOfEveryProcessAgreeWithPsutil() throws Exception {
        Path ours = write("ps", "--json", "--attrs", DETAILS);
        Result r = run(PYTHON, script(), "details", ours.toString());
        assertThat(r.output).containsPattern("compared [0-9]{2,} processes").contains("; 0 disagreements");
        assertThat(r.exitCode).as(r.output).isZero();
    }

    @Test
    void theComparisonCatchesRealDisagreements() throws Exception {
        // Our listing, doctored as a bug would: every idle kernel thread reported sleeping (most are
        // quiet, so their status is compared), and init's parent wrong (always compared).
        Path before = psutilBefore();
        Path ours = write("ps", "--json");
        List<String> doctored = Files.readAllLines(ours).stream()
                .map(l -> l.replace("\"status\": \"idle\"", "\"status\": \"sleeping\""))
                .map(l -> l.startsWith("{\"pid\": 1, ") ? l.replace("\"ppid\": 0,", "\"ppid\": 7,") : l)
                .toList();
        assertThat(doctored).as("idle kernel threads on this machine").isNotEqualTo(Files.readAllLines(ours));
        Files.write(ours, doctored);
        Result r = run(PYTHON, script(), "ps", ours.toString(), before.toString());
        assertThat(r.exitCode).as(r.output).isEqualTo(1);
        assertThat(r.output).contains("pid 1 ppid (held still): jpsutil 7, psutil 0 then 0")
                .contains("status (held still): jpsutil 'sleeping', psutil 'idle' then 'idle'");
    }

    @Test
    void systemFiguresAgreeWithPsutil() throws Exception {
        Path ours = write("system", "--json");
        Result r = run(PYTHON, script(), "system", ours.toString());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("system: 0 disagreements");
    }

    @Test
    void psTableHasOneLinePerProcess() throws Exception {
        // An argument with a newline must not break its row in two. (A child without children of
        // its own: killing it leaves nothing behind.)
        Process child = new ProcessBuilder(PYTHON, "-c", "import time; time.sleep(60)", "first\nsecond").start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(Main.run(new String[]{"ps"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.get(0)).startsWith("USER").contains("PID", "RSS", "COMMAND");
            List<String> rows = lines.subList(1, lines.size());
            assertThat(rows).allSatisfy(line -> assertThat(line.trim().split("\\s+")).hasSizeGreaterThanOrEqualTo(10));
            assertThat(rows).anySatisfy(line -> assertThat(pidOf(line)).isEqualTo(ProcessHandle.current().pid()));
            assertThat(rows).anySatisfy(line -> assertThat(line)
                    .endsWith(" -c import time; time.sleep(60) first?second").satisfies(l -> assertThat(pidOf(l)).isEqualTo(child.pid())));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static long pidOf(String row) {
        return Long.parseLong(row.trim().split("\\s+")[1]);
    }

    @Test
    void badOptionIsOneClearLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"ps", "--jsn"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("ps: unknown option '--jsn' (accepted: --json, --json --all, --json --attrs a,b,c)\n");
        err.reset();
        assertThat(Main.run(new String[]{"ps", "--json", "--attrs", "pid,uss"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ps: unknown attribute 'uss' (known: pid,ppid,");
    }

    /** psutil's listing, read before ours: the comparison reads its second one after. */
    private Path psutilBefore() throws Exception {
        Path before = dir.resolve("psutil-before.json");
        Result r = run(PYTHON, script(), "snapshot", before.toString());
        assertThat(r.exitCode).as(r.output).isZero();
        return before;
    }

    private Path write(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        Path file = dir.resolve(String.join("-", args).replace(",", "_") + ".json");
        Files.write(file, out.toByteArray());
        return file;
    }

    private String script() throws IOException {
        Path file = dir.resolve("compare_with_psutil.py");
        try (var in = getClass().getResourceAsStream("/compare_with_psutil.py")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
