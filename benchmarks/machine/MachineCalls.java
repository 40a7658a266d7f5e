package io.github.jpsutil.bench;

import io.github.jpsutil.Psutil;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * jpsutil's machine-wide calls beside psutil 5.9.4's same calls, measured in one run on this
 * machine, and system-wide connections with 10,000 loopback TCP connections open (made here on
 * 127.0.0.1 and closed after) beside psutil's net_connections and `ss -tanp`. Run by machine.sh.
 */
public final class MachineCalls {
    private static final String PYTHON = System.getProperty("psutil.python", "/usr/bin/python3");

    public static void main(String[] args) throws Exception {
        Psutil ps = Psutil.local();
        Map<String, Callable<Object>> calls = new LinkedHashMap<>();
        calls.put("cpu_times(percpu=True)", ps::cpuTimesPercpu);
        calls.put("cpu_percent(percpu=True)", () -> ps.cpuPercentPercpu(null));
        calls.put("cpu_times_percent()", () -> ps.cpuTimesPercent(null));
        calls.put("cpu_count(logical=False)", () -> ps.cpuCount(false));
        calls.put("cpu_stats()", ps::cpuStats);
        calls.put("cpu_freq()", ps::cpuFreq);
        calls.put("getloadavg()", ps::getloadavg);
        calls.put("disk_partitions()", () -> ps.diskPartitions(false));
        calls.put("disk_usage('/')", () -> ps.diskUsage("/"));
        calls.put("disk_io_counters()", ps::diskIoCounters);
        calls.put("disk_io_counters(perdisk=True)", ps::diskIoCountersPerdisk);
        calls.put("net_io_counters()", ps::netIoCounters);
        calls.put("net_io_counters(pernic=True)", ps::netIoCountersPernic);
        calls.put("net_if_addrs()", ps::netIfAddrs);
        calls.put("net_if_stats()", ps::netIfStats);
        calls.put("net_connections('inet')", () -> ps.netConnections("inet"));
        calls.put("sensors_temperatures()", ps::sensorsTemperatures);
        calls.put("sensors_battery()", ps::sensorsBattery);
        calls.put("users()", ps::users);
        // arguments: only the calls whose name contains one of them, and no 10,000 connections
        if (args.length > 0) calls.keySet().removeIf(name -> Arrays.stream(args).noneMatch(name::contains));
        System.out.printf("%-34s %11s %11s %11s %9s %-9s %s%n", "call", "jpsutil us", "psutil us", "jps/psutil", "x faster",
                "target 2x", "medians: jpsutil / psutil us");
        try (PsutilSide py = new PsutilSide()) {
            for (Map.Entry<String, Callable<Object>> e : calls.entrySet()) {
                // in turn, five times each, so that both see the same load; per side the fastest
                // batch (the call undisturbed by other work) and the median batch
                double[][] ours = new double[5][];
                double[][] theirs = new double[5][];
                for (int i = 0; i < 5; i++) {
                    theirs[i] = py.microsPerCall(e.getKey());
                    ours[i] = microsPerCall(e.getValue());
                }
                double j = best(ours), p = best(theirs);
                System.out.printf("%-34s %11.1f %11.1f %11.2f %8.1fx %-9s %.1f / %.1f%n", e.getKey(), j, p, j / p, p / j,
                        p / j >= 2 ? "met" : "not met", medianOfMedians(ours), medianOfMedians(theirs));
            }
            System.out.println("us: the fastest batch's mean per call over 5 x 15 batches of about 20 ms per side, in turn;"
                    + " jps/psutil: jpsutil's time / psutil's (0.5 or less meets 2x); x faster: psutil's / jpsutil's");
            if (args.length == 0) tenThousandConnections(ps, py);
        }
    }

    private static double best(double[][] runs) {
        double b = Double.MAX_VALUE;
        for (double[] r : runs) b = Math.min(b, r[1]);
        return b;
    }

    private static double medianOfMedians(double[][] runs) {
        double[] m = new double[runs.length];
        for (int i = 0; i < runs.length; i++) m[i] = runs[i][0];
        return median(m);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The median and the fastest of 15 batches of about 20 ms (mean per call in each), after a warm-up. */
    static double[] microsPerCall(Callable<Object> c) throws Exception {
        for (int i = 0; i < 200; i++) c.call();
        long t = System.nanoTime();
        int batch = 0;
        while (System.nanoTime() - t < 20_000_000L) {
            c.call();
            batch++;
        }
        double[] rounds = new double[15];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) c.call();
            rounds[r] = (System.nanoTime() - t0) / 1000.0 / batch;
        }
        return new double[]{median(rounds), Arrays.stream(rounds).min().getAsDouble()};
    }

    /** A warm Python process with psutil that times one call per request, as {@link #microsPerCall} does. */
    static final class PsutilSide implements AutoCloseable {
        private final Process python;
        private final BufferedReader from;
        private final PrintWriter to;

        PsutilSide() throws Exception {
            python = new ProcessBuilder(PYTHON, "-c", "import psutil, time, sys\n"
                    + "def measure(f):\n"
                    + "    for _ in range(50): f()\n"
                    + "    t = time.perf_counter(); n = 0\n"
                    + "    while time.perf_counter() - t < 0.02: f(); n += 1\n"
                    + "    r = []\n"
                    + "    for _ in range(15):\n"
                    + "        t0 = time.perf_counter()\n"
                    + "        for _ in range(n): f()\n"
                    + "        r.append((time.perf_counter() - t0) * 1e6 / n)\n"
                    + "    r.sort(); return '%f %f' % (r[len(r) // 2], r[0])\n"
                    + "def once(f):\n"
                    + "    t = time.perf_counter(); f(); return (time.perf_counter() - t) * 1e6\n"
                    + "for line in sys.stdin:\n"
                    + "    how, call = line.strip().split(' ', 1)\n"
                    + "    f = eval('lambda: psutil.' + call)\n"
                    + "    print(measure(f) if how == 'batch' else once(f), flush=True)\n")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            from = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
            to = new PrintWriter(python.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /** psutil's times of {@code call} (a call of the psutil module) in batches: the median and the fastest. */
        double[] microsPerCall(String call) throws Exception {
            String[] f = ask("batch " + call).split(" ");
            return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        }

        /** psutil's time of one call. */
        double microsOnce(String call) throws Exception {
            return Double.parseDouble(ask("once " + call));
        }

        private String ask(String request) throws Exception {
            to.println(request);
            String line = from.readLine();
            if (line == null) throw new IllegalStateException("psutil's side ended at " + request);
            return line.trim();
        }

        @Override
        public void close() throws Exception {
            to.close();
            python.waitFor();
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd).substring(0, 30) + " failed: " + out);
        return out;
    }

    /**
     * 10,000 loopback connections: this JVM accepts them, a Python child (plain sockets) opens
     * them, so that neither process needs more than 10,000 descriptors; both are closed after.
     */
    static void tenThousandConnections(Psutil ps, PsutilSide py) throws Exception {
        int n = Integer.getInteger("connections", 10_000);
        List<Socket> accepted = new ArrayList<>(n);
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"))) {
            Process client = new ProcessBuilder(PYTHON, "-c", "import socket, sys\n"
                    + "s = [socket.create_connection(('127.0.0.1', " + server.getLocalPort() + ")) for _ in range(" + n + ")]\n"
                    + "print('open', flush=True)\nsys.stdin.read()\n").redirectErrorStream(true).start();
            try {
                Thread acceptor = new Thread(() -> {
                    try {
                        while (accepted.size() < n) accepted.add(server.accept());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                acceptor.start();
                BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                String line = r.readLine();
                if (!"open".equals(line)) throw new IllegalStateException("the client did not open its connections: " + line);
                acceptor.join();
                int seen = ps.netConnections("tcp").size();
                py.microsOnce("net_connections('tcp')"); // warm-up of psutil's side
                double[] ours = new double[9], theirs = new double[9], ss = new double[9];
                for (int i = 0; i < 9; i++) { // in turn: the same sockets, the same load
                    theirs[i] = py.microsOnce("net_connections('tcp')") / 1000;
                    ours[i] = millis(() -> ps.netConnections("tcp"));
                    ss[i] = millis(() -> run("ss", "-tanp"));
                }
                double j = median(ours), p = median(theirs), s = median(ss);
                System.out.printf("%nnet_connections('tcp') with %d loopback connections open (%d sockets listed), median of 9 in turn%n", n, seen);
                System.out.printf("  jpsutil %.1f ms, psutil %.1f ms: jps/psutil %.2f, %.1fx faster (target 3x: %s)%n",
                        j, p, j / p, p / j, p / j >= 3 ? "met" : "not met");
                System.out.printf("  ss -tanp %.1f ms: jpsutil takes %.2f of ss' time (target: no slower than ss: %s)%n",
                        s, j / s, j <= s ? "met" : "not met");
            } finally {
                try (OutputStream in = client.getOutputStream()) {
                    in.write('\n');
                } catch (Exception e) {
                    // already gone
                }
                if (!client.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) client.destroyForcibly().waitFor();
                for (Socket s : accepted) s.close();
            }
        }
    }

    private static double millis(Callable<Object> c) throws Exception {
        long t0 = System.nanoTime();
        c.call();
        return (System.nanoTime() - t0) / 1e6;
    }
}
