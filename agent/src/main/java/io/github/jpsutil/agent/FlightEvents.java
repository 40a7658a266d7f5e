package io.github.jpsutil.agent;

import io.github.jpsutil.CpuTimes;
import io.github.jpsutil.MemoryInfo;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * The agent's JDK Flight Recorder events: {@link ProcessSampleEvent} (periodic) and
 * {@link ProcessExitEvent}. Both are disabled by default: with no recording that enables them the
 * periodic hook never runs and an exit costs one check. Where the runtime has no jdk.jfr module,
 * nothing happens at all.
 */
final class FlightEvents {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static volatile Psutil ps;
    private static boolean installed;

    private FlightEvents() {
    }

    /**
     * Registers the event types as soon as Flight Recorder is up (now, or when a recording starts
     * later), so that the JVM does not start Flight Recorder for them.
     */
    static synchronized void install(Psutil psutil, Supplier<Collection<Tracked>> tracked) {
        if (!AVAILABLE || installed) return; // once per JVM: a later start of the agent reads the same supplier
        installed = true;
        ps = psutil;
        Runnable sample = () -> sample(tracked.get());
        try {
            jdk.jfr.FlightRecorder.addListener(new jdk.jfr.FlightRecorderListener() {
                @Override
                public void recorderInitialized(jdk.jfr.FlightRecorder recorder) {
                    jdk.jfr.FlightRecorder.register(ProcessExitEvent.class);
                    jdk.jfr.FlightRecorder.addPeriodicEvent(ProcessSampleEvent.class, sample);
                }
            });
        } catch (RuntimeException | LinkageError e) { // the MBeans do not depend on Flight Recorder
            Log.line("Flight Recorder events are off (" + Errors.message(e) + ")");
        }
    }

    /** Records that {@code t} exited, and how. */
    static void exited(Tracked t, Exit exit) {
        if (!AVAILABLE || ps == null) return;
        ProcessExitEvent e = new ProcessExitEvent();
        if (!e.isEnabled()) return;
        e.pid = t.pid();
        e.name = t.name;
        e.statusKnown = exit.status() != null;
        e.status = exit.status() == null ? -1 : exit.status();
        e.lifetime = Double.isNaN(exit.lifetimeSeconds()) ? 0 : (long) (exit.lifetimeSeconds() * 1e9);
        e.commit();
    }

    private static void sample(Collection<Tracked> tracked) {
        for (Tracked t : tracked) {
            if (t.handle == null) continue; // gone before it could be read
            OsProcess v = t.handle.oneshot();
            ProcessSampleEvent e = new ProcessSampleEvent();
            try {
                CpuTimes cpu = v.cpuTimes();
                MemoryInfo mem = v.memoryInfo();
                e.pid = t.pid();
                e.ppid = v.ppid();
                e.name = v.name(); // now: the name first seen may be that of the JDK's spawn helper before exec
                e.scope = t.scope;
                e.cpuUser = (long) (cpu.user() * 1e9);
                e.cpuSystem = (long) (cpu.system() * 1e9);
                e.cpuLoad = t.cpuPercent / 100;
                e.rss = mem.rss();
                e.vms = mem.vms();
                e.threads = v.numThreads();
            } catch (RuntimeException ex) {
                continue; // exited since it was tracked, or denied: no sample
            }
            e.commit();
        }
    }
}
