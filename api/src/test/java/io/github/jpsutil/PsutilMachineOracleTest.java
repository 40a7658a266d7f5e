package io.github.jpsutil;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Machine-wide values beside psutil 5.9.4 (Debian's python3-psutil) read at the same moment:
 * a value that only grows lies between our readings before and after psutil's; a value that
 * moves (memory, load) agrees within a stated margin; a fixed one (cores, clock bounds) is equal.
 */
class PsutilMachineOracleTest {
    private final Psutil ps = Psutil.local();

    @BeforeAll
    static void psutilPresent() {
        PsutilOracle.assumePresent();
    }

    /** Runs a psutil expression per line of output: "name v1 v2 ...", floats printed with repr. */
    static Map<String, double[]> psutil(String... nameAndExpression) {
        StringBuilder script = new StringBuilder("import psutil\ndef out(n, v):\n"
                + "    v = [float('nan') if x is None else float(x) for x in (v if isinstance(v, (tuple, list)) else [v])]\n"
                + "    print(n, ' '.join(repr(x) for x in v))\n");
        for (int i = 0; i < nameAndExpression.length; i += 2)
            script.append("out('").append(nameAndExpression[i]).append("', ").append(nameAndExpression[i + 1]).append(")\n");
        Map<String, double[]> out = new HashMap<>();
        for (String line : Live.run("/usr/bin/python3", "-c", script.toString()).split("\n")) {
            String[] f = line.trim().split(" ");
            double[] v = new double[f.length - 1];
            for (int i = 1; i < f.length; i++) v[i - 1] = Double.parseDouble(f[i]);
            out.put(f[0], v);
        }
        return out;
    }

    private static void between(String what, double before, double psutil, double after, double slack) {
        assertThat(psutil).as(what + ": psutil's reading between ours before (" + before + ") and after (" + after + ")")
                .isBetween(before - slack, after + slack);
    }

    @Test
    void perCpuTimesAndEventCounts() {
        List<SystemCpuTimes> before = ps.cpuTimesPercpu();
        CpuStats statsBefore = ps.cpuStats();
        Map<String, double[]> py = psutil("n", "len(psutil.cpu_times(percpu=True))",
                "cpu0", "psutil.cpu_times(percpu=True)[0]", "last", "psutil.cpu_times(percpu=True)[-1]",
                "stats", "psutil.cpu_stats()");
        List<SystemCpuTimes> after = ps.cpuTimesPercpu();
        CpuStats statsAfter = ps.cpuStats();
        assertThat(before).hasSize((int) py.get("n")[0]).hasSize(ps.cpuCount());
        double tick = 1.0 / ps.clockTicks();
        for (String which : new String[]{"cpu0", "last"}) {
            int i = which.equals("cpu0") ? 0 : before.size() - 1;
            double[] p = py.get(which);
            double[] b = fields(before.get(i));
            double[] a = fields(after.get(i));
            for (int f = 0; f < 10; f++) between(which + " field " + f, b[f], p[f], a[f], tick);
        }
        double[] s = py.get("stats");
        between("ctx_switches", statsBefore.ctxSwitches(), s[0], statsAfter.ctxSwitches(), 0);
        between("interrupts", statsBefore.interrupts(), s[1], statsAfter.interrupts(), 0);
        between("soft_interrupts", statsBefore.softInterrupts(), s[2], statsAfter.softInterrupts(), 0);
        assertThat(s[3]).isEqualTo(statsAfter.syscalls()).isZero();
    }

    private static double[] fields(SystemCpuTimes t) {
        return new double[]{t.user(), t.nice(), t.system(), t.idle(), t.iowait(), t.irq(), t.softirq(), t.steal(),
                t.guest(), t.guestNice()};
    }

    @Test
    void coresClockAndLoad() {
        Map<String, double[]> py = psutil("physical", "psutil.cpu_count(logical=False)", "freq", "psutil.cpu_freq()",
                "nfreq", "len(psutil.cpu_freq(percpu=True))", "load", "psutil.getloadavg()");
        assertThat(ps.cpuCount(false)).isEqualTo((int) py.get("physical")[0]);
        assertThat(ps.cpuFreqPercpu()).hasSize((int) py.get("nfreq")[0]);
        double[] f = py.get("freq");
        CpuFreq ours = ps.cpuFreq().orElseThrow();
        // the current clock moves where cpufreq scales it; the bounds do not
        assertThat(ours.current()).isCloseTo(f[0], within(Math.max(1.0, f[2] * 0.5)));
        assertThat(ours.min()).isEqualTo(f[1]);
        assertThat(ours.max()).isEqualTo(f[2]);
        // /proc/loadavg changes every 5 s, by little on a machine whose load is steady
        LoadAverage l = ps.getloadavg();
        double[] p = py.get("load");
        assertThat(l.load1()).isCloseTo(p[0], within(Math.max(1.0, p[0] * 0.3)));
        assertThat(l.load5()).isCloseTo(p[1], within(Math.max(0.5, p[1] * 0.1)));
        assertThat(l.load15()).isCloseTo(p[2], within(Math.max(0.5, p[2] * 0.1)));
    }

    @Test
    void everyFieldOfVirtualAndSwapMemory() {
        long margin = 256L << 20; // other builds allocate and free memory between the two readings
        VirtualMemory v;
        SwapMemory sw;
        Map<String, double[]> py;
        SwapMemory sw2;
        // A reading on each side of psutil's; taken again (up to 5 times) when the machine's own memory
        // moved by more than the margin meanwhile, which says nothing of either library.
        int attempt = 0;
        do {
            v = ps.virtualMemory();
            sw = ps.swapMemory();
            py = psutil("vm", "psutil.virtual_memory()", "swap", "psutil.swap_memory()");
            sw2 = ps.swapMemory();
        } while (++attempt < 5 && !steady(v, ps.virtualMemory(), margin));
        double[] m = py.get("vm");
        double[] ours = fields(v);
        assertThat(ours[0]).isEqualTo(m[0]);
        for (int i = 1; i < ours.length; i++)
            assertThat(ours[i]).as("virtual_memory field %d", i).isCloseTo(m[i], within(i == 2 ? margin * 100.0 / v.total() : margin));
        double[] s = py.get("swap");
        assertThat((double) sw.total()).isEqualTo(s[0]);
        assertThat((double) sw.used()).isCloseTo(s[1], within((double) margin));
        between("sin", sw.sin(), s[4], sw2.sin(), 0);
        between("sout", sw.sout(), s[5], sw2.sout(), 0);
    }

    /** total, available, percent, used, free, active, inactive, buffers, cached, shared, slab: psutil's order. */
    private static double[] fields(VirtualMemory v) {
        return new double[]{v.total(), v.available(), v.percent(), v.used(), v.free(), v.active(), v.inactive(), v.buffers(),
                v.cached(), v.shared(), v.slab()};
    }

    /** Whether no field but percent moved by more than {@code margin} bytes from one reading to the other. */
    private static boolean steady(VirtualMemory a, VirtualMemory b, long margin) {
        double[] x = fields(a), y = fields(b);
        for (int i = 0; i < x.length; i++) if (i != 2 && Math.abs(x[i] - y[i]) > margin) return false;
        return true;
    }

    @Test
    void sharesOfCpuTimeOverAnInterval() {
        // psutil divides by at least one second of CPU time: the window must hold more than that to add up
        SystemCpuTimes t = ps.cpuTimesPercent(Duration.ofMillis(1000));
        double sum = t.user() + t.nice() + t.system() + t.idle() + t.iowait() + t.irq() + t.softirq() + t.steal();
        assertThat(sum).as("modes other than guest add up to 100%").isCloseTo(100.0, within(1.0));
        List<Double> perCpu = ps.cpuPercentPercpu(Duration.ofMillis(300));
        assertThat(perCpu).hasSize(ps.cpuCount()).allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
        // psutil over the same kind of window on a machine that stays busy: both see a share, not a single figure
        double[] py = psutil("pct", "psutil.cpu_percent(interval=0.3, percpu=True)").get("pct");
        assertThat(py).hasSize(perCpu.size());
    }

    @Test
    void loadAverageAsUptimeShowsIt() {
        Assumptions.assumeTrue(Live.commandExists("uptime"), "procps uptime is not installed");
        LoadAverage before = ps.getloadavg();
        String line = Live.run("uptime");
        LoadAverage after = ps.getloadavg();
        String[] f = line.substring(line.indexOf("load average:") + 13).trim().split(",\\s*");
        double[] shown = {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        double[][] ours = {{before.load1(), after.load1()}, {before.load5(), after.load5()}, {before.load15(), after.load15()}};
        for (int i = 0; i < 3; i++) {
            // uptime prints two decimals of the same file, which may change between the readings
            boolean agrees = Math.abs(ours[i][0] - shown[i]) < 0.0051 || Math.abs(ours[i][1] - shown[i]) < 0.0051;
            assertThat(agrees).as("load %d: uptime %s, ours %s", i, shown[i], java.util.Arrays.toString(ours[i])).isTrue();
        }
    }
}
