package io.github.jpsutil.micrometer;

import io.github.jpsutil.Metric;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.SystemMetrics;
import io.github.jpsutil.SystemView;
import io.github.jpsutil.micrometer.MeterNaming.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;

/**
 * Meters of the machine: the values of {@link SystemMetrics#ALL} that are
 * {@link Metric#instrumented()}, named by {@link MeterNaming}. A scrape reads /proc/stat,
 * /proc/meminfo and the others once for all meters: the values of one read serve every meter for a
 * second.
 */
public final class MachineMetrics implements MeterBinder {
    static final List<Metric<SystemView>> VALUES = SystemMetrics.ALL.stream().filter(Metric::instrumented).toList();
    private static final long FRESH_NANOS = 1_000_000_000L;

    private final Psutil ps;
    private final MeterNaming naming;
    private final Readings values = new Readings(VALUES.size());
    private long readAt;
    private boolean read;

    public MachineMetrics(MeterNaming naming) {
        this(Psutil.local(), naming);
    }

    public MachineMetrics(Psutil ps, MeterNaming naming) {
        this.ps = java.util.Objects.requireNonNull(ps, "ps");
        this.naming = java.util.Objects.requireNonNull(naming, "naming");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int i = 0; i < VALUES.size(); i++) {
            int index = i;
            ProcessTreeMetrics.meter(registry, naming, VALUES.get(i), Scope.SYSTEM, Tags.empty(), this,
                    m -> m.current()[index]);
        }
    }

    private synchronized double[] current() {
        long now = System.nanoTime();
        if (!read || now - readAt > FRESH_NANOS) {
            values.set(Readings.read(VALUES, ps.oneshot()));
            readAt = now;
            read = true;
        }
        return values.all();
    }
}
