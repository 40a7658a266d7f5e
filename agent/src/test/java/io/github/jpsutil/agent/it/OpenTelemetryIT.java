package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry Java agent 2.10.0 (JMX Metric Insight) with the rules of
 * examples/opentelemetry/jpsutil.yaml and its logging metric exporter, next to jpsutil's agent:
 * the exported metrics carry the semantic conventions' names, units, kinds and attributes, and
 * values that agree with /proc.
 */
class OpenTelemetryIT {
    static final Path CONFIG = ClientTools.example("opentelemetry/jpsutil.yaml");
    private static final Pattern METRIC = Pattern.compile(
            ".*LoggingMetricExporter - metric: ImmutableMetricData\\{.*instrumentationScopeInfo=InstrumentationScopeInfo\\{name=([^,]+),.*?"
                    + "\\}, name=([^,]+), description=.*, unit=([^,]*), type=([A-Z_]+), data=(.*)");
    private static final Pattern POINT = Pattern.compile("Immutable(?:Double|Long)PointData\\{[^{}]*attributes=\\{([^{}]*)\\}, value=([^,]+),");
    private static final Pattern ATTR = Pattern.compile("([\\w.]+)=\"([^\"]*)\"");

    /** One exported metric as the logging exporter prints it: scope, name, unit, type, monotonic, points. */
    record Metric(String scope, String name, String unit, String type, boolean monotonic, List<Point> points) {
        static Optional<Metric> parse(String line) {
            Matcher m = METRIC.matcher(line);
            if (!m.matches()) return Optional.empty();
            List<Point> points = new ArrayList<>();
            Matcher p = POINT.matcher(m.group(5));
            while (p.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTR.matcher(p.group(1));
                while (a.find()) attrs.put(a.group(1), a.group(2));
                points.add(new Point(attrs, Double.parseDouble(p.group(2))));
            }
            return Optional.of(new Metric(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5).contains("monotonic=true"), points));
        }

        Point point(String... attrPairs) {
            Map<String, String> want = new LinkedHashMap<>();
            for (int i = 0; i < attrPairs.length; i += 2) want.put(attrPairs[i], attrPairs[i + 1]);
            return points.stream().filter(p -> p.attributes().entrySet().containsAll(want.entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no point with " + want + ": " + points));
        }
    }

    record Point(Map<String, String> attributes, double value) {
    }

    /** The metrics of the latest export that has {@code name} with a point for the pid, waiting up to 90 s for one. */
    static Map<String, Metric> awaitExport(HostJvm host, String name, long pid) throws InterruptedException {
        return awaitExport(host, name, pid, 0, m -> true);
    }

    /** Like the above, for exports from the stderr line {@code from} on whose metric {@code name} also passes {@code test}. */
    static Map<String, Metric> awaitExport(HostJvm host, String name, long pid, int from, java.util.function.Predicate<Metric> test)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            List<String> err = host.stderr();
            Map<String, Metric> batch = new LinkedHashMap<>();
            Map<String, Metric> found = null;
            boolean whole = false; // a batch seen from its first line
            for (int i = from; i < err.size(); i++) {
                if (err.get(i).contains("LoggingMetricExporter - Received a collection")) {
                    // the batch that had it is whole once the next one begins (it may still be being written)
                    if (found != null) return found;
                    batch = new LinkedHashMap<>();
                    whole = true;
                }
                Optional<Metric> m = Metric.parse(err.get(i));
                if (m.isEmpty()) continue;
                batch.put(m.get().name(), m.get());
                if (whole && m.get().name().equals(name) && test.test(m.get())
                        && m.get().points().stream().anyMatch(p -> Long.toString(pid).equals(p.attributes().get("process.pid"))))
                    found = batch;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no export of " + name + " for pid " + pid + "; stderr tail "
                + host.stderr().subList(Math.max(0, host.stderr().size() - 20), host.stderr().size()));
    }

    @Test
    void rulesExportSemanticConventionMetrics() throws Exception {
        try (HostJvm host = HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(),
                "-Xmx256m",
                "-javaagent:" + ClientTools.jar("opentelemetry-javaagent.jar"),
                "-Dotel.service.name=jpsutil-it",
                "-Dotel.metrics.exporter=logging", "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.metric.export.interval=1000", "-Dotel.jmx.discovery.delay=500",
                "-Dotel.jmx.config=" + CONFIG,
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1s")) {
            host.awaitAgent();
            long child = host.spawn("sleep 120");
            String c = Long.toString(child);
            Map<String, Metric> export = awaitExport(host, "process.memory.usage", child);
            // the kernel's figures of the sleeping child, which do not move
            long[] statm = Proc.statm(child);

            assertThat(export.get("process.memory.usage").scope()).isEqualTo("io.opentelemetry.jmx");
            Metric cpu = export.get("process.cpu.time");
            assertThat(cpu).isNotNull();
            assertThat(cpu.unit()).isEqualTo("s");
            assertThat(cpu.type()).isEqualTo("DOUBLE_SUM");
            assertThat(cpu.monotonic()).isTrue();
            assertThat(cpu.point("process.pid", c, "cpu.mode", "user").attributes())
                    .containsOnlyKeys("process.pid", "jpsutil.scope", "process.executable.name", "cpu.mode")
                    .containsEntry("jpsutil.scope", "child").containsEntry("process.executable.name", "sleep");
            cpu.point("process.pid", c, "cpu.mode", "system");
            assertThat(cpu.point("process.pid", Long.toString(host.pid), "cpu.mode", "user").attributes())
                    .containsEntry("jpsutil.scope", "self").containsEntry("process.executable.name", "java");

            Metric rss = export.get("process.memory.usage");
            assertThat(rss.unit()).isEqualTo("By");
            assertThat(rss.type()).isEqualTo("LONG_SUM");
            assertThat(rss.monotonic()).isFalse();
            assertThat(rss.point("process.pid", c).value()).isEqualTo((double) statm[1] * Proc.PAGE_SIZE);
            assertThat(export.get("process.memory.virtual").point("process.pid", c).value()).isEqualTo((double) statm[0] * Proc.PAGE_SIZE);
            assertThat(export.get("process.thread.count").unit()).isEqualTo("{thread}");
            assertThat(export.get("process.thread.count").point("process.pid", c).value()).isEqualTo(1.0);
            assertThat(export.get("process.unix.file_descriptor.count").unit()).isEqualTo("{file_descriptor}");
            assertThat(export.get("process.unix.file_descriptor.count").point("process.pid", c).value())
                    .isEqualTo((double) Proc.count("/proc/" + child + "/fd"));
            Metric disk = export.get("process.disk.io");
            assertThat(disk.monotonic()).isTrue();
            disk.point("process.pid", c, "disk.io.direction", "read");
            disk.point("process.pid", c, "disk.io.direction", "write");

            Metric sysCpu = export.get("system.cpu.time");
            assertThat(sysCpu.points()).extracting(p -> p.attributes().get("cpu.mode"))
                    .containsExactlyInAnyOrder("user", "system", "idle", "nice", "iowait", "interrupt", "softirq", "steal");
            assertThat(export.get("system.memory.limit").points()).singleElement()
                    .satisfies(p -> assertThat(p.value()).isEqualTo((double) Proc.meminfo("MemTotal")));
            assertThat(export.get("system.memory.usage").points()).extracting(p -> p.attributes().get("system.memory.state"))
                    .containsExactlyInAnyOrder("used", "free", "cached", "buffers");
            assertThat(export.get("system.linux.memory.available").unit()).isEqualTo("By");
            assertThat(export.get("system.cpu.logical.count").points().get(0).value())
                    .isEqualTo(Double.parseDouble(Proc.run("getconf", "_NPROCESSORS_ONLN")));
            assertThat(export).containsKeys("system.paging.usage", "system.process.count");

            // a child that exits: once jpsutil unregisters its MBean, the exports stop reporting it
            ProcessHandle ph = ProcessHandle.of(child).orElseThrow();
            ph.destroy();
            ph.onExit().get(10, TimeUnit.SECONDS);
            int seen = host.stderr().size();
            Map<String, Metric> later = awaitExport(host, "process.memory.usage", host.pid, seen + 1,
                    m -> m.points().stream().noneMatch(p -> c.equals(p.attributes().get("process.pid"))));
            assertThat(later.get("process.cpu.time").points()).noneMatch(p -> c.equals(p.attributes().get("process.pid")));
        }
    }
}
