package io.github.jpsutil.agent;

import io.github.jpsutil.Metric;

import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.util.List;
import java.util.function.Function;

/**
 * One attribute of an open MBean: its name, open type, description, how to read it from a read
 * context {@code C}, and the descriptor fields that tell clients more: {@code units}, and for a
 * catalog value {@code metricType} (counter or gauge, the JMX descriptor's own field) and
 * {@code psutil} (psutil's name of the value).
 */
record Attr<C>(String name, OpenType<?> type, String description, Function<C, Object> getter, Descriptor descriptor) {
    /** An attribute of the agent's own, with a unit (null for none); a number whose name ends in Total is a counter. */
    Attr(String name, OpenType<?> type, String units, String description, Function<C, Object> getter) {
        this(name, type, description, getter, ownDescriptor(name, type, units));
    }

    private static Descriptor ownDescriptor(String name, OpenType<?> type, String units) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        if (units != null) fields.add("units=" + units);
        if (type == SimpleType.LONG || type == SimpleType.INTEGER || type == SimpleType.DOUBLE)
            fields.add("metricType=" + (name.endsWith("Total") ? "counter" : "gauge"));
        return fields.isEmpty() ? ImmutableDescriptor.EMPTY_DESCRIPTOR : new ImmutableDescriptor(fields.toArray(String[]::new));
    }

    /** Descriptor field of a value read only when asked for by name ({@link Metric#heavy()}). */
    static final String HEAVY = "heavy";

    /** Whether a read of every attribute at once leaves this one out ({@link Metric#heavy()}). */
    boolean heavy() {
        return "true".equals(descriptor.getFieldValue(HEAVY));
    }

    OpenMBeanAttributeInfoSupport info(boolean writable) {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, writable, false, descriptor);
    }

    private static Descriptor descriptor(Metric<?> m) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        if (m.unit().jmx() != null) fields.add("units=" + m.unit().jmx());
        if (m.kind() == Metric.Kind.COUNTER || m.kind() == Metric.Kind.GAUGE)
            fields.add("metricType=" + (m.kind() == Metric.Kind.COUNTER ? "counter" : "gauge"));
        fields.add("psutil=" + m.psutilName());
        if (m.heavy()) fields.add(HEAVY + "=true");
        return new ImmutableDescriptor(fields.toArray(String[]::new));
    }

    /**
     * The attributes of the catalog's values that have one: each read from the source that a read
     * context {@code C} holds, except the sampled ones (CPU percent over the agent's window), which
     * come from the sampler's figure.
     */
    static <C, S> List<Attr<C>> of(List<Metric<S>> catalog, Function<C, S> source, Function<C, Object> sampledCpuPercent) {
        return catalog.stream().filter(m -> m.attribute() != null).map(m -> {
            if (m.sampled() && !m.key().equals("cpu_percent"))
                throw new IllegalStateException("the sampler computes cpu_percent only, not " + m.key());
            Function<C, Object> get = m.sampled() ? sampledCpuPercent : c -> Types.value(m, m.readFrom(source.apply(c)));
            return new Attr<C>(m.attribute(), Types.of(m), m.description(), get, descriptor(m));
        }).toList();
    }

    /**
     * The attributes of a device's catalog (a disk, a network interface, a file system): each read
     * from the reading a context {@code C} holds, except the sampled rates, which come from the
     * sampler's figures for the device by the value's key (0 until the first window closes).
     */
    static <C, S> List<Attr<C>> ofDevice(List<Metric<S>> catalog, Function<C, S> reading,
                                         Function<C, java.util.Map<String, Double>> rates) {
        return catalog.stream().filter(m -> m.attribute() != null).map(m -> {
            Function<C, Object> get = m.sampled() ? c -> rates.apply(c).getOrDefault(m.key(), 0.0)
                    : c -> Types.value(m, m.readFrom(reading.apply(c)));
            return new Attr<C>(m.attribute(), Types.of(m), m.description(), get, descriptor(m));
        }).toList();
    }
}
