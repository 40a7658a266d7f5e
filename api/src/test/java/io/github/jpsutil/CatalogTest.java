package io.github.jpsutil;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value catalogs: each value declared once, read as declared, keyed as psutil keys it. */
class CatalogTest {

    @Test
    void everyProcessValueReadsAsItsDeclaredType() {
        OsProcess self = Psutil.local().self().oneshot();
        for (Metric<OsProcess> m : ProcessMetrics.ALL) assertShape(m, m.readFrom(self));
    }

    @Test
    void everyMachineValueReadsAsItsDeclaredType() {
        SystemView view = Psutil.local().oneshot();
        for (Metric<SystemView> m : SystemMetrics.ALL) assertShape(m, m.readFrom(view));
    }

    private static void assertShape(Metric<?> m, Object v) {
        if (v == null) { // psutil's None: allowed only where the value says when it is empty
            assertThat(m.description()).as(m.psutilName() + " is empty here but does not say when it may be").contains("empty where");
            return;
        }
        switch (m.type()) {
            case LONG -> assertThat(v).as(m.psutilName()).isInstanceOf(Long.class);
            case INTEGER -> assertThat(v).as(m.psutilName()).isInstanceOf(Integer.class);
            case DOUBLE -> assertThat(v).as(m.psutilName()).isInstanceOf(Double.class);
            // only the terminal may be none (null, as psutil's None): a process without one
            case STRING -> {
                if (!m.key().equals("terminal")) assertThat(v).as(m.psutilName()).isNotNull();
            }
            case STRING_LIST, LONG_LIST, DOUBLE_LIST, TABLE -> assertThat(v).as(m.psutilName()).isInstanceOf(List.class);
            case STRING_MAP -> assertThat(v).as(m.psutilName()).isInstanceOf(Map.class);
        }
    }

    @Test
    void asDictGroupsFieldsUnderPsutilsKeysInPsutilsOrder() {
        Map<String, Object> d = ProcessMetrics.asDict(Psutil.local().self().oneshot(), null, null);
        assertThat(d).containsKeys("pid", "name", "cpu_times", "memory_info", "num_fds", "threads", "open_files")
                .doesNotContainKeys("connections", "children");
        assertThat(d.get("pid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(List.copyOf(((Map<?, ?>) d.get("cpu_times")).keySet())).isEqualTo(List.of("user", "system", "children_user",
                "children_system", "iowait"));
        assertThat(((Map<?, ?>) d.get("ionice")).get("ioclass")).isInstanceOf(Integer.class); // psutil's IntEnum
        assertThat((List<?>) d.get("threads")).isNotEmpty().allSatisfy(row ->
                assertThat(List.copyOf(((Map<?, ?>) row).keySet())).isEqualTo(List.of("id", "user_time", "system_time")));
        assertThat(ProcessMetrics.asDict(Psutil.local().self().oneshot(), java.util.Set.of("pid", "status"), null))
                .containsOnlyKeys("pid", "status");
    }

    @Test
    void heavyValuesAreReadOnlyWhenAskedFor() {
        List<String> heavy = ProcessMetrics.ALL.stream().filter(Metric::heavy).map(Metric::key).distinct().toList();
        assertThat(heavy).containsExactly("memory_maps", "memory_full_info", "environ");
        assertThat(ProcessMetrics.ALL).filteredOn(Metric::heavy).allMatch(m -> m.prometheus() == null && m.otel() == null);
        OsProcess self = Psutil.local().self();
        assertThat(ProcessMetrics.asDict(self.oneshot(), null, null)).doesNotContainKeys(heavy.toArray(String[]::new))
                .containsKeys("memory_info_ex", "num_ctx_switches", "cpu_num", "cpu_affinity", "oom_score");
        Map<String, Object> all = ProcessMetrics.asDict(self.oneshot(), ProcessMetrics.asDictKeys(), null);
        assertThat(all).containsKeys(heavy.toArray(String[]::new));
        assertThat(List.copyOf(((Map<?, ?>) all.get("memory_full_info")).keySet()))
                .isEqualTo(List.of("rss", "vms", "shared", "text", "data", "uss", "pss", "swap"));
        assertThat(((Map<?, ?>) all.get("environ")).get("PATH")).isEqualTo(System.getenv("PATH"));
        assertThatThrownBy(() -> Metric.of("x", null, Metric.Type.LONG, o -> 1L).heavy().prometheus("jpsutil_x").done())
                .hasMessageContaining("heavy");
    }

    @Test
    void aValueIsDeclaredOnce() {
        Metric<Object> a = Metric.of("x", null, Metric.Type.LONG, o -> 1L).mbean("X", "x").done();
        Metric<Object> b = Metric.of("x", null, Metric.Type.LONG, o -> 2L).mbean("Y", "y").done();
        assertThatThrownBy(() -> Metric.flatten(a, b)).hasMessageContaining("two values named x");
        Metric<Object> c = Metric.of("y", null, Metric.Type.LONG, o -> 2L).mbean("X", "y").done();
        assertThatThrownBy(() -> Metric.flatten(a, c)).hasMessageContaining("two values on attribute X");
    }

    @Test
    void countersAreNamedAsCounters() {
        assertThatThrownBy(() -> Metric.of("x", null, Metric.Type.LONG, o -> 1L).mbean("Reads", "r").counter().done())
                .hasMessageContaining("ends in Total");
        assertThatThrownBy(() -> Metric.of("x", null, Metric.Type.LONG, o -> 1L).mbean("ReadsTotal", "r").counter()
                .prometheus("jpsutil_reads").done()).hasMessageContaining("_total");
        assertThat(ProcessMetrics.ALL).filteredOn(m -> m.kind() == Metric.Kind.COUNTER)
                .extracting(Metric::psutilName).contains("cpu_times.user", "io_counters.read_bytes");
    }

    @Test
    void anotherOperatingSystemFailsEveryCallWithOneClearError() {
        assertThatThrownBy(() -> new Psutil(Backends.unsupported("Windows 11")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Windows 11").hasMessageContaining("Linux");
        assertThatThrownBy(() -> Backends.unsupported("Mac OS X").process(1, -1))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Mac OS X");
    }
}
