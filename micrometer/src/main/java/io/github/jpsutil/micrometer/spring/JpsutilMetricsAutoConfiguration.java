package io.github.jpsutil.micrometer.spring;

import io.github.jpsutil.micrometer.MachineMetrics;
import io.github.jpsutil.micrometer.ProcessTreeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes jpsutil's meters in a Spring Boot 3.5 or 4.0 application: the application's process,
 * its descendants and the machine. Spring Boot binds every MeterBinder bean to its meter registry,
 * so the meters show on /actuator/metrics and /actuator/prometheus. Off with {@code jpsutil.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnProperty(prefix = "jpsutil", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(JpsutilProperties.class)
public class JpsutilMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ProcessTreeMetrics jpsutilProcessTreeMetrics(JpsutilProperties properties) {
        return new ProcessTreeMetrics(properties.toOptions());
    }

    @Bean
    @ConditionalOnMissingBean
    public MachineMetrics jpsutilMachineMetrics(JpsutilProperties properties) {
        return new MachineMetrics(properties.getNaming());
    }
}
