package io.github.jpsutil.agent.it;


import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Prometheus' jmx_exporter 1.0.1 (its Java agent) and jpsutil's agent in one host JVM, with the
 * rules of examples/prometheus/jpsutil.yaml: the scraped names, types, labels and values against
 * the MBeans read over JMX at about the same time, and a child that exits gone from the next scrape.
 */
class PrometheusIT {
    static final Path CONFIG = ClientTools.example("prometheus/jpsutil.yaml");

    /** One scrape in the text format 0.0.4: series ("name{a="x",b="y"}", labels sorted) to value, and # TYPE lines. */
    record Scrape(Map<String, Double> series, Map<String, String> types, String text) {
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        static Scrape of(String text) {
            Map<String, Double> series = new HashMap<>();
            Map<String, String> types = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] w = line.split(" ");
                    types.put(w[2], w[3]);
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    Matcher m = SAMPLE.matcher(line);
                    assertThat(m.matches()).as("sample line %s", line).isTrue();
                    Map<String, String> labels = new TreeMap<>();
                    if (m.group(2) != null) {
                        Matcher l = LABEL.matcher(m.group(2));
                        while (l.find()) labels.put(l.group(1), l.group(2));
                    }
                    series.put(key(m.group(1), labels), Double.parseDouble(m.group(3)));
                }
            }
            return new Scrape(series, types, text);
        }

        static String key(String name, Map<String, String> labels) {
            StringBuilder b = new StringBuilder(name).append('{');
            new TreeMap<>(labels).forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
            return b.append('}').toString();
        }

        /** The value of one series; fails naming what the scrape has of that metric when it is missing. */
        double value(String name, String... labelPairs) {
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
            Double v = series.get(key(name, labels));
            assertThat(v).as("series %s%s; the scrape has %s", name, labels,
                    series.keySet().stream().filter(k -> k.startsWith(name + "{")).toList()).isNotNull();
            return v;
        }

        boolean mentionsPid(long pid) {
            return series.keySet().stream().anyMatch(k -> k.contains("pid=\"" + pid + "\""));
        }
    }

    static Scrape scrape(int port) throws Exception {
        HttpResponse<String> r = ClientTools.get("http://127.0.0.1:" + port + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return Scrape.of(r.body());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "objectNames={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pid", "name"})
    void rulesGiveCleanMetricsThatMatchTheMBeans(String objectNames) throws Exception {
        try (HostJvm host = HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(),
                "-javaagent:" + ClientTools.jar("jmx_prometheus_javaagent.jar") + "=127.0.0.1:0:" + CONFIG,
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1m,objectNames=" + objectNames)) {
            // Before the JMX connection opens its own port, the exporter's is the host's only one.
            int port = ClientTools.awaitNewPort(host.pid, Set.of());
            host.awaitAgent();
            long child = host.spawn("sleep 120");
            Proc.awaitState(child, "S"); // settled into its sleep, so that Status reads "sleeping"
            long other = host.spawn("sleep 121");
            MBeanServerConnection mbs = host.connect();
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            ObjectName self = AgentIT.find(mbs, "self", host.pid);
            ObjectName kid = AgentIT.find(mbs, "child", child);
            assertThat(kid.getKeyProperty("name")).isEqualTo(objectNames.equals("name") ? "sleep" : null);
            mbs.setAttribute(kid, new Attribute("Nice", 7));

            double userBefore = (Double) mbs.getAttribute(self, "CpuUserSecondsTotal");
            Scrape s = scrape(port);
            double userAfter = (Double) mbs.getAttribute(self, "CpuUserSecondsTotal");
            Map<String, Object> k = AgentIT.readAll(mbs, kid);
            Map<String, Object> sys = AgentIT.readAll(mbs, AgentIT.SYSTEM);
            String c = Long.toString(child);
            String h = Long.toString(host.pid);

            assertThat(s.value("jmx_scrape_error")).isZero();
            // types: counters end in _total and are typed counter, the rest are gauges; names are snake_case
            assertThat(s.types()).containsEntry("jpsutil_process_cpu_user_seconds_total", "counter")
                    .containsEntry("jpsutil_process_cpu_system_seconds_total", "counter")
                    .containsEntry("jpsutil_process_io_read_syscalls_total", "counter")
                    .containsEntry("jpsutil_system_cpu_idle_seconds_total", "counter")
                    .containsEntry("jpsutil_agent_samples_total", "counter")
                    .containsEntry("jpsutil_process_resident_memory_bytes", "gauge")
                    .containsEntry("jpsutil_process_name", "gauge")
                    .containsEntry("jpsutil_system_memory_available_bytes", "gauge");
            s.types().forEach((name, type) -> {
                if (!name.startsWith("jpsutil_")) return;
                assertThat(name).matches("jpsutil_[a-z0-9_]+");
                assertThat(type).as(name).isEqualTo(name.endsWith("_total") ? "counter" : "gauge");
            });

            // the contract: every numeric attribute of the three MBeans yields its series through the shipped rules
            Map<String, String> names = ruleNames();
            for (ObjectName bean : List.of(kid, AgentIT.SYSTEM, AgentIT.AGENT)) {
                String type = bean.getKeyProperty("type");
                for (javax.management.MBeanAttributeInfo a : mbs.getMBeanInfo(bean).getAttributes()) {
                    if (!List.of("long", "int", "double", "java.lang.Long", "java.lang.Integer", "java.lang.Double").contains(a.getType())
                            || "true".equals(a.getDescriptor().getFieldValue("heavy")))
                        continue; // heavy values are read by name only: a scrape leaves them out
                    String series = names.get(type + "." + a.getName());
                    assertThat(series).as("a rule for %s.%s", type, a.getName()).isNotNull();
                    // a value the machine does not have (no battery) is null: jmx_exporter makes no series of it
                    if (mbs.getAttribute(bean, a.getName()) == null) continue;
                    assertThat(s.types()).as("series of %s.%s", type, a.getName()).containsKey(series);
                }
            }

            // labels: scope and pid on every process series; the name only on jpsutil_process_name
            assertThat(s.value("jpsutil_process_name", "scope", "child", "pid", c, "name", "sleep")).isEqualTo(1.0);
            assertThat(s.value("jpsutil_process_name", "scope", "self", "pid", h, "name", "java")).isEqualTo(1.0);
            assertThat(s.value("jpsutil_process_status", "scope", "child", "pid", c, "status", "sleeping")).isEqualTo(1.0);
            assertThat(s.series().keySet()).filteredOn(key -> key.startsWith("jpsutil_process_"))
                    .allMatch(key -> key.contains("scope=\"") && key.contains("pid=\""));

            // values: the child (a sleeping `sleep` whose figures do not move) exactly as its MBean says
            assertThat(s.value("jpsutil_process_resident_memory_bytes", "scope", "child", "pid", c))
                    .isEqualTo(((Long) k.get("ResidentMemoryBytes")).doubleValue());
            assertThat(s.value("jpsutil_process_virtual_memory_bytes", "scope", "child", "pid", c))
                    .isEqualTo(((Long) k.get("VirtualMemoryBytes")).doubleValue());
            assertThat(s.value("jpsutil_process_threads", "scope", "child", "pid", c)).isEqualTo(1.0);
            assertThat(s.value("jpsutil_process_nice", "scope", "child", "pid", c)).isEqualTo(7.0);
            assertThat(s.value("jpsutil_process_start_time_seconds", "scope", "child", "pid", c))
                    .isEqualTo((Double) k.get("CreateTimeSeconds"));
            assertThat(s.value("jpsutil_process_memory_ratio", "scope", "child", "pid", c))
                    .isCloseTo((Double) k.get("MemoryPercent") / 100, offset(1e-12));
            assertThat(s.value("jpsutil_process_io_read_syscalls_total", "scope", "child", "pid", c))
                    .isEqualTo(((Long) k.get("IoReadCountTotal")).doubleValue());
            // the host's CPU time moves: the scraped value lies between two reads that bracket the scrape
            assertThat(s.value("jpsutil_process_cpu_user_seconds_total", "scope", "self", "pid", h))
                    .isBetween(userBefore, userAfter);
            // the machine
            assertThat(s.value("jpsutil_system_memory_total_bytes")).isEqualTo(((Long) sys.get("MemoryTotalBytes")).doubleValue())
                    .isEqualTo((double) Proc.meminfo("MemTotal"));
            assertThat(s.value("jpsutil_system_memory_available_bytes"))
                    .isCloseTo(((Long) sys.get("MemoryAvailableBytes")).doubleValue(), offset(256.0 * 1024 * 1024));
            assertThat(s.value("jpsutil_system_cpus")).isEqualTo(((Integer) sys.get("NumCpus")).doubleValue());
            assertThat(s.value("jpsutil_system_cpu_usage_ratio"))
                    .isCloseTo((Double) sys.get("CpuPercent") / 100, offset(1e-9)); // the sampler's figure: interval=1m
            assertThat(s.value("jpsutil_system_boot_time_seconds")).isEqualTo((Double) sys.get("BootTimeSeconds"));
            assertThat(s.value("jpsutil_agent_tracked_processes")).isEqualTo(3.0);
            assertThat(s.value("jpsutil_agent_version", "version", (String) mbs.getAttribute(AgentIT.AGENT, "Version")))
                    .isEqualTo(1.0);
            // what the rules leave out: no CamelCase default names, no per-thread or per-file series
            assertThat(s.text()).doesNotContain("jpsutil_Process_").doesNotContain("userSeconds").doesNotContain("positionBytes");

            // a child that exits is gone from the very next scrape, without waiting for a sampling round
            // (interval=1m): reading its MBean fails, and jmx_exporter leaves it out
            ProcessHandle ph = ProcessHandle.of(child).orElseThrow();
            ph.destroy();
            ph.onExit().get(10, TimeUnit.SECONDS);
            Scrape after = scrape(port);
            assertThat(after.mentionsPid(child)).as("series of exited pid %d in%n%s", child, after.text()).isFalse();
            assertThat(after.value("jpsutil_process_name", "scope", "child", "pid", Long.toString(other), "name", "sleep"))
                    .isEqualTo(1.0);
            assertThat(after.value("jmx_scrape_error")).isZero();
            // and after the sampler's round, the agent counts it gone too
            mbs.invoke(AgentIT.AGENT, "refresh", null, null);
            Scrape later = scrape(port);
            assertThat(later.mentionsPid(child)).isFalse();
            assertThat(later.value("jpsutil_agent_tracked_processes")).isEqualTo(2.0);
        }
    }

    /** The metric name of each attribute ("Process.CpuUserSecondsTotal"), read from the shipped rules. */
    static Map<String, String> ruleNames() throws java.io.IOException {
        Map<String, String> out = new HashMap<>();
        Pattern rule = Pattern.compile("- pattern: 'jpsutil<type=(\\w+)[^'\\n]*?><>(\\w+)[^']*'\\n\\s+name: (\\S+)");
        Matcher m = rule.matcher(java.nio.file.Files.readString(CONFIG));
        while (m.find()) out.put(m.group(1) + "." + m.group(2), m.group(3));
        return out;
    }
}
