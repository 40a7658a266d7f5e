package io.github.jpsutil.opentelemetry;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.ProcessMetrics;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Status;
import io.github.jpsutil.SystemMetrics;
import io.github.jpsutil.SystemView;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableMeasurement;

import java.util.List;
import java.util.Objects;

/**
 * OpenTelemetry instruments for a process (by default the JVM itself), each of its descendants and
 * the machine, following the semantic conventions for {@code process.*} and {@code system.*}
 * metrics: names, units, instrument kinds and attributes are those of the catalogs
 * ({@link ProcessMetrics}, {@link SystemMetrics}). Each process' points carry
 * {@code process.pid} and {@code process.executable.name}, since one SDK reports several
 * processes. Everything is read when the SDK collects: each process once, the machine once.
 *
 * <pre>{@code
 * JpsutilInstruments.register(GlobalOpenTelemetry.get());   // with the OpenTelemetry Java agent
 * }</pre>
 */
public final class JpsutilInstruments implements AutoCloseable {
    /** The instrumentation scope's name. */
    public static final String SCOPE = "io.github.jpsutil";
    static final AttributeKey<Long> PID = AttributeKey.longKey("process.pid");
    static final AttributeKey<String> EXECUTABLE_NAME = AttributeKey.stringKey("process.executable.name");

    private final OsProcess root;
    private final Psutil ps;
    private final boolean children;
    private final int maxPids;
    private final Instruments<OsProcess> process;
    private final Instruments<SystemView> machine;
    private final BatchCallback processCallback;
    private final BatchCallback machineCallback;
    private boolean closed;

    /**
     * Registers the instruments on {@code meter}.
     *
     * @param children whether to report the root's descendants
     * @param maxPids  how many descendants at most (in the order of a breadth-first walk) get points, so
     *                 that a service that forks a lot stays within the SDK's cardinality limit
     */
    public JpsutilInstruments(Meter meter, OsProcess root, boolean children, int maxPids) {
        Objects.requireNonNull(meter, "meter");
        if (maxPids < 0) throw new IllegalArgumentException("maxPids " + maxPids + " is negative");
        this.root = Objects.requireNonNull(root, "root");
        this.ps = Psutil.local();
        this.children = children;
        this.maxPids = maxPids;
        process = new Instruments<>(meter, ProcessMetrics.ALL);
        machine = new Instruments<>(meter, SystemMetrics.ALL);
        processCallback = batch(meter, process.observers(), this::observeProcesses);
        machineCallback = batch(meter, machine.observers(), () -> machine.record(ps.oneshot(), Attributes.empty()));
    }

    /** The JVM's process, its descendants (at most 100) and the machine, on the scope {@value #SCOPE}. */
    public static JpsutilInstruments register(OpenTelemetry openTelemetry) {
        return new JpsutilInstruments(openTelemetry.getMeter(SCOPE), OsProcess.self(), true, 100);
    }

    private static BatchCallback batch(Meter meter, List<ObservableMeasurement> observers, Runnable callback) {
        return meter.batchCallback(callback, observers.get(0),
                observers.subList(1, observers.size()).toArray(ObservableMeasurement[]::new));
    }

    private void observeProcesses() {
        if (!observe(root)) return;
        if (!children) return;
        int n = 0;
        for (OsProcess p : root.children(true)) {
            if (n >= maxPids) break;
            if (observe(p)) n++;
        }
    }

    /** Records one process' values; false when it has exited (or is a zombie). */
    private boolean observe(OsProcess p) {
        OsProcess view = p.oneshot();
        try {
            if (view.status() == Status.ZOMBIE) return false;
            process.record(view, Attributes.of(PID, p.pid(), EXECUTABLE_NAME, view.name()));
            return true;
        } catch (NoSuchProcess e) {
            return false;
        }
    }

    /** Removes the instruments' callbacks: nothing is read or reported after this. Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        processCallback.close();
        machineCallback.close();
    }
}
