package io.github.jpsutil.micrometer.spring;

import io.github.jpsutil.micrometer.MeterNaming;
import io.github.jpsutil.micrometer.MeterOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** The {@code jpsutil.*} properties of a Spring Boot application; defaults are {@link MeterOptions#defaults()}. */
@ConfigurationProperties(prefix = "jpsutil")
public class JpsutilProperties {
    private static final MeterOptions DEFAULTS = MeterOptions.defaults();

    /** Whether to publish jpsutil's meters at all. */
    private boolean enabled = true;
    /** Whether to publish the application's descendant processes (per pid, per executable name, whole tree). */
    private boolean children = DEFAULTS.children();
    /** How often descendants are listed and read. */
    private Duration interval = DEFAULTS.interval();
    /** How many descendants at a time get meters of their own, tagged with their pid. */
    private int maxPids = DEFAULTS.maxPids();
    /** Meter names: micrometer (jpsutil.process.cpu.user, ...) or opentelemetry (process.cpu.time, ...). */
    private MeterNaming naming = DEFAULTS.naming();

    /** The options these properties give. */
    public MeterOptions toOptions() {
        return new MeterOptions(children, interval, maxPids, naming);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isChildren() {
        return children;
    }

    public void setChildren(boolean children) {
        this.children = children;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public int getMaxPids() {
        return maxPids;
    }

    public void setMaxPids(int maxPids) {
        this.maxPids = maxPids;
    }

    public MeterNaming getNaming() {
        return naming;
    }

    public void setNaming(MeterNaming naming) {
        this.naming = naming;
    }
}
