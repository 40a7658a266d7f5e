package io.github.jpsutil.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 6, items 3 and 4: the host JVM that run.sh starts with and without {@code -javaagent}.
 * Uses JDK classes only, so that with and without the agent it loads and keeps the same things.
 *
 * <pre>
 * AgentHost startup            time to main, premain (with PremainTimer), time until the agent is ready
 * AgentHost cost N SECONDS     spawns N sleep children, waits until the agent tracks them (and takes
 *                              bench.warmup extra rounds), then the heap in use after full GCs and
 *                              the CPU used over SECONDS
 * AgentHost serve N            spawns N sleep children, waits until tracked, prints "ready", sleeps
 * AgentHost spawns RATE SECONDS  starts RATE short children ({@code true}) per second, 10 s unmeasured, then
 *                              SECONDS; reports the CPU the agent used meanwhile (the cost of following them)
 * </pre>
 * Prints one line of key=value words. System properties: {@code bench.launch} (bash's
 * EPOCHREALTIME just before the exec), {@code bench.agent=true} when the jpsutil agent is on,
 * {@code bench.pids} a file to write the children's pids to (run.sh's trap kills them).
 * The agent is ready when it has set {@code jpsutil.agent.options}: it does so after registering
 * its MBeans and taking its first sample.
 */
public final class AgentHost {
    private static final String READY_PROPERTY = "jpsutil.agent.options";
    /** Nanoseconds per clock tick of /proc/PID/stat; run.sh passes {@code getconf CLK_TCK} as bench.clktck. */
    static final long TICK_NANOS = 1_000_000_000L / Long.parseLong(System.getProperty("bench.clktck", "0").trim());

    private AgentHost() {
    }

    public static void main(String[] args) throws Exception {
        Instant mainAt = Instant.now();
        long mainNanos = System.nanoTime();
        long mainCpu = processCpuNanos();
        Map<String, Object> out = new LinkedHashMap<>();
        String mode = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        boolean agent = Boolean.getBoolean("bench.agent");
        double launchMicros = launchMicros();
        out.put("mode", mode);
        out.put("agent", agent);
        out.put("children", n);
        out.put("main_ms", (micros(mainAt) - launchMicros) / 1e3);
        out.put("cpu_main_ms", mainCpu / 1e6);
        String before = System.getProperty("bench.premain.before");
        String after = System.getProperty("bench.premain.after");
        if (before != null && after != null) {
            String[] b = before.split(" "), a = after.split(" ");
            out.put("premain_ms", (Long.parseLong(a[0]) - Long.parseLong(b[0])) / 1e6);
            out.put("premain_cpu_ms", (Long.parseLong(a[1]) - Long.parseLong(b[1])) / 1e6);
        }
        if (agent) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.getProperty(READY_PROPERTY) == null) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the agent did not start within 30 s");
                Thread.sleep(1);
            }
            Instant readyAt = Instant.now();
            out.put("ready_ms", (micros(readyAt) - launchMicros) / 1e3);
            out.put("ready_after_main_ms", (System.nanoTime() - mainNanos) / 1e6);
            out.put("cpu_ready_ms", processCpuNanos() / 1e6);
        }
        if (mode.equals("startup")) {
            print(out);
            return;
        }

        if (mode.equals("spawns")) {
            spawnsAtRate(n, Integer.parseInt(args[2]), agent, out);
            print(out);
            return;
        }
        List<Process> kids = spawn(n);
        try {
            if (agent) waitTracked(n);
            if (agent && mode.equals("cost")) warmUp(Integer.getInteger("bench.warmup", 0));
            if (mode.equals("serve")) {
                System.out.println("ready");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            int seconds = Integer.parseInt(args[2]);
            // Heap: what stays after full collections, the same children with and without the agent.
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) System.gc();
            out.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
            // CPU over a fixed window: the agent's own threads (ThreadMXBean) and the whole process.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] agentThreads = agentThreads(threads);
            Map<String, Long> k0 = cpuByKind();
            long s0 = samples(agent), a0 = cpu(threads, agentThreads), p0 = processCpuNanos(), t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long s1 = samples(agent), a1 = cpu(threads, agentThreads), p1 = processCpuNanos(), t1 = System.nanoTime();
            Map<String, Long> k1 = cpuByKind();
            out.put("window_s", (t1 - t0) / 1e9);
            out.put("agent_threads", agentThreads.length);
            out.put("agent_cpu_ms", (a1 - a0) / 1e6);
            out.put("process_cpu_ms", (p1 - p0) / 1e6);
            out.put("samples", s1 - s0);
            out.put("threads", threads.getThreadCount());
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                out.put("open_fds", fds.count() - 1); // less the listing's own descriptor
            }
            // Where the rest of the process' CPU time went (threads alive at both ends; schedstat).
            for (String kind : List.of("jit", "gc", "vm", "other"))
                out.put(kind + "_cpu_ms", (k1.getOrDefault(kind, 0L) - k0.getOrDefault(kind, 0L)) / 1e6);
            print(out);
        } finally {
            for (Process p : kids) p.destroyForcibly();
            for (Process p : kids) p.waitFor();
        }
    }

    /**
     * Starts {@code rate} children per second (each {@code true}, which exits at once) for
     * {@code seconds}, reaped as they end; the agent's and the process' CPU over that window.
     */
    private static void spawnsAtRate(int rate, int seconds, boolean agent, Map<String, Object> out) throws Exception {
        // The same for 10 s first, not measured: the agent's code compiled, as in a host that has run a while.
        spawnAtRate(rate, 10);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] agentThreads = agentThreads(threads);
        long exited0 = agent ? agentCounter("ProcessesExitedTotal") : 0;
        long a0 = cpu(threads, agentThreads), p0 = processCpuNanos(), t0 = System.nanoTime();
        int started = spawnAtRate(rate, seconds);
        Thread.sleep(1000); // the last exits reach the agent
        long a1 = cpu(threads, agentThreads), p1 = processCpuNanos(), t1 = System.nanoTime();
        out.put("rate", rate);
        out.put("started", started);
        out.put("window_s", (t1 - t0) / 1e9);
        out.put("agent_threads", agentThreads.length);
        out.put("agent_cpu_ms", (a1 - a0) / 1e6);
        out.put("agent_cpu_percent", 100.0 * (a1 - a0) / (t1 - t0));
        out.put("process_cpu_ms", (p1 - p0) / 1e6);
        if (agent) out.put("exited_seen", agentCounter("ProcessesExitedTotal") - exited0);
    }

    /** Starts rate children ({@code true}) per second for seconds, reaping them; how many were started. */
    private static int spawnAtRate(int rate, int seconds) throws Exception {
        long period = 1_000_000_000L / rate, t0 = System.nanoTime();
        int started = 0;
        List<Process> running = new ArrayList<>();
        for (long next = t0; next < t0 + seconds * 1_000_000_000L; next += period) {
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            running.add(new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            started++;
            running.removeIf(p -> !p.isAlive());
        }
        for (Process p : running) p.waitFor();
        return started;
    }

    private static long agentCounter(String name) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("jpsutil:type=Agent"), name))
                .longValue();
    }

    private static void print(Map<String, Object> out) {
        StringBuilder b = new StringBuilder();
        out.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println(b);
        System.out.flush();
    }

    private static double micros(Instant i) {
        return i.getEpochSecond() * 1e6 + i.getNano() / 1e3;
    }

    private static double launchMicros() {
        String s = System.getProperty("bench.launch");
        if (s == null) return Double.NaN;
        return Double.parseDouble(s.replace(',', '.')) * 1e6;
    }

    /** Starts n `sleep` children (bounded, so that nothing outlives a broken run for long). */
    private static List<Process> spawn(int n) throws IOException {
        List<Process> kids = new ArrayList<>();
        StringBuilder pids = new StringBuilder();
        String file = System.getProperty("bench.pids");
        try {
            for (int i = 0; i < n; i++) {
                Process p = new ProcessBuilder("sleep", "900").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                kids.add(p);
                pids.append(p.pid()).append('\n');
            }
        } finally {
            if (file != null) Files.writeString(Path.of(file), pids);
        }
        return kids;
    }

    /** Has the agent discover the children now (its refresh operation), then waits until it tracks them all. */
    private static void waitTracked(int n) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("jpsutil:type=Agent");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (((Number) mbs.getAttribute(agent, "TrackedProcesses")).intValue() < n + 1) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the agent does not track " + n + " children");
            mbs.invoke(agent, "refresh", null, null);
        }
    }

    /**
     * Has the agent take this many extra sampling rounds (its refresh operation, run on its own
     * thread; at most 15 s of them), so that the window measures rounds of compiled code, as after
     * 25 minutes of running at the default interval, not the first rounds of a cold JVM (whose JIT
     * compilations would cost more than the rounds themselves); then lets the compiler threads finish.
     */
    private static void warmUp(int rounds) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("jpsutil:type=Agent");
        long deadline = System.nanoTime() + 15_000_000_000L; // with 1,000 children a round takes ~0.2 s
        for (int i = 0; i < rounds && System.nanoTime() < deadline; i++) mbs.invoke(agent, "refresh", null, null);
        if (rounds > 0) Thread.sleep(3000);
    }

    private static long samples(boolean agent) throws Exception {
        if (!agent) return 0;
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("jpsutil:type=Agent"),
                "SamplesTotal")).longValue();
    }

    private static long[] agentThreads(ThreadMXBean threads) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jpsutil"))
                .mapToLong(Thread::getId).toArray();
    }

    private static long cpu(ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) sum += Math.max(0, threads.getThreadCpuTime(id));
        return sum;
    }

    /** CPU time of this process' live threads by kind (compiler, GC, VM, other), from /proc/self/task/TID/{comm,schedstat}. */
    static Map<String, Long> cpuByKind() throws IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    String sched = Files.readString(t.resolve("schedstat"));
                    long ns = Long.parseLong(sched.substring(0, sched.indexOf(' ')));
                    String kind = comm.contains("Compiler") ? "jit"
                            : comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic") ? "gc"
                            : comm.equals("VM Thread") ? "vm" : "other";
                    m.merge(kind, ns, Long::sum);
                } catch (IOException e) {
                    // the thread ended
                }
            }
        }
        return m;
    }

    /** User + kernel time of this process, threads that ended included (/proc/self/stat, in clock ticks). */
    static long processCpuNanos() throws IOException {
        return statCpuNanos(Path.of("/proc/self/stat"));
    }

    static long statCpuNanos(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }
}
