package io.github.jpsutil.bench;

import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;
import io.github.jpsutil.Psutil;
import jdk.jfr.consumer.RecordingStream;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which way sees every child of this JVM at birth with its exit status: the ways the agent could
 * take, measured on the running JDK with N children ({@code sh -c 'exit 3'}, about a millisecond
 * each), one every 20 ms.
 * <ul>
 * <li>JFR's jdk.ProcessStart, streamed in-process: how late each event arrives, and whether the
 *     JDK's exit future (ProcessHandleImpl's completions) is still there to be taken by then;</li>
 * <li>the completions map looked at every 100 ms (the agent's shortest interval);</li>
 * <li>the kernel's process events connector: exits seen, with status 3, and how late.</li>
 * </ul>
 * Run with {@code --add-opens java.base/java.lang=ALL-UNNAMED}; prints one line of key=value words.
 */
public final class ChildSources {
    private ChildSources() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Field f = Class.forName("java.lang.ProcessHandleImpl").getDeclaredField("completions");
        f.setAccessible(true);
        Map<?, ?> completions = (Map<?, ?>) f.get(null);
        Map<Long, Long> startedAt = new ConcurrentHashMap<>();
        AtomicInteger jfrEvents = new AtomicInteger(), jfrFutureStillThere = new AtomicInteger();
        Map<Long, Long> jfrLatency = new ConcurrentHashMap<>();
        Map<Long, Boolean> polledAlive = new ConcurrentHashMap<>();
        AtomicInteger connectorExits = new AtomicInteger(), connectorStatus3 = new AtomicInteger();
        Map<Long, Long> exitedAt = new ConcurrentHashMap<>(), connectorLatency = new ConcurrentHashMap<>();

        try (RecordingStream jfr = new RecordingStream(); ProcessEventStream events = Psutil.local().processEvents()) {
            jfr.enable("jdk.ProcessStart");
            jfr.onEvent("jdk.ProcessStart", e -> {
                long pid = e.getLong("pid");
                Long t = startedAt.get(pid);
                if (t == null) return;
                jfrEvents.incrementAndGet();
                jfrLatency.put(pid, System.nanoTime() - t);
                if (completions.containsKey(pid)) jfrFutureStillThere.incrementAndGet();
            });
            jfr.startAsync();
            Thread poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (Object pid : completions.keySet()) polledAlive.put((Long) pid, true);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.setDaemon(true);
            poller.start();
            long self = ProcessHandle.current().pid();
            Thread reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    ProcessEvent e = events.next();
                    if (e == null || e.kind() != ProcessEvent.Kind.EXIT || e.parentPid() != self) continue;
                    connectorExits.incrementAndGet();
                    if (e.exitStatus() == 3) connectorStatus3.incrementAndGet();
                    connectorLatency.put(e.pid(), System.nanoTime() - e.nanos());
                }
            });
            reader.setDaemon(true);
            reader.start();
            for (int i = 0; i < n; i++) {
                Process p = new ProcessBuilder("sh", "-c", "exit 3").start();
                startedAt.put(p.pid(), System.nanoTime());
                p.onExit().thenRun(() -> exitedAt.put(p.pid(), System.nanoTime()));
                Thread.sleep(20);
            }
            Thread.sleep(3000); // JFR flushes about once a second
            poller.interrupt();
            reader.interrupt();
            reader.join();
        }
        long polled = startedAt.keySet().stream().filter(polledAlive::containsKey).count();
        System.out.printf(java.util.Locale.ROOT,
                "java=%s children=%d jfr_events=%d jfr_median_latency_ms=%.0f jfr_exit_future_still_there=%d"
                        + " polled_100ms_seen=%d connector_exits=%d connector_status_3=%d connector_median_latency_ms=%.2f%n",
                Runtime.version(), n, jfrEvents.get(), median(jfrLatency) / 1e6, jfrFutureStillThere.get(), polled,
                connectorExits.get(), connectorStatus3.get(), median(connectorLatency) / 1e6);
    }

    private static double median(Map<Long, Long> m) {
        long[] v = m.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }
}
