package io.github.jpsutil.opentelemetry;

import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Status;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** Every instrument, collected by the SDK's in-memory reader, as the OpenTelemetry semantic conventions define it. */
class SemanticConventionsTest {
    /** An instrument as the conventions define it: kind, unit, and the attributes with their allowed values. */
    record Convention(String kind, String unit, Map<String, Set<String>> attributes) {
    }

    private static final Set<String> ANY = Set.of();
    private static final Map<String, Set<String>> PROCESS = Map.of("process.pid", ANY, "process.executable.name", ANY);

    /**
     * From the semantic conventions' process metrics (docs/system/process-metrics.md) and system
     * metrics (docs/system/system-metrics.md). process.pid and process.executable.name are resource
     * attributes there; one SDK reporting several processes carries them on each point.
     */
    private static final Map<String, Convention> CONVENTIONS = Map.ofEntries(
            entry("process.cpu.time", process("counter", "s", "cpu.mode", Set.of("user", "system", "wait"))),
            entry("process.memory.usage", process("updowncounter", "By", null, null)),
            entry("process.memory.virtual", process("updowncounter", "By", null, null)),
            entry("process.thread.count", process("updowncounter", "{thread}", null, null)),
            entry("process.unix.file_descriptor.count", process("updowncounter", "{file_descriptor}", null, null)),
            entry("process.paging.faults", process("counter", "{fault}", "system.paging.fault.type", Set.of("major", "minor"))),
            entry("process.disk.io", process("counter", "By", "disk.io.direction", Set.of("read", "write"))),
            entry("process.context_switches", process("counter", "{context_switch}", "process.context_switch.type",
                    Set.of("voluntary", "involuntary"))),
            // cpu.mode is an open enum: besides its well-known values, Linux's softirq time is reported as
            // "softirq", as the Collector's hostmetrics receiver reports it
            entry("system.cpu.time", new Convention("counter", "s", Map.of("cpu.mode",
                    Set.of("user", "system", "nice", "idle", "iowait", "interrupt", "steal", "kernel", "softirq")))),
            entry("system.cpu.logical.count", new Convention("updowncounter", "{cpu}", Map.of())),
            entry("system.memory.limit", new Convention("updowncounter", "By", Map.of())),
            entry("system.memory.usage", new Convention("updowncounter", "By", Map.of("system.memory.state",
                    Set.of("used", "free", "buffers", "cached")))),
            entry("system.linux.memory.available", new Convention("updowncounter", "By", Map.of())),
            entry("system.paging.usage", new Convention("updowncounter", "By", Map.of("system.paging.state",
                    Set.of("used", "free")))),
            entry("system.process.count", new Convention("updowncounter", "{process}", Map.of())));

    private static Convention process(String kind, String unit, String key, Set<String> values) {
        Map<String, Set<String>> a = new java.util.HashMap<>(PROCESS);
        if (key != null) a.put(key, values);
        return new Convention(kind, unit, Map.copyOf(a));
    }

    private InMemoryMetricReader reader;
    private SdkMeterProvider provider;
    private Process child;
    private JpsutilInstruments instruments;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        reader = InMemoryMetricReader.create();
        provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        child = new ProcessBuilder("sleep", "60").start();
        OsProcess c = OsProcess.of(child.pid()); // settled: after exec and the dynamic loader, /proc holds still
        for (int i = 0; i < 1000 && !(c.name().equals("sleep") && c.status() == Status.SLEEPING); i++) Thread.sleep(10);
        instruments = new JpsutilInstruments(provider.get(JpsutilInstruments.SCOPE), OsProcess.self(), true, 100);
    }

    @AfterEach
    void stop() throws InterruptedException {
        instruments.close();
        child.destroyForcibly().waitFor();
        provider.close();
    }

    @Test
    void everyInstrumentIsAsTheConventionsSay() {
        Collection<MetricData> metrics = reader.collectAllMetrics();
        assertThat(metrics.stream().map(MetricData::getName).collect(Collectors.toSet()))
                .isEqualTo(CONVENTIONS.keySet());
        for (MetricData m : metrics) {
            Convention c = CONVENTIONS.get(m.getName());
            assertThat(m.getUnit()).as(m.getName()).isEqualTo(c.unit());
            assertThat(kind(m)).as(m.getName()).isEqualTo(c.kind());
            for (PointData p : m.getData().getPoints()) {
                Set<String> keys = new HashSet<>();
                p.getAttributes().forEach((k, v) -> {
                    keys.add(k.getKey());
                    Set<String> allowed = c.attributes().get(k.getKey());
                    if (allowed != null && !allowed.isEmpty())
                        assertThat(allowed).as(m.getName() + " " + k).contains(v.toString());
                });
                assertThat(keys).as(m.getName()).isEqualTo(c.attributes().keySet());
            }
        }
    }

    private static String kind(MetricData m) {
        return switch (m.getType()) {
            case LONG_SUM, DOUBLE_SUM -> ((SumData<?>) m.getData()).isMonotonic() ? "counter" : "updowncounter";
            case LONG_GAUGE, DOUBLE_GAUGE -> "gauge";
            default -> m.getType().toString();
        };
    }

    @Test
    void valuesMatchProc() throws IOException {
        Collection<MetricData> metrics = reader.collectAllMetrics();
        String pid = Long.toString(child.pid());
        Attributes ofChild = Attributes.of(JpsutilInstruments.PID, child.pid(), JpsutilInstruments.EXECUTABLE_NAME, "sleep");
        long rss = Long.parseLong(Files.readString(Path.of("/proc", pid, "statm")).trim().split(" ")[1]) * Psutil.local().pageSize();
        assertThat(value(metrics, "process.memory.usage", ofChild)).isEqualTo(rss);
        assertThat(value(metrics, "process.thread.count", ofChild)).isEqualTo(1);
        String[] stat = Files.readString(Path.of("/proc", pid, "stat")).replaceFirst(".*\\) ", "").split(" ");
        assertThat(value(metrics, "process.cpu.time", ofChild.toBuilder().put("cpu.mode", "user").build()))
                .isEqualTo(Long.parseLong(stat[11]) / (double) Psutil.local().clockTicks());
        long memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();
        assertThat(value(metrics, "system.memory.limit", Attributes.empty())).isEqualTo(memTotal);
        assertThat(value(metrics, "process.thread.count", Attributes.of(JpsutilInstruments.PID, ProcessHandle.current().pid(),
                JpsutilInstruments.EXECUTABLE_NAME, OsProcess.self().name()))).isGreaterThan(1);
    }

    @Test
    void aChildThatExitedIsNoLongerReported() throws Exception {
        assertThat(pids(reader.collectAllMetrics())).contains(child.pid());
        child.destroyForcibly().waitFor();
        assertThat(pids(reader.collectAllMetrics())).doesNotContain(child.pid()).contains(ProcessHandle.current().pid());
    }

    @Test
    void descendantsBeyondTheCapAreLeftOut() {
        InMemoryMetricReader capped = InMemoryMetricReader.create();
        SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(capped).build();
        JpsutilInstruments hostOnly = new JpsutilInstruments(p.get(JpsutilInstruments.SCOPE), OsProcess.self(), true, 0);
        try {
            assertThat(pids(capped.collectAllMetrics())).containsExactly(ProcessHandle.current().pid());
        } finally {
            hostOnly.close();
            p.close();
        }
        assertThat(pids(reader.collectAllMetrics())).contains(child.pid(), ProcessHandle.current().pid());
    }

    @Test
    void closedInstrumentsReportNothing() {
        assertThat(reader.collectAllMetrics()).isNotEmpty();
        instruments.close();
        assertThat(reader.collectAllMetrics()).allSatisfy(m -> assertThat(m.getData().getPoints()).isEmpty());
    }

    private static Set<Long> pids(Collection<MetricData> metrics) {
        return metrics.stream().filter(m -> m.getName().equals("process.thread.count"))
                .flatMap(m -> m.getData().getPoints().stream()).map(p -> ((PointData) p).getAttributes().get(JpsutilInstruments.PID))
                .collect(Collectors.toSet());
    }

    private static double value(Collection<MetricData> metrics, String name, Attributes attributes) {
        List<PointData> points = metrics.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getData().getPoints().stream()).map(PointData.class::cast)
                .filter(p -> p.getAttributes().equals(attributes)).toList();
        assertThat(points).as(name + " " + attributes).hasSize(1);
        PointData p = points.get(0);
        if (p instanceof io.opentelemetry.sdk.metrics.data.LongPointData l) return l.getValue();
        return ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue();
    }
}
