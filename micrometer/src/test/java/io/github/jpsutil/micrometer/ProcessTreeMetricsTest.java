package io.github.jpsutil.micrometer;

import io.github.jpsutil.Psutil;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeMetricsTest {
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void reap() throws InterruptedException {
        for (Process p : children) p.destroyForcibly();
        for (Process p : children) p.waitFor();
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        children.add(p);
        return p;
    }

    private Process settledSleeper() throws IOException, InterruptedException {
        Process p = sleeper();
        Children.settle(p.pid());
        return p;
    }

    private static MeterOptions manual() {
        return MeterOptions.defaults().withInterval(Duration.ZERO);
    }

    private static Set<Meter.Id> ids(MeterRegistry r) {
        return r.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());
    }

    @Test
    void thousandShortLivedChildrenLeaveNoMeterBehind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual().withMaxPids(20))) {
            meters.bindTo(registry);
            Set<Meter.Id> before = ids(registry);
            double cpuBefore = registry.get("jpsutil.tree.cpu.user").functionCounter().count();
            int perPid = ProcessTreeMetrics.VALUES.size();
            for (int batch = 0; batch < 20; batch++) {
                List<Process> wave = new ArrayList<>();
                for (int i = 0; i < 50; i++) wave.add(settledSleeper()); // named sleep, not the JDK's spawn helper
                meters.refresh();
                assertThat(meters.descendantsWithMeters()).isEqualTo(20);
                assertThat(registry.find("jpsutil.descendant.threads").gauges()).hasSize(20);
                assertThat(registry.get("jpsutil.descendants.threads").tag("name", "sleep").gauge().value()).isEqualTo(50);
                assertThat(ids(registry)).hasSize(before.size() + 20 * perPid + perPid); // per pid, and per name
                for (Process p : wave) p.destroyForcibly();
                for (Process p : wave) p.waitFor();
                children.removeAll(wave);
                meters.refresh();
                assertThat(ids(registry)).isEqualTo(before);
            }
            assertThat(registry.get("jpsutil.tree.cpu.user").functionCounter().count()).isGreaterThanOrEqualTo(cpuBefore);
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void descendantValuesMatchProcAndLeaveWithIt() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual())) {
            meters.bindTo(registry);
            Process child = settledSleeper();
            String pid = Long.toString(child.pid());
            meters.refresh();
            long pageSize = Psutil.local().pageSize();
            long rss = Long.parseLong(Files.readString(Path.of("/proc", pid, "statm")).trim().split(" ")[1]) * pageSize;
            assertThat(registry.get("jpsutil.descendant.resident.memory").tag("pid", pid).tag("name", "sleep").gauge().value())
                    .isEqualTo(rss);
            assertThat(registry.get("jpsutil.descendant.threads").tag("pid", pid).gauge().value()).isEqualTo(threads(pid));
            String[] stat = Files.readString(Path.of("/proc", pid, "stat")).replaceFirst(".*\\) ", "").split(" ");
            double ticks = Psutil.local().clockTicks();
            assertThat(registry.get("jpsutil.descendant.cpu.user").tag("pid", pid).functionCounter().count())
                    .isEqualTo(Long.parseLong(stat[11]) / ticks);
            child.destroyForcibly().waitFor();
            meters.refresh();
            assertThat(registry.find("jpsutil.descendant.threads").tag("pid", pid).gauges()).isEmpty();
            assertThat(registry.find("jpsutil.descendants.threads").tag("name", "sleep").gauges()).isEmpty();
        }
    }

    private static long threads(String pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.substring(8).trim())).findFirst().orElseThrow();
    }

    /** A child that runs exec (as every child the JDK starts through its spawn helper does) is tagged with its new name. */
    @Test
    void aChildThatRunsExecTakesItsNewName() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual())) {
            meters.bindTo(registry);
            Process child = new ProcessBuilder("sh", "-c", "read line; exec sleep 60").start();
            children.add(child);
            String pid = Long.toString(child.pid());
            meters.refresh();
            assertThat(registry.get("jpsutil.descendant.threads").tag("pid", pid).gauge().getId().getTag("name")).isEqualTo("sh");
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            for (int i = 0; i < 500 && !Files.readString(Path.of("/proc", pid, "comm")).trim().equals("sleep"); i++) Thread.sleep(10);
            meters.refresh();
            assertThat(registry.find("jpsutil.descendant.threads").tag("pid", pid).gauges())
                    .singleElement().satisfies(g -> assertThat(g.getId().getTag("name")).isEqualTo("sleep"));
            assertThat(registry.find("jpsutil.descendants.threads").tag("name", "sh").gauges()).isEmpty();
            assertThat(meters.descendantsWithMeters()).isEqualTo(1);
            // the same process: its counters count once in the tree
            double host = registry.get("jpsutil.process.minor.page.faults").functionCounter().count();
            double kid = registry.get("jpsutil.descendant.minor.page.faults").tag("pid", pid).functionCounter().count();
            assertThat(registry.get("jpsutil.tree.minor.page.faults").functionCounter().count()).isEqualTo(host + kid);
        }
    }

    @Test
    void treeTotalIsTheHostPlusItsDescendants() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual().withMaxPids(0))) {
            meters.bindTo(registry);
            for (int i = 0; i < 3; i++) settledSleeper();
            meters.refresh();
            assertThat(registry.find("jpsutil.descendant.threads").gauges()).isEmpty(); // capped at 0
            double host = registry.get("jpsutil.process.threads").gauge().value();
            double sleepers = registry.get("jpsutil.descendants.threads").tag("name", "sleep").gauge().value();
            assertThat(sleepers).isEqualTo(3);
            assertThat(registry.get("jpsutil.tree.threads").gauge().value()).isEqualTo(host + sleepers);
        }
    }

    @Test
    void childrenOffPublishesTheHostOnly() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual().withChildren(false))) {
            meters.bindTo(registry);
            assertThat(registry.getMeters()).hasSize(ProcessTreeMetrics.VALUES.size())
                    .allSatisfy(m -> assertThat(m.getId().getName()).startsWith("jpsutil.process."));
        }
    }

    @Test
    void openTelemetryNamesComeFromTheCatalog() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual().withNaming(MeterNaming.OPENTELEMETRY))) {
            meters.bindTo(registry);
            Process child = settledSleeper();
            meters.refresh();
            String pid = Long.toString(child.pid());
            assertThat(registry.get("process.memory.usage").tag("process.pid", pid)
                    .tag("process.executable.name", "sleep").gauge().value()).isPositive();
            assertThat(registry.get("process.disk.io").tag("process.pid", pid).tag("disk.io.direction", "read")
                    .functionCounter()).isNotNull();
            assertThat(registry.get("jpsutil.process.cpu.time").tag("cpu.mode", "user")
                    .tag("process.pid", Long.toString(ProcessHandle.current().pid())).functionCounter().count()).isPositive();
            assertThat(registry.get("jpsutil.tree.process.memory.usage").gauge().value()).isPositive();
        }
    }

    /** Micrometer's own binders, which Spring Boot binds, must not meet a jpsutil meter of the same name. */
    @Test
    void namesNeverClashWithMicrometersProcessBinders() {
        SimpleMeterRegistry theirs = new SimpleMeterRegistry();
        new ProcessorMetrics().bindTo(theirs);
        new FileDescriptorMetrics().bindTo(theirs);
        new UptimeMetrics().bindTo(theirs);
        Set<String> theirNames = theirs.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
        assertThat(MeterNaming.MICROMETER_BINDER_NAMES).containsAll(theirNames);
        for (MeterNaming naming : MeterNaming.values()) {
            SimpleMeterRegistry ours = new SimpleMeterRegistry();
            try (ProcessTreeMetrics meters = new ProcessTreeMetrics(manual().withNaming(naming))) {
                meters.bindTo(ours);
                new MachineMetrics(naming).bindTo(ours);
                Set<String> names = new HashSet<>();
                ours.getMeters().forEach(m -> names.add(m.getId().getName()));
                assertThat(names).as(naming.name()).doesNotContainAnyElementsOf(MeterNaming.MICROMETER_BINDER_NAMES);
            }
        }
    }

    @Test
    void machineValuesMatchProc() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MachineMetrics(MeterNaming.MICROMETER).bindTo(registry);
        long memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();
        assertThat(registry.get("jpsutil.system.memory.total").gauge().value()).isEqualTo(memTotal);
        assertThat(registry.get("jpsutil.system.cpus").gauge().value()).isEqualTo(Runtime.getRuntime().availableProcessors());
        SimpleMeterRegistry otel = new SimpleMeterRegistry();
        new MachineMetrics(MeterNaming.OPENTELEMETRY).bindTo(otel);
        assertThat(otel.get("system.memory.limit").gauge().value()).isEqualTo(memTotal);
        assertThat(otel.get("system.cpu.time").tag("cpu.mode", "idle").functionCounter().count()).isPositive();
    }

    @Test
    void badOptionsSayWhy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MeterOptions.defaults().withInterval(Duration.ofMillis(5)))
                .hasMessageContaining("below");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MeterOptions.defaults().withMaxPids(-1))
                .hasMessageContaining("negative");
    }
}
