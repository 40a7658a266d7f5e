package io.github.jpsutil.micrometer;

import io.github.jpsutil.Metric;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How meters are named, both derived from the value catalogs ({@link io.github.jpsutil.ProcessMetrics},
 * {@link io.github.jpsutil.SystemMetrics}): never spelled here.
 *
 * <ul>
 *   <li>{@link #MICROMETER} (default): the catalog's Prometheus name as a dotted Micrometer name
 *       under {@code jpsutil.process}, {@code jpsutil.descendant}, {@code jpsutil.descendants},
 *       {@code jpsutil.tree} or {@code jpsutil.system}, with the unit as base unit, so that the
 *       Prometheus registry prints the names the agent's jmx_exporter rules print. Descendants are
 *       tagged {@code pid} and {@code name}.</li>
 *   <li>{@link #OPENTELEMETRY}: the catalog's semantic-convention instrument name and attributes
 *       ({@code process.cpu.time} with {@code cpu.mode}, ...); every process, the host included, is
 *       tagged {@code process.pid} and {@code process.executable.name}. Totals, which the conventions
 *       do not define, sit under {@code jpsutil.descendants.} and {@code jpsutil.tree.}.</li>
 * </ul>
 */
public enum MeterNaming {
    MICROMETER("pid", "name"),
    OPENTELEMETRY("process.pid", "process.executable.name");

    /** Whose values a meter carries. */
    enum Scope {
        /** The host process itself. */
        HOST("jpsutil.process."),
        /** One descendant, by pid. */
        DESCENDANT("jpsutil.descendant."),
        /** The sum over the live descendants of one executable name. */
        BY_NAME("jpsutil.descendants."),
        /** The sum over the host and all its descendants. */
        TREE("jpsutil.tree."),
        /** The machine. */
        SYSTEM("jpsutil.system.");

        private final String micrometerPrefix;

        Scope(String micrometerPrefix) {
            this.micrometerPrefix = micrometerPrefix;
        }
    }

    /**
     * Names Micrometer's own ProcessorMetrics, FileDescriptorMetrics and UptimeMetrics register (the
     * binders Spring Boot binds). A semantic-convention name among them would clash in the Prometheus
     * registry (other tags, other unit), so it moves under {@code jpsutil.}; a test binds those
     * binders and checks that this set is theirs.
     */
    static final Set<String> MICROMETER_BINDER_NAMES = Set.of("process.cpu.usage", "process.cpu.time",
            "system.cpu.usage", "system.cpu.count", "system.load.average.1m", "process.files.open", "process.files.max",
            "process.uptime", "process.start.time");

    private final String pidTag;
    private final String nameTag;

    MeterNaming(String pidTag, String nameTag) {
        this.pidTag = pidTag;
        this.nameTag = nameTag;
    }

    /** The tag key of a process id. */
    public String pidTag() {
        return pidTag;
    }

    /** The tag key of an executable name. */
    public String nameTag() {
        return nameTag;
    }

    /** The meter name of {@code metric} in {@code scope}. */
    String name(Metric<?> metric, Scope scope) {
        if (this == MICROMETER) return scope.micrometerPrefix + stem(metric.prometheus());
        String otel = metric.otel().name();
        String name = switch (scope) {
            case BY_NAME, TREE -> scope.micrometerPrefix + otel;
            default -> otel;
        };
        return MICROMETER_BINDER_NAMES.contains(name) ? "jpsutil." + name : name;
    }

    /** The tags that tell {@code metric} apart from the other values under its name (cpu.mode=user, ...). */
    Tags valueTags(Metric<?> metric) {
        if (this == MICROMETER) return Tags.empty();
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> e : metric.otel().attributes().entrySet()) tags = tags.and(Tag.of(e.getKey(), e.getValue()));
        return tags;
    }

    /** The meter's description: the instrument's in semantic-convention names (one per name), else the value's. */
    String description(Metric<?> metric) {
        return this == OPENTELEMETRY ? metric.otel().description() : metric.description();
    }

    /** Micrometer's base unit: the unit the Prometheus registry appends (bytes, seconds), or null. */
    static String baseUnit(Metric<?> metric) {
        return metric.unit().jmx();
    }

    /**
     * jpsutil_process_cpu_user_seconds_total → cpu.user: the Prometheus name without its scope
     * prefix, its counter suffix and its unit, which the registry appends again.
     */
    private static String stem(String prometheus) {
        String s = prometheus.replaceFirst("^jpsutil_(process|system)_", "");
        if (s.endsWith("_total")) s = s.substring(0, s.length() - "_total".length());
        for (String unit : new String[] {"_seconds", "_bytes"}) {
            if (s.endsWith(unit)) s = s.substring(0, s.length() - unit.length());
        }
        return s.replace('_', '.').toLowerCase(Locale.ROOT);
    }
}
