package io.github.jpsutil.micrometer;

import io.github.jpsutil.Metric;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.Status;
import io.github.jpsutil.micrometer.MeterNaming.Scope;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Meters of a process (by default the JVM itself) and of its descendants: each descendant by pid
 * (up to {@link MeterOptions#maxPids()}), the sum per executable name, and the sum over the whole
 * tree. The values are those of {@link ProcessMetrics#ALL} that are {@link Metric#instrumented()};
 * names come from {@link MeterNaming}.
 *
 * <p>Every {@link MeterOptions#interval()} a daemon thread lists the descendants and reads each once
 * (one oneshot view); meters show the values of that read. The meters of a descendant that exited
 * are removed at the next read, and those of an executable name when none of its processes is left.
 * A counter of a total keeps the last values read of the processes that exited, so that it never
 * goes down while the name (or the tree) lives; CPU time a process used after its last read is not
 * counted.
 */
public final class ProcessTreeMetrics implements MeterBinder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProcessTreeMetrics.class.getName());
    static final List<Metric<OsProcess>> VALUES = ProcessMetrics.ALL.stream().filter(Metric::instrumented).toList();

    private final OsProcess root;
    private final MeterOptions options;
    private final MeterNaming naming;
    private final Readings rootValues = new Readings(VALUES.size());
    private final Total tree = new Total();
    private final Map<Long, Member> members = new HashMap<>();
    private final Map<String, Total> byName = new LinkedHashMap<>();
    private final List<Meter> ownMeters = new ArrayList<>();
    private MeterRegistry registry;
    private ScheduledExecutorService timer;
    private int withMeters;

    /** One descendant: its handle (pid and start time), name, latest values and meters. */
    private static final class Member {
        final OsProcess handle;
        final String name;
        final Readings values = new Readings(VALUES.size());
        List<Meter> meters = List.of();

        Member(OsProcess handle, String name) {
            this.handle = handle;
            this.name = name;
        }
    }

    /** A sum: its values, the counters of processes that exited, and its meters. */
    private static final class Total {
        final Readings values = new Readings(VALUES.size());
        final double[] exited = new double[VALUES.size()];
        List<Meter> meters = List.of();
    }

    /** The JVM's own process and its descendants. */
    public ProcessTreeMetrics(MeterOptions options) {
        this(OsProcess.self(), options);
    }

    /** {@code root} and its descendants. */
    public ProcessTreeMetrics(OsProcess root, MeterOptions options) {
        this.root = java.util.Objects.requireNonNull(root, "root");
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.naming = options.naming();
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null)
            throw new IllegalStateException("already bound to a registry; bind one ProcessTreeMetrics per registry");
        this.registry = registry;
        String rootName = root.name();
        Tags rootTags = naming == MeterNaming.MICROMETER ? Tags.empty()
                : Tags.of(naming.pidTag(), Long.toString(root.pid()), naming.nameTag(), rootName);
        ownMeters.addAll(register(Scope.HOST, rootTags, rootValues));
        if (options.children()) tree.meters = register(Scope.TREE, Tags.empty(), tree.values);
        refresh();
        if (!options.interval().isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jpsutil-meters");
                t.setDaemon(true);
                return t;
            });
            long ms = options.interval().toMillis();
            timer.scheduleWithFixedDelay(this::refreshSafely, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops reading and removes every meter this binder registered. */
    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        if (registry == null) return;
        for (Member m : members.values()) removeAll(m.meters);
        for (Total t : byName.values()) removeAll(t.meters);
        members.clear();
        byName.clear();
        removeAll(tree.meters);
        removeAll(ownMeters);
        withMeters = 0;
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) { // a failed read must not end the schedule
            LOG.log(System.Logger.Level.WARNING, "jpsutil: reading the process tree failed", e);
        }
    }

    /** Reads the root and lists and reads its descendants now; adds and removes meters to match. */
    public synchronized void refresh() {
        if (registry == null) throw new IllegalStateException("bind to a registry first");
        try {
            rootValues.set(Readings.read(VALUES, root.oneshot()));
        } catch (NoSuchProcess e) {
            return; // the root is gone: its last values stay, as a process' last values do
        }
        if (!options.children()) return;
        Map<Long, OsProcess> found = new HashMap<>();
        for (OsProcess p : root.children(true)) found.put(p.pid(), p);
        for (Iterator<Member> it = members.values().iterator(); it.hasNext(); ) {
            Member m = it.next();
            if (!m.handle.equals(found.get(m.handle.pid()))) { // gone, or its pid holds another process now
                retire(m);
                it.remove();
            }
        }
        for (OsProcess p : found.values()) readDescendant(p);
        sumTotals();
    }

    private void readDescendant(OsProcess p) {
        Member m = members.get(p.pid());
        OsProcess view = p.oneshot();
        try {
            if (view.status() == Status.ZOMBIE) { // exited; its parent has not reaped it yet
                if (m != null) {
                    retire(m);
                    members.remove(p.pid());
                }
                return;
            }
            double[] v = Readings.read(VALUES, view);
            String name = view.name();
            if (m != null && !m.name.equals(name)) {
                // the same process ran exec (seen first as the JDK's jspawnhelper, say): new name, same counters
                dropMeters(m);
                m = null;
            }
            if (m == null) m = admit(p, name);
            m.values.set(v);
        } catch (NoSuchProcess e) {
            // exited between the listing and the read: the next refresh retires it
        }
    }

    private Member admit(OsProcess p, String name) {
        Member m = new Member(p, name);
        members.put(p.pid(), m);
        if (withMeters < options.maxPids()) {
            m.meters = register(Scope.DESCENDANT,
                    Tags.of(naming.pidTag(), Long.toString(p.pid()), naming.nameTag(), name), m.values);
            withMeters++;
        }
        byName.computeIfAbsent(name, n -> {
            Total t = new Total();
            t.meters = register(Scope.BY_NAME, Tags.of(naming.nameTag(), n), t.values);
            return t;
        });
        return m;
    }

    /** Removes an exited descendant's meters; its counters stay in the totals. */
    private void retire(Member m) {
        dropMeters(m);
        double[] last = m.values.all();
        for (int i = 0; i < VALUES.size(); i++) {
            if (VALUES.get(i).kind() != Metric.Kind.COUNTER || Double.isNaN(last[i])) continue;
            tree.exited[i] += last[i];
            Total t = byName.get(m.name);
            if (t != null) t.exited[i] += last[i];
        }
    }

    private void dropMeters(Member m) {
        if (!m.meters.isEmpty()) withMeters--;
        removeAll(m.meters);
        m.meters = List.of();
    }

    private void sumTotals() {
        Map<String, double[]> live = new HashMap<>();
        double[] all = new double[VALUES.size()];
        Readings.addInto(all, rootValues.all());
        for (Member m : members.values()) {
            Readings.addInto(all, m.values.all());
            Readings.addInto(live.computeIfAbsent(m.name, n -> new double[VALUES.size()]), m.values.all());
        }
        tree.values.set(withExited(all, tree));
        for (Iterator<Map.Entry<String, Total>> it = byName.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Total> e = it.next();
            double[] sum = live.get(e.getKey());
            if (sum == null) { // none of this name is left
                removeAll(e.getValue().meters);
                it.remove();
            } else {
                e.getValue().values.set(withExited(sum, e.getValue()));
            }
        }
    }

    private static double[] withExited(double[] live, Total t) {
        double[] out = live.clone();
        for (int i = 0; i < out.length; i++) out[i] += t.exited[i];
        return out;
    }

    private List<Meter> register(Scope scope, Tags tags, Readings source) {
        List<Meter> out = new ArrayList<>(VALUES.size());
        for (int i = 0; i < VALUES.size(); i++) {
            int index = i;
            out.add(meter(registry, naming, VALUES.get(i), scope, tags, source, s -> s.get(index)));
        }
        return out;
    }

    /** One meter of {@code metric}, reading {@code read} of {@code source}: a counter or a gauge, as the catalog says. */
    static <T> Meter meter(MeterRegistry registry, MeterNaming naming, Metric<?> metric, Scope scope, Tags tags,
                           T source, java.util.function.ToDoubleFunction<T> read) {
        String name = naming.name(metric, scope);
        Tags all = tags.and(naming.valueTags(metric));
        if (metric.kind() == Metric.Kind.COUNTER) {
            return FunctionCounter.builder(name, source, read).baseUnit(MeterNaming.baseUnit(metric))
                    .description(naming.description(metric)).tags(all).register(registry);
        }
        return Gauge.builder(name, source, read).baseUnit(MeterNaming.baseUnit(metric))
                .description(naming.description(metric)).tags(all).strongReference(true).register(registry);
    }

    private void removeAll(List<Meter> meters) {
        for (Meter m : meters) registry.remove(m);
    }

    /** How many descendants have meters of their own now (for tests and diagnostics). */
    synchronized int descendantsWithMeters() {
        return withMeters;
    }
}
