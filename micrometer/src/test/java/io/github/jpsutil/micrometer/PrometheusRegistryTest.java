package io.github.jpsutil.micrometer;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus registry takes every meter, beside Micrometer's own process binders, in both namings. */
class PrometheusRegistryTest {
    @ParameterizedTest
    @EnumSource(MeterNaming.class)
    void noRegistrationFails(MeterNaming naming) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<String> failures = new ArrayList<>();
        registry.config().onMeterRegistrationFailed((id, reason) -> failures.add(id.getName() + ": " + reason));
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Process child = new ProcessBuilder("sleep", "60").start();
        try (ProcessTreeMetrics meters = new ProcessTreeMetrics(MeterOptions.defaults().withInterval(Duration.ZERO)
                .withNaming(naming))) {
            meters.bindTo(registry);
            new MachineMetrics(naming).bindTo(registry);
            String page = registry.scrape();
            assertThat(failures).isEmpty();
            String pidTag = naming.pidTag().replace('.', '_') + "=\"" + child.pid() + "\"";
            assertThat(page).contains(pidTag).contains("process_cpu_usage");
            if (naming == MeterNaming.OPENTELEMETRY)
                assertThat(page).contains("jpsutil_process_cpu_time_seconds_total{cpu_mode=\"user\"").contains("system_memory_usage_bytes{");
            else
                assertThat(page).contains("jpsutil_process_cpu_user_seconds_total ").contains("jpsutil_system_memory_total_bytes ");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
