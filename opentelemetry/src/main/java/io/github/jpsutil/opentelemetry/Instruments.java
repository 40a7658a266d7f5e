package io.github.jpsutil.opentelemetry;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.Metric;
import io.github.jpsutil.ZombieProcess;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asynchronous instruments of one catalog ({@link io.github.jpsutil.ProcessMetrics} or
 * {@link io.github.jpsutil.SystemMetrics}): one per OpenTelemetry name among its
 * {@link Metric#instrumented() instrumented} values, with the kind, unit and description the catalog
 * gives. The values under one name become points told apart by their attributes (cpu.mode, ...).
 */
final class Instruments<S> {
    private final List<Metric<S>> values;
    private final Map<String, ObservableMeasurement> byName = new LinkedHashMap<>();
    private final List<Attributes> valueAttributes = new ArrayList<>();

    Instruments(Meter meter, List<Metric<S>> catalog) {
        values = catalog.stream().filter(Metric::instrumented).toList();
        for (Metric<S> m : values) {
            byName.computeIfAbsent(m.otel().name(), n -> observer(meter, m));
            AttributesBuilder a = Attributes.builder();
            m.otel().attributes().forEach(a::put);
            valueAttributes.add(a.build());
        }
    }

    /** The observers, to pass to {@link Meter#batchCallback}. */
    List<ObservableMeasurement> observers() {
        return List.copyOf(byName.values());
    }

    private static ObservableMeasurement observer(Meter meter, Metric<?> m) {
        Metric.Otel o = m.otel();
        boolean decimal = decimal(m);
        return switch (o.instrument()) {
            case "counter" -> decimal
                    ? meter.counterBuilder(o.name()).ofDoubles().setUnit(o.unit()).setDescription(o.description()).buildObserver()
                    : meter.counterBuilder(o.name()).setUnit(o.unit()).setDescription(o.description()).buildObserver();
            case "updowncounter" -> decimal
                    ? meter.upDownCounterBuilder(o.name()).ofDoubles().setUnit(o.unit()).setDescription(o.description())
                    .buildObserver()
                    : meter.upDownCounterBuilder(o.name()).setUnit(o.unit()).setDescription(o.description()).buildObserver();
            default -> decimal
                    ? meter.gaugeBuilder(o.name()).setUnit(o.unit()).setDescription(o.description()).buildObserver()
                    : meter.gaugeBuilder(o.name()).ofLongs().setUnit(o.unit()).setDescription(o.description()).buildObserver();
        };
    }

    private static boolean decimal(Metric<?> m) {
        return m.type() == Metric.Type.DOUBLE;
    }

    /**
     * Records every value of {@code view}, with {@code common} attributes (the process' pid and name,
     * or none) beside each value's own. A value the kernel denies is left out; NoSuchProcess passes through.
     */
    void record(S view, Attributes common) {
        for (int i = 0; i < values.size(); i++) {
            Metric<S> m = values.get(i);
            Object v;
            try {
                v = m.readFrom(view);
            } catch (AccessDenied | ZombieProcess e) {
                continue;
            }
            Attributes attributes = common.isEmpty() ? valueAttributes.get(i)
                    : valueAttributes.get(i).toBuilder().putAll(common).build();
            ObservableMeasurement o = byName.get(m.otel().name());
            // the SDK's observers are both kinds: the value's type picks the one the instrument was built as
            if (decimal(m)) ((ObservableDoubleMeasurement) o).record(((Number) v).doubleValue(), attributes);
            else ((ObservableLongMeasurement) o).record(((Number) v).longValue(), attributes);
        }
    }
}
