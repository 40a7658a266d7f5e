package io.github.jpsutil;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One value jpsutil reports, declared once: where it sits in psutil's {@code as_dict()} (key and
 * field), how to read it, its unit and description, and its names in JMX, Prometheus and
 * OpenTelemetry. {@link ProcessMetrics} and {@link SystemMetrics} list them all; JSON output, MBean
 * attributes, the MBean reference and the shipped exporter configurations are derived from those
 * lists, so a value is added in one place.
 *
 * @param <S> what the value is read from: an {@link OsProcess} (a oneshot view) or a {@link SystemView}
 * @param key psutil's name of the value, the key in {@code as_dict()}
 * @param field the field within psutil's named tuple, or null when the value is the key's whole value
 * @param attribute the MBean attribute, or null when the value is not on the MBeans
 * @param type the shape of the value
 * @param unit the unit of a number
 * @param kind how it behaves over time, which decides how exporters type it
 * @param description one sentence for people (MBean reference, exporter help)
 * @param prometheus the metric name in the shipped jmx_exporter rules, or null for none
 * @param otel the OpenTelemetry instrument in the shipped rules, or null for none
 * @param inAsDict whether psutil's {@code as_dict()} has it, so JSON output shows it
 * @param sampled whether the agent computes it over its sampling window (a rate needs two readings)
 * @param table the columns of a {@link Type#TABLE}; null for other types
 * @param read reads the value; for a table, a list of rows
 * @param heavy whether reading it walks the process' address space or reads a large file (smaps,
 *              environ): such a value is read only when asked for by name, never by default. The
 *              default {@code as_dict()} (keys null) leaves it out, the agent's read of every
 *              attribute at once leaves it out, it has no exporter rule, and the sampler never reads it
 */
public record Metric<S>(String key, String field, String attribute, Type type, Unit unit, Kind kind,
                        String description, String prometheus, Otel otel, boolean inAsDict, boolean sampled,
                        Table<?> table, Function<S, Object> read, boolean heavy) {

    /** The shape of a value, which fixes its JMX open type and its JSON form. */
    public enum Type {
        LONG, INTEGER, DOUBLE, STRING, STRING_LIST, LONG_LIST, TABLE, DOUBLE_LIST,
        /** Names to strings (an environment): a JSON object, a two-column table on the MBeans. */
        STRING_MAP
    }

    /** Units, with their JMX descriptor spelling and their UCUM code for OpenTelemetry. */
    public enum Unit {
        NONE(null, "1"), BYTES("bytes", "By"), SECONDS("seconds", "s"), PERCENT("percent", "%"),
        /** psutil's unit of disk times; exporters scale it to seconds. */
        MILLISECONDS("milliseconds", "ms");

        private final String jmx;
        private final String ucum;

        Unit(String jmx, String ucum) {
            this.jmx = jmx;
            this.ucum = ucum;
        }

        /** The JMX descriptor field "units", or null for a plain number. */
        public String jmx() {
            return jmx;
        }

        /** The UCUM code OpenTelemetry uses. */
        public String ucum() {
            return ucum;
        }
    }

    /** How a value behaves: exporters type counters as counters, gauges as gauges. */
    public enum Kind {
        /** A number that goes up and down. */
        GAUGE,
        /** A number that only grows while the process or machine lives (its MBean name ends in Total). */
        COUNTER,
        /** A string that names a state (exported as a series of value 1 with the string as a label). */
        LABEL,
        /** Anything else: text, lists and tables that exporters leave out. */
        OTHER
    }

    /**
     * An OpenTelemetry instrument: semantic-convention name, instrument kind ("counter",
     * "updowncounter" or "gauge"), unit, the instrument's description (the same for every value
     * under one name: they are points of one instrument), and the constant attributes that tell
     * this value apart from others under the same name (cpu.mode=user, disk.io.direction=read, ...).
     */
    public record Otel(String name, String instrument, String unit, String description, Map<String, String> attributes) {
        public Otel {
            Objects.requireNonNull(name, "name");
            if (!List.of("counter", "updowncounter", "gauge").contains(instrument))
                throw new IllegalArgumentException("unknown instrument kind " + instrument);
            attributes = Map.copyOf(attributes);
        }
    }

    /** An instrument without attributes, to give {@link Builder#otel} with those of one value. */
    static Otel instrument(String name, String instrument, String unit, String description) {
        return new Otel(name, instrument, unit, description, Map.of());
    }

    /** The rows of a table value: their JMX composite type name, description, index and columns. */
    public record Table<R>(String typeName, String description, String index, List<Column<R>> columns) {
        public Table {
            columns = List.copyOf(columns);
            if (columns.stream().noneMatch(c -> c.item().equals(index)))
                throw new IllegalArgumentException("index " + index + " is not a column of " + typeName);
        }

        /**
         * One row's cells by column, in column order, read from the row object; {@code jmxNames}
         * picks JMX or psutil names. Unmodifiable.
         */
        public Map<String, Object> row(Object rowObject, boolean jmxNames) {
            @SuppressWarnings("unchecked")
            R r = (R) rowObject;
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) values[i] = columns.get(i).read().apply(r);
            return new Row(columns, jmxNames, values);
        }

        Map<String, Object> jsonRow(Object rowObject) {
            return row(rowObject, false);
        }
    }

    /**
     * A row of a table as a map: its names are the columns', its values one array (a table of a
     * JVM's memory maps has hundreds of rows: no map entry is kept per cell).
     */
    private static final class Row extends java.util.AbstractMap<String, Object> {
        private final List<? extends Column<?>> columns;
        private final boolean jmxNames;
        private final Object[] values;

        Row(List<? extends Column<?>> columns, boolean jmxNames, Object[] values) {
            this.columns = columns;
            this.jmxNames = jmxNames;
            this.values = values;
        }

        private String name(int i) {
            return jmxNames ? columns.get(i).item() : columns.get(i).key();
        }

        @Override
        public int size() {
            return values.length;
        }

        /** The column named {@code key}, or -1. */
        private int indexOf(Object key) {
            for (int i = 0; i < values.length; i++) if (name(i).equals(key)) return i;
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < values.length; i++) action.accept(name(i), values[i]);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public int size() {
                    return values.length;
                }

                @Override
                public java.util.Iterator<Entry<String, Object>> iterator() {
                    return new java.util.Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < values.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (i >= values.length) throw new java.util.NoSuchElementException();
                            Entry<String, Object> e = new SimpleImmutableEntry<>(name(i), values[i]);
                            i++;
                            return e;
                        }
                    };
                }
            };
        }
    }

    /**
     * A column of a table: psutil's field name (JSON), the JMX item name (which carries the unit),
     * its type (a scalar {@link Type}), description and reader.
     */
    public record Column<R>(String key, String item, Type type, String description, Function<R, Object> read) {
    }

    public Metric {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(read, "read");
        if ((type == Type.TABLE) != (table != null))
            throw new IllegalArgumentException(key + ": a table, and only a table, has columns");
        if (attribute != null && kind == Kind.COUNTER && !attribute.endsWith("Total"))
            throw new IllegalArgumentException(attribute + " is a counter: its name ends in Total");
        if (prometheus != null && kind == Kind.COUNTER != prometheus.endsWith("_total"))
            throw new IllegalArgumentException(prometheus + ": counters, and only counters, end in _total");
        if (heavy && (prometheus != null || otel != null || sampled))
            throw new IllegalArgumentException(key + " is heavy: no exporter reads it, and the sampler does not");
    }

    /** psutil's dotted name: {@code key} or {@code key.field}. */
    public String psutilName() {
        return field == null ? key : key + "." + field;
    }

    /**
     * Whether a metrics library carries this value as an instrument: a number that is a counter or
     * a gauge, read as it is (not over the agent's sampling window), with an OpenTelemetry
     * instrument and a Prometheus name to derive names from.
     */
    public boolean instrumented() {
        return otel != null && prometheus != null && !sampled && (kind == Kind.GAUGE || kind == Kind.COUNTER);
    }

    /** Reads the value from {@code source}. */
    public Object readFrom(S source) {
        return read.apply(source);
    }

    /**
     * The values of {@code metrics} whose keys are in {@code keys} (null: every value psutil's
     * {@code as_dict()} has that is not {@link #heavy}), keyed and shaped as psutil's {@code as_dict()}: a value with a field
     * sits in a map under its key. A value the kernel denies, or that a zombie no longer has, makes
     * its whole key {@code adValue}, as psutil's {@code ad_value}; NoSuchProcess passes through.
     */
    static <S> Map<String, Object> asDict(List<Metric<S>> metrics, S source, java.util.Set<String> keys, Object adValue) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(64); // room for every key without growing
        java.util.Set<String> denied = null; // keys already adValue: their other fields are not read
        for (Metric<S> m : metrics) {
            if (!m.inAsDict() || (keys == null ? m.heavy() : !keys.contains(m.key()))) continue;
            if (denied != null && denied.contains(m.key())) continue;
            Object v;
            try {
                v = m.json(m.readFrom(source));
            } catch (AccessDenied | ZombieProcess e) {
                if (denied == null) denied = new java.util.HashSet<>();
                denied.add(m.key());
                out.put(m.key(), adValue);
                continue;
            }
            if (m.field() == null) {
                out.put(m.key(), v);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) out.computeIfAbsent(m.key(), k -> new java.util.LinkedHashMap<>());
                group.put(m.field(), v);
            }
        }
        return out;
    }

    /** A value as JSON takes it: tables as lists of psutil-keyed rows, I/O classes as psutil's numbers. */
    private Object json(Object v) {
        if (v instanceof IoClass c) return c.code();
        if (table == null) return v;
        java.util.List<Object> rows = new java.util.ArrayList<>();
        for (Object row : (List<?>) v) rows.add(table.jsonRow(row));
        return rows;
    }

    /** Joins single values and lists of values into one list, in order. */
    @SuppressWarnings("unchecked")
    static <S> List<Metric<S>> flatten(Object... items) {
        java.util.List<Metric<S>> out = new java.util.ArrayList<>();
        for (Object o : items) {
            if (o instanceof Metric<?> m) out.add((Metric<S>) m);
            else out.addAll((List<Metric<S>>) o);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Metric<S> m : out) {
            if (!seen.add(m.psutilName())) throw new IllegalStateException("two values named " + m.psutilName());
            if (m.attribute() != null && !seen.add("attribute " + m.attribute()))
                throw new IllegalStateException("two values on attribute " + m.attribute());
        }
        return List.copyOf(out);
    }

    // ---- building the catalogs: one short line per value ----------------------------------------

    static <S> Builder<S> of(String key, String field, Type type, Function<S, Object> read) {
        return new Builder<>(key, field, type, read);
    }

    /** Collects a value's optional parts; {@link #done} makes the Metric. */
    static final class Builder<S> {
        private final String key;
        private final String field;
        private final Type type;
        private final Function<S, Object> read;
        private String attribute;
        private Unit unit = Unit.NONE;
        private Kind kind;
        private String description;
        private String prometheus;
        private Otel otel;
        private boolean inAsDict = true;
        private boolean sampled;
        private boolean heavy;
        private Table<?> table;

        private Builder(String key, String field, Type type, Function<S, Object> read) {
            this.key = key;
            this.field = field;
            this.type = type;
            this.read = read;
            this.kind = switch (type) {
                case LONG, INTEGER, DOUBLE -> Kind.GAUGE;
                default -> Kind.OTHER;
            };
        }

        Builder<S> mbean(String attribute, String description) {
            this.attribute = attribute;
            this.description = description;
            return this;
        }

        /** Not on the MBeans: in JSON only. */
        Builder<S> describe(String description) {
            this.description = description;
            return this;
        }

        Builder<S> unit(Unit u) {
            this.unit = u;
            return this;
        }

        Builder<S> counter() {
            this.kind = Kind.COUNTER;
            return this;
        }

        Builder<S> label() {
            this.kind = Kind.LABEL;
            return this;
        }

        Builder<S> prometheus(String name) {
            this.prometheus = name;
            return this;
        }

        Builder<S> otel(Otel instrument, String... attributeKeyValues) {
            Map<String, String> attrs = new java.util.LinkedHashMap<>();
            for (int i = 0; i < attributeKeyValues.length; i += 2) attrs.put(attributeKeyValues[i], attributeKeyValues[i + 1]);
            this.otel = new Otel(instrument.name(), instrument.instrument(), instrument.unit(), instrument.description(), attrs);
            return this;
        }

        /** psutil's {@code as_dict()} leaves it out (as it does children and connections). */
        Builder<S> notInAsDict() {
            this.inAsDict = false;
            return this;
        }

        Builder<S> sampled() {
            this.sampled = true;
            return this;
        }

        /** Read only when asked for by name: see {@link Metric#heavy}. */
        Builder<S> heavy() {
            this.heavy = true;
            return this;
        }

        Builder<S> table(Table<?> t) {
            this.table = t;
            return this;
        }

        Metric<S> done() {
            return new Metric<>(key, field, attribute, type, unit, kind, description, prometheus, otel, inAsDict, sampled,
                    table, read, heavy);
        }
    }
}
