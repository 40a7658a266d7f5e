package io.github.jpsutil.agent.it;

import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host with the packaged agent (whose classes its own loader defines) under a recording with the
 * shipped settings (examples/jfr/jpsutil.jfc): the recording, read back with jdk.jfr.consumer and the
 * JDK's jfr tool, holds samples of each child, lined up by pid with jdk.ProcessStart, and the exit of
 * one with its status and lifetime. A recording with the JDK's default settings holds none of them.
 */
class FlightRecorderIT {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path SETTINGS = Path.of(System.getProperty("jpsutil.examples.dir", "../examples"), "jfr", "jpsutil.jfc");

    @TempDir
    Path dir;

    private static HostJvm host(String recording) throws Exception {
        // Flight Recorder's start-up lines begin with "[": they are not the Host's answers
        HostJvm h = HostJvm.launchWithForeignOutput(l -> l.startsWith("["), JAVA,
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=200ms", "-XX:StartFlightRecording:" + recording);
        h.awaitAgent();
        return h;
    }

    @Test
    void samplesOfEachChildAndItsExit() throws Exception {
        Path jfr = dir.resolve("rec.jfr");
        long exiting;
        long living;
        try (HostJvm h = host("settings=" + SETTINGS.toAbsolutePath() + ",filename=" + jfr + ",dumponexit=true")) {
            exiting = h.spawnShell("sleep 3; exit 3");
            living = h.spawn("sleep 30");
            assertThat(h.send("wait " + exiting)).isEqualTo("EXIT 3");
            Thread.sleep(2500); // the exit is seen within a sampling interval; two more samples of the other
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        Set<Long> started = pids(events, "jdk.ProcessStart");
        Set<Long> sampled = pids(events, "jpsutil.ProcessSample");
        assertThat(started).contains(exiting, living);
        assertThat(sampled).contains(exiting, living);
        RecordedEvent sample = events.stream().filter(e -> e.getEventType().getName().equals("jpsutil.ProcessSample")
                && e.getLong("pid") == living).findFirst().orElseThrow();
        assertThat(sample.getString("name")).isEqualTo("sleep");
        assertThat(sample.getInt("threads")).isEqualTo(1);
        assertThat(sample.getLong("rss")).isPositive();
        List<RecordedEvent> exits = events.stream().filter(e -> e.getEventType().getName().equals("jpsutil.ProcessExit")
                && e.getLong("pid") == exiting).toList();
        assertThat(exits).hasSize(1);
        assertThat(exits.get(0).getBoolean("statusKnown")).isTrue();
        assertThat(exits.get(0).getInt("status")).isEqualTo(3);
        assertThat(exits.get(0).getDuration("lifetime").toMillis()).isBetween(2_500L, 30_000L);

        Process print = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "jpsutil.ProcessExit", jfr.toString()).redirectErrorStream(true).start();
        String text = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(print.exitValue()).as(text).isZero();
        assertThat(text).contains("jpsutil.ProcessExit").contains("pid = " + exiting).contains("status = 3");
    }

    /** Flight Recorder started later, by jcmd, in a JVM that ran without it: the events register then. */
    @Test
    void aRecordingStartedLaterByJcmd() throws Exception {
        Path jfr = dir.resolve("later.jfr");
        try (HostJvm h = HostJvm.launch(JAVA, "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=200ms")) {
            h.awaitAgent();
            // jcmd splits its arguments at spaces: the settings go by a path without one
            Path settings = java.nio.file.Files.copy(SETTINGS, dir.resolve("jpsutil.jfc"));
            jcmd(h.pid, "JFR.start", "name=later", "settings=" + settings);
            long child = h.spawnShell("sleep 1.5; exit 5");
            assertThat(h.send("wait " + child)).isEqualTo("EXIT 5");
            Thread.sleep(1000); // the exit is seen within a sampling interval
            jcmd(h.pid, "JFR.dump", "name=later", "filename=" + jfr);
            List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
            assertThat(pids(events, "jpsutil.ProcessSample")).contains(child, h.pid);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getEventType().getName()).isEqualTo("jpsutil.ProcessExit");
                assertThat(e.getLong("pid")).isEqualTo(child);
                assertThat(e.getInt("status")).isEqualTo(5);
            });
        }
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void offUnlessARecordingEnablesThem() throws Exception {
        Path jfr = dir.resolve("default.jfr");
        try (HostJvm h = host("filename=" + jfr + ",dumponexit=true")) {
            long child = h.spawnShell("exit 2");
            assertThat(h.send("wait " + child)).isEqualTo("EXIT 2");
            Thread.sleep(1000);
        }
        List<String> types;
        try (RecordingFile f = new RecordingFile(jfr)) {
            types = f.readEventTypes().stream().map(EventType::getName).toList();
        }
        assertThat(types).contains("jpsutil.ProcessSample", "jpsutil.ProcessExit"); // registered from the agent's loader
        assertThat(RecordingFile.readAllEvents(jfr)).noneMatch(e -> e.getEventType().getName().startsWith("jpsutil."));
    }

    private static Set<Long> pids(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).map(e -> e.getLong("pid"))
                .collect(Collectors.toSet());
    }
}
