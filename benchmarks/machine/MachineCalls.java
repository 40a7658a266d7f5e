package io.github.jpsutil.bench;

import io.github.jpsutil.Psutil;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
        System.out.printf("%-34s %14s %14s %8s%n", "call", "jpsutil us", "psutil us", "ratio");
        Map<String, Double> py = psutilTimes(new ArrayList<>(calls.keySet()));
        for (Map.Entry<String, Callable<Object>> e : calls.entrySet()) {
            double ours = microsPerCall(e.getValue());
            double theirs = py.getOrDefault(e.getKey(), Double.NaN);
            System.out.printf("%-34s %14.1f %14.1f %7.1fx%n", e.getKey(), ours, theirs, theirs / ours);
        }
        tenThousandConnections(ps);
    }

    /** Median over rounds of the mean over a batch that lasts about 20 ms. */
    static double microsPerCall(Callable<Object> c) throws Exception {
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
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    /** The same calls in psutil, measured the same way (median of 15 batches of about 20 ms). */
    static Map<String, Double> psutilTimes(List<String> calls) throws Exception {
        StringBuilder s = new StringBuilder("import psutil, time, sys\n"
                + "def measure(f):\n"
                + "    for _ in range(50): f()\n"
                + "    t = time.perf_counter(); n = 0\n"
                + "    while time.perf_counter() - t < 0.02: f(); n += 1\n"
                + "    r = []\n"
                + "    for _ in range(15):\n"
                + "        t0 = time.perf_counter()\n"
                + "        for _ in range(n): f()\n"
                + "        r.append((time.perf_counter() - t0) * 1e6 / n)\n"
                + "    r.sort(); return r[len(r) // 2]\n");
        for (String c : calls)
            s.append("print(").append(quoted(c)).append(", measure(lambda: psutil.").append(c).append("))\n");
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : run(PYTHON, "-c", s.toString()).split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
        return out;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "\\'") + "'";
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
    static void tenThousandConnections(Psutil ps) throws Exception {
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
                double ours = median(5, () -> ps.netConnections("tcp"));
                double theirs = Double.parseDouble(run(PYTHON, "-c", "import psutil, time\nr = []\n"
                        + "for _ in range(3):\n    t = time.perf_counter(); psutil.net_connections('tcp'); r.append(time.perf_counter() - t)\n"
                        + "r.sort(); print(r[1] * 1e3)\n").trim());
                double ss = median(3, () -> run("ss", "-tanp"));
                System.out.printf("%nnet_connections('tcp') with %d loopback connections open (%d sockets listed)%n", n, seen);
                System.out.printf("  jpsutil %.1f ms, psutil %.1f ms (%.1fx faster), ss -tanp %.1f ms (%.2fx of ss' time)%n",
                        ours, theirs, theirs / ours, ss, ours / ss);
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

    private static double median(int runs, Callable<Object> c) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            c.call();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }
}
