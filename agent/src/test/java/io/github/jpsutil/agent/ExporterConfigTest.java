package io.github.jpsutil.agent;

import io.github.jpsutil.CgroupMetrics;
import io.github.jpsutil.DeviceMetrics;
import io.github.jpsutil.Metric;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.SystemMetrics;
import org.junit.jupiter.api.Test;

import javax.management.openmbean.SimpleType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped exporter rules, examples/prometheus/jpsutil.yaml (jmx_exporter) and
 * examples/opentelemetry/jpsutil.yaml (the OpenTelemetry Java agent's JMX rules), are generated
 * from the value catalogs ({@link ProcessMetrics}, {@link SystemMetrics}) and the Agent MBean's
 * attributes. The test fails when a committed file differs from what the catalogs generate; run it
 * with -Djpsutil.configs.update=true to rewrite them. PrometheusIT and OpenTelemetryIT scrape
 * through these files with the real exporters.
 */
class ExporterConfigTest {
    static final Path PROMETHEUS = Path.of(System.getProperty("jpsutil.examples", "../examples"), "prometheus/jpsutil.yaml");
    static final Path OPENTELEMETRY = Path.of(System.getProperty("jpsutil.examples", "../examples"), "opentelemetry/jpsutil.yaml");
    static final String REGENERATE = "mvn -B -pl api,agent -am test -Dtest=ExporterConfigTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Djpsutil.configs.update=true";
    /** With the agent's option objectNames=name a name key (quoted where need be) comes before the pid. */
    private static final String PROCESS_BEAN = "jpsutil<type=Process, scope=(\\w+), (?:name=(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^,>]*), )?pid=(\\d+)><>";
    private static final String SYSTEM_BEAN = "jpsutil<type=System><>";
    private static final String CONTAINER_BEAN = "jpsutil<type=Container, scope=(\\w+)(?:, pid=(\\d+))?><>";
    /**
     * The device MBeans: their type, catalog, the ObjectName key that names one, and the label it
     * becomes (from the api's catalogs only: PrometheusIT runs this against the packaged agent).
     */
    private static final List<DeviceRules> DEVICES = List.of(
            new DeviceRules("Disk", DeviceMetrics.DISK, "name", "disk", "system.device"),
            new DeviceRules("NetworkInterface", DeviceMetrics.NIC, "name", "interface", "network.interface.name"),
            new DeviceRules("FileSystem", DeviceMetrics.FILE_SYSTEM, "mountpoint", "mountpoint", "system.filesystem.mountpoint"));

    private record DeviceRules(String type, List<? extends Metric<?>> catalog, String key, String label, String otelAttribute) {
        String bean() {
            return "jpsutil<type=" + type + ", " + key + "=(.+)><>";
        }
    }

    @Test
    void prometheusRulesAreTheCatalogs() throws Exception {
        GeneratedFile.check(PROMETHEUS, prometheus(), "jpsutil.configs.update", REGENERATE);
    }

    @Test
    void openTelemetryRulesAreTheCatalogs() throws Exception {
        GeneratedFile.check(OPENTELEMETRY, openTelemetry(), "jpsutil.configs.update", REGENERATE);
    }

    /**
     * Every numeric attribute of every jpsutil MBean has a rule, so it yields a series when scraped;
     * except the heavy ones, which a scrape (a read of every attribute) never reads.
     */
    @Test
    void everyNumericAttributeHasAPrometheusRule() {
        Map<String, String> rules = prometheusNames();
        List<String> numeric = new ArrayList<>();
        for (Attr<?> a : ProcessMBean.ATTRS) if (isNumber(a)) numeric.add("Process." + a.name());
        for (Attr<?> a : SystemMBean.ATTRS) if (isNumber(a)) numeric.add("System." + a.name());
        for (Attr<?> a : AgentMBean.ATTRS) if (isNumber(a)) numeric.add("Agent." + a.name());
        for (Attr<?> a : ContainerMBean.ATTRS) if (isNumber(a)) numeric.add("Container." + a.name());
        for (DeviceMBean.Kind<?> k : List.of(Devices.DISK, Devices.NIC, Devices.FILE_SYSTEM))
            for (Attr<?> a : k.attrs) if (isNumber(a)) numeric.add(k.type + "." + a.name());
        assertThat(numeric).hasSizeGreaterThan(60);
        assertThat(rules.keySet()).containsAll(numeric);
        assertThat(rules.values()).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("jpsutil_(process|system|agent|cgroup|disk|network|filesystem)_[a-z0-9_]+"));
    }

    /** Every catalog value with an OpenTelemetry name is mapped in the OpenTelemetry rules. */
    @Test
    void everyOpenTelemetryNameIsInTheRules() {
        String yaml = openTelemetry();
        List<Metric<?>> withOtel = new ArrayList<>();
        ProcessMetrics.ALL.stream().filter(m -> m.otel() != null).forEach(withOtel::add);
        SystemMetrics.ALL.stream().filter(m -> m.otel() != null).forEach(withOtel::add);
        for (DeviceRules d : DEVICES) d.catalog().stream().filter(m -> m.otel() != null).forEach(withOtel::add);
        assertThat(withOtel).extracting(m -> m.otel().name()).contains("process.cpu.time", "process.memory.usage",
                "process.memory.virtual", "process.thread.count", "process.unix.file_descriptor.count", "process.disk.io",
                "system.cpu.time", "system.memory.usage");
        for (Metric<?> m : withOtel)
            assertThat(yaml).as(m.psutilName()).contains("      " + m.attribute() + ":\n        metric: " + m.otel().name() + "\n");
        // values under one name are points of one instrument: the SDK drops a second one that differs
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Metric<?> m : withOtel) {
            Metric.Otel o = m.otel();
            byName.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o.instrument() + " " + o.unit() + " " + o.description());
        }
        byName.forEach((name, kinds) -> assertThat(kinds.stream().distinct()).as(name).hasSize(1));
    }

    private static boolean isNumber(Attr<?> a) {
        return !a.heavy() && (a.type() == SimpleType.LONG || a.type() == SimpleType.INTEGER || a.type() == SimpleType.DOUBLE);
    }

    /** The metric name of each attribute ("Process.CpuUserSecondsTotal" to its name), as the rules give it. */
    static Map<String, String> prometheusNames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Metric<?> m : ProcessMetrics.ALL) if (m.prometheus() != null) out.put("Process." + m.attribute(), m.prometheus());
        for (Metric<?> m : SystemMetrics.ALL) if (m.prometheus() != null) out.put("System." + m.attribute(), m.prometheus());
        for (DeviceRules d : DEVICES)
            for (Metric<?> m : d.catalog()) if (m.prometheus() != null) out.put(d.type() + "." + m.attribute(), m.prometheus());
        for (Attr<?> a : AgentMBean.ATTRS)
            if (isNumber(a) || a.name().equals("Version")) out.put("Agent." + a.name(), "jpsutil_agent_" + snake(a.name()));
        for (Metric<?> m : CgroupMetrics.ALL) if (m.prometheus() != null) out.put("Container." + m.attribute(), m.prometheus());
        return out;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String prometheus() {
        StringBuilder b = new StringBuilder("""
                # jmx_exporter (io.prometheus.jmx:jmx_prometheus_javaagent 1.0.1) rules for jpsutil's MBeans.
                #
                #   java -javaagent:jmx_prometheus_javaagent-1.0.1.jar=127.0.0.1:9404:jpsutil.yaml \\
                #        -javaagent:jpsutil-agent.jar -jar app.jar
                #
                # Generated from jpsutil's value catalogs (ProcessMetrics, SystemMetrics, CgroupMetrics) by
                # agent/src/test/java/io/github/jpsutil/agent/ExporterConfigTest.java: do not edit; rewrite with
                """).append("#   ").append(REGENERATE).append("\n").append("""
                #
                # Without rules, jmx_exporter names every attribute jpsutil_<Type>_<Attribute> (CamelCase kept),
                # types them all untyped, drops String and array attributes and turns each row of the Threads and
                # OpenFiles tables into a series of its own. These rules give Prometheus-style names instead:
                # snake_case, base units, percentages as ratios, counters typed as counters, scope and pid as
                # labels. Only what a rule matches is exported; the host JVM's own jvm_* and process_* metrics
                # come from jmx_exporter itself.
                #
                # A state given as a string (the process name, its status, its I/O class) is exported the only way
                # jmx_exporter exports a String: a series of value 1 with the string as a label, e.g.
                # jpsutil_process_name{scope,pid,name} 1. Join it onto any process series with
                #   jpsutil_process_resident_memory_bytes * on(scope, pid) group_left(name) jpsutil_process_name
                # (Not "jpsutil_process_info": jmx_exporter 1.0.1 strips a trailing _info from metric names.)
                #
                # A process that has exited drops out of the next scrape: reading its MBean fails (NoSuchProcess),
                # jmx_exporter skips that MBean, and jpsutil unregisters it at its next sampling round.
                includeObjectNames: ["jpsutil:*"]
                lowercaseOutputName: true
                rules:
                  # ---- jpsutil:type=Process,scope=self|child|watched,pid=N (objectNames=name: ,name=NAME,pid=N) -
                """);
        for (Metric<?> m : ProcessMetrics.ALL)
            if (m.prometheus() != null) rule(b, PROCESS_BEAN, m, "scope: \"$1\", pid: \"$2\"", 3);
        b.append("\n  # ---- jpsutil:type=System ---------------------------------------------------------------------\n");
        for (Metric<?> m : SystemMetrics.ALL)
            if (m.prometheus() != null) rule(b, SYSTEM_BEAN, m, null, 1);
        for (DeviceRules d : DEVICES) {
            b.append("\n  # ---- jpsutil:type=").append(d.type()).append(",").append(d.key()).append("=... (one per device; the name")
                    .append(" becomes the label ").append(d.label()).append(") ----\n");
            for (Metric<?> m : d.catalog())
                if (m.prometheus() != null) rule(b, d.bean(), m, d.label() + ": \"$1\"", 2);
        }
        b.append("\n  # ---- jpsutil:type=Agent ----------------------------------------------------------------------\n");
        for (Attr<?> a : AgentMBean.ATTRS) {
            String name = "jpsutil_agent_" + snake(a.name());
            if (a.name().equals("Version")) {
                b.append("  - pattern: 'jpsutil<type=Agent><>Version: (.*)'\n    name: ").append(name)
                        .append("\n    type: GAUGE\n    value: 1\n    help: \"Always 1; the label version is the jpsutil agent's version\"\n")
                        .append("    labels: {version: \"$1\"}\n");
            } else if (isNumber(a)) {
                b.append("  - pattern: 'jpsutil<type=Agent><>").append(a.name()).append("'\n    name: ").append(name)
                        .append("\n    type: ").append(name.endsWith("_total") ? "COUNTER" : "GAUGE")
                        .append("\n    help: ").append(quoted(a.description())).append('\n');
            }
        }
        b.append("\n  # ---- jpsutil:type=Container,scope=self (the host JVM's cgroup) and ,scope=child|watched,pid=N ----\n")
                .append("  # (a tracked process in another cgroup); pid is empty for scope=self. Absent values (no such\n")
                .append("  # controller, no limit) are null attributes, which jmx_exporter leaves out.\n");
        for (Metric<?> m : CgroupMetrics.ALL)
            if (m.prometheus() != null) rule(b, CONTAINER_BEAN, m, "scope: \"$1\", pid: \"$2\"", 3);
        return b.toString();
    }

    /** One rule: a state string as a labelled series of 1, a number as itself (a percentage as a ratio). */
    private static void rule(StringBuilder b, String bean, Metric<?> m, String labels, int nextGroup) {
        boolean label = m.kind() == Metric.Kind.LABEL;
        String labelName = m.field() != null ? m.field() : m.key();
        b.append("  - pattern: '").append(bean).append(m.attribute()).append(label ? ": (.*)'" : "'").append('\n')
                .append("    name: ").append(m.prometheus()).append('\n')
                .append("    type: ").append(m.kind() == Metric.Kind.COUNTER ? "COUNTER" : "GAUGE").append('\n');
        String help = m.description();
        if (label) {
            b.append("    value: 1\n");
            help = "Always 1; the label " + labelName + " is the " + help.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                    + help.substring(1);
        }
        if (m.unit() == Metric.Unit.PERCENT) {
            b.append("    valueFactor: 0.01\n");
            help += " (as a fraction: 1 is 100%)";
        }
        if (m.unit() == Metric.Unit.MILLISECONDS) {
            b.append("    valueFactor: 0.001\n");
            help += " (scaled from milliseconds to seconds)";
        }
        b.append("    help: ").append(quoted(help)).append('\n');
        List<String> l = new ArrayList<>();
        if (labels != null) l.add(labels);
        if (label) l.add(labelName + ": \"$" + nextGroup + "\"");
        if (!l.isEmpty()) b.append("    labels: {").append(String.join(", ", l)).append("}\n");
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String openTelemetry() {
        StringBuilder b = new StringBuilder("""
                # JMX metric rules for the OpenTelemetry Java agent (JMX Metric Insight; tested with
                # io.opentelemetry.javaagent:opentelemetry-javaagent 2.10.0) that map jpsutil's MBeans to
                # OpenTelemetry's process and system semantic conventions.
                #
                #   java -javaagent:opentelemetry-javaagent.jar -Dotel.jmx.config=jpsutil.yaml \\
                #        -javaagent:jpsutil-agent.jar -jar app.jar
                #
                # Generated from jpsutil's value catalogs (ProcessMetrics, SystemMetrics) by
                # agent/src/test/java/io/github/jpsutil/agent/ExporterConfigTest.java: do not edit; rewrite with
                """).append("#   ").append(REGENERATE).append("\n").append("""
                #
                # One JVM reports several processes (itself, its descendants, watched ones), so process.pid and
                # process.executable.name are metric attributes here, not resource attributes; jpsutil.scope says
                # which of the three the process is (self, child, watched).
                #
                # Left out because this version of the rules cannot scale a value (jpsutil gives percent, the
                # conventions want a fraction of 1): process.cpu.utilization, system.cpu.utilization,
                # system.memory.utilization. Compute them from the time counters instead.
                rules:
                  - bean: jpsutil:type=Process,*
                    metricAttribute:
                      process.pid: param(pid)
                      jpsutil.scope: param(scope)
                      process.executable.name: beanattr(Name)
                    mapping:
                """);
        for (Metric<?> m : ProcessMetrics.ALL) if (m.otel() != null) mapping(b, m);
        b.append("\n  - bean: jpsutil:type=System\n    mapping:\n");
        for (Metric<?> m : SystemMetrics.ALL) if (m.otel() != null) mapping(b, m);
        for (DeviceRules d : DEVICES) {
            if (d.catalog().stream().noneMatch(m -> m.otel() != null)) continue;
            b.append("\n  - bean: jpsutil:type=").append(d.type()).append(",*\n    metricAttribute:\n      ")
                    .append(d.otelAttribute()).append(": param(").append(d.key()).append(")\n    mapping:\n");
            for (Metric<?> m : d.catalog()) if (m.otel() != null) mapping(b, m);
        }
        return b.toString();
    }

    private static void mapping(StringBuilder b, Metric<?> m) {
        Metric.Otel o = m.otel();
        b.append("      ").append(m.attribute()).append(":\n")
                .append("        metric: ").append(o.name()).append('\n')
                .append("        type: ").append(o.instrument()).append('\n')
                .append("        unit: ").append(o.unit().startsWith("{") ? "\"" + o.unit() + "\"" : o.unit()).append('\n')
                .append("        desc: ").append(quoted(o.description())).append('\n');
        if (!o.attributes().isEmpty()) {
            b.append("        metricAttribute:\n");
            o.attributes().forEach((k, v) -> b.append("          ").append(k).append(": const(").append(v).append(")\n"));
        }
    }
}
