"""Prints run.sh's table from the files it wrote (benchmarks/target/run). Any Python 3.

Every figure is microseconds per process. Elapsed ("wall") time: the mean over measurement
passes (JMH iterations of all forks; floor and psutil passes or batches), with the standard
deviation of those passes; the targets are judged on it. CPU time: user + kernel time of the
measuring thread (JMH) or process (floor, psutil) over all passes, divided by the processes read;
a busy machine inflates it much less than the elapsed time.

run.sh measures the floor before and after every other measurement; each row is compared with
the floor measured around it (the mean of the two), since the load of a shared machine drifts
during a run. "x jpsutil" compares those floor ratios, so it too is free of the drift.
"""
import json
import os
import statistics
import sys

NAN = float("nan")


def machine(path):
    """run.sh's machine.txt: key=value lines."""
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    out[k] = v
    return out


def words(path):
    """The one line of key=value words that floor and psutil_bench.py print, or {}."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return dict(w.split("=", 1) for w in f.read().split() if "=" in w)


def measured(path):
    """(wall mean, wall sd, cpu) from a floor or psutil line, or None."""
    d = words(path)
    if "us_per_process" not in d:
        return None
    return float(d["us_per_process"]), float(d["sd"]), float(d.get("cpu_us_per_process", NAN))


def floors(out, mode, numbers):
    """The mean of the floor runs with these numbers (wall mean, wall sd, cpu), or None."""
    runs = [m for m in (measured(os.path.join(out, "floor_%s_%d.txt" % (mode, n))) for n in numbers) if m]
    if not runs:
        return None
    return tuple(statistics.mean(r[i] for r in runs) for i in range(3))


def jmh(path, benchmark, listing):
    """(wall mean, wall sd, cpu) in us per process from JMH's JSON, or None."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        results = json.load(f)
    for r in results:
        if r["benchmark"].endswith("." + benchmark):
            if listing:  # processes per second, per iteration -> us per process
                raw = r["secondaryMetrics"]["processes"]["rawData"]
                us = [1e6 / rate for fork in raw for rate in fork if rate > 0]
            else:  # us per operation (one process)
                us = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
            if not us:
                return None
            cpu = NAN
            sm = r["secondaryMetrics"]
            if "cpuNanos" in sm and "items" in sm:
                nanos = sum(v for fork in sm["cpuNanos"]["rawData"] for v in fork)
                items = sum(v for fork in sm["items"]["rawData"] for v in fork)
                if items > 0:
                    cpu = nanos / items / 1e3
            return statistics.mean(us), statistics.stdev(us) if len(us) > 1 else 0.0, cpu
    return None


def verdict_at_most(value, limit):
    if value <= limit:
        return "met (%.2fx)" % value
    return "MISSED by %.1f%% (%.2fx)" % ((value / limit - 1) * 100, value)


def verdict_at_least(value, limit):
    if value >= limit:
        return "met (%.2fx)" % value
    return "MISSED, %.1f%% short (%.2fx)" % ((1 - value / limit) * 100, value)


def at_most(row, limit, what):
    """The target judged on elapsed time, and the same ratio of CPU times beside it."""
    if row.x_floor() is None:
        return ""
    out = "target <= %.1fx %s: %s" % (limit, what, verdict_at_most(row.x_floor(), limit))
    if row.x_floor(2) is not None:
        out += "; CPU %s" % verdict_at_most(row.x_floor(2), limit)
    return out


def at_least(row, base, limit):
    """The target judged on elapsed time, and the same ratio of CPU times beside it."""
    if row.x(base) is None:
        return ""
    out = "target >= %.0fx jpsutil's time: %s" % (limit, verdict_at_least(row.x(base), limit))
    if row.x(base, 2) is not None:
        out += "; CPU %s" % verdict_at_least(row.x(base, 2), limit)
    return out


class Row:
    """A measurement and the floor measured around it."""

    def __init__(self, label, value, floor):
        self.label, self.value, self.floor = label, value, floor

    def x_floor(self, i=0):
        v, f = self.value, self.floor
        if not v or not f or v[i] != v[i] or f[i] != f[i] or f[i] <= 0:
            return None
        return v[i] / f[i]

    def x(self, base, i=0):
        a, b = self.x_floor(i), base.x_floor(i) if base else None
        return a / b if a is not None and b else None


def fmt_x(r):
    return "%.2fx" % r if r is not None else ""


def show(row, base, target):
    v = row.value
    if v is None:
        cells = "%8s %8s %8s %9s %8s %8s" % ("n/a", "", "", "", "", "")
    else:
        cpu = "%.1f" % v[2] if v[2] == v[2] else "n/a"
        cells = "%8.1f %8s %8s %9s %8s %8s" % (v[0], "± %.1f" % v[1], fmt_x(row.x_floor()), fmt_x(row.x(base)),
                                              cpu, fmt_x(row.x_floor(2)))
    print(("  %-40s %s  %s" % (row.label, cells, target)).rstrip())


def main():
    out = sys.argv[1]
    m = machine(os.path.join(out, "machine.txt"))
    p = lambda name: os.path.join(out, name)

    # run.sh's order: floor 1, psutil, floor 2, JMH listing, floor 3, JMH getUser, floor 4;
    # floor pid 1, psutil pid, floor pid 2, JMH one process, floor pid 3.
    floor_all = Row("floor: C, reads the files only", floors(out, "all", [1, 2, 3, 4]), floors(out, "all", [1, 2, 3, 4]))
    j_all = Row("jpsutil: oneshotProcesses()", jmh(p("jmh_listing.json"), "jpsutil", True), floors(out, "all", [2, 3]))
    jh_all = Row("jpsutil: processes(), oneshot() of each", jmh(p("jmh_listing.json"), "jpsutilHandles", True),
                 floors(out, "all", [2, 3]))
    o_all = Row("OSHI 6.9.1: getProcesses(), no getUser", jmh(p("jmh_listing.json"), "oshi", True),
                floors(out, "all", [2, 3]))
    ou_all = Row("OSHI 6.9.1: getProcesses() + getUser()", jmh(p("jmh_listing_user.json"), "oshiWithUser", True),
                 floors(out, "all", [3, 4]))
    ps_all = Row("psutil %s: process_iter(attrs)" % words(p("psutil_all.txt")).get("version", "5.9.4"),
                 measured(p("psutil_all.txt")), floors(out, "all", [1, 2]))
    floor_pid = Row("floor: C, reads one JVM's files", floors(out, "pid", [1, 2, 3]), floors(out, "pid", [1, 2, 3]))
    j_one = Row("jpsutil: this JVM, self().oneshot()", jmh(p("jmh_one.json"), "jpsutil", False), floors(out, "pid", [2, 3]))
    o_one = Row("OSHI 6.9.1: getProcess(pid), no getUser", jmh(p("jmh_one.json"), "oshi", False),
                floors(out, "pid", [2, 3]))
    ps_one = Row("psutil: Process(pid).as_dict(attrs)", measured(p("psutil_pid.txt")), floors(out, "pid", [1, 2]))

    print("jpsutil performance, %s" % m.get("date", "?"))
    print("machine: %s CPUs, %s, Linux %s, Java %s" % (m.get("cpus", "?"), m.get("cpu_model", "?"),
                                                        m.get("kernel", "?"), m.get("java", "?")))
    print("load average (1/5/15 min): before %s, after %s" % (m.get("load_before", "?"), m.get("load_after", "?")))
    if "load_cost" in m:
        print("  at the start of 4. agent cost %s; of 3. JMX %s; of 4. among the extra processes %s"
              % (m.get("load_cost"), m.get("load_jmx", "?"), m.get("load_unrelated", "?")))
    print("processes on the machine during the run: %s (with the extra sleep children)" % m.get("processes", "?"))
    print()
    print("  %-40s %-35s %-17s" % ("", "elapsed time (targets)", "CPU time"))
    print("  %-40s %8s %8s %8s %9s %8s %8s" % ("microseconds per process", "mean", "sd", "x floor", "x jpsutil",
                                               "mean", "x floor"))
    print("1. Full listing, classic attributes of every process")
    show(floor_all, j_all, "")
    show(j_all, j_all, at_most(j_all, 1.2, "floor"))
    show(jh_all, j_all, "(no target; reads stat twice)")
    show(o_all, j_all, at_least(o_all, j_all, 3))
    show(ou_all, j_all, "(no target)")
    show(ps_all, j_all, at_least(ps_all, j_all, 3))
    print("2. One process, all classic attributes as one oneshot snapshot")
    show(floor_pid, j_one, "")
    show(j_one, j_one, at_most(j_one, 2, "floor"))
    show(o_one, j_one, "(no target)")
    show(ps_one, j_one, "(no target)")
    print()
    print("Classic attributes: pid ppid name exe cmdline create_time uids gids username status nice")
    print("num_threads cpu_times memory_info io_counters. The floor reads stat, status, cmdline, io,")
    print("statm (memory_info comes from statm) and the exe link of each process, parsing nothing.")
    print("Elapsed: mean and sd over measurement passes (JMH iterations of all forks; floor and psutil")
    print("passes); the targets are judged on it (the same ratio of CPU times follows it). CPU: user +")
    print("kernel time of the measuring thread (JMH) or process (floor, psutil) per process read; under")
    print("load it is the steadier of the two.")
    print("x floor: against the floor measured just before and after that row (the floor rows show the")
    print("mean of all floor runs); x jpsutil: the ratio of those floor ratios.")
    print("One process: jpsutil and OSHI read their own JMH fork; the floor and psutil read an idle JVM")
    print("started by run.sh. OSHI has no nice value or saved ids, and fills most getters up front.")
    jmx_section(out)
    agent_section(out, m)


# ---- items 3 and 4 -------------------------------------------------------------------------------

def lines(path):
    """Every line of key=value words in a file (several runs append to one file)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [dict(w.split("=", 1) for w in line.split() if "=" in w) for line in f if "=" in line]


def num(d, key):
    try:
        return float(d[key])
    except (KeyError, ValueError, TypeError):
        return NAN


def ok(x):
    return x is not None and x == x


def jmx_section(out):
    rows = {d.get("kind"): d for d in lines(os.path.join(out, "jmx.txt"))}
    print("3. JMX getAttributes over a local connector (Attach API + JMXConnectorFactory, as JConsole)")
    print("  %-40s %8s %8s %8s %9s %8s %8s" % ("microseconds per call", "mean", "sd", "x OS", "", "CPU", "x OS"))
    base = rows.get("os")
    if not base:
        print("  (not measured: see run.log)")
        return
    labels = [("os", "OperatingSystem MBean, all"), ("os_flat", "OperatingSystem MBean, flat"),
              ("child_all", "child's Process MBean, all"), ("child_flat", "child's Process MBean, flat")]
    for kind, label in labels:
        d = rows.get(kind)
        if not d:
            continue
        x = num(d, "us_per_call") / num(base, "us_per_call")
        xc = num(d, "cpu_us") / num(base, "cpu_us")
        target = ""
        if kind == "child_all":
            target = "target <= 1.5x OS: %s; CPU %s" % (verdict_at_most(x, 1.5), verdict_at_most(xc, 1.5))
        elif kind == "child_flat":
            target = "(same target, flat attributes only: %s)" % verdict_at_most(x, 1.5)
        cells = "%8.1f %8s %8s %9s %8.1f %8s" % (num(d, "us_per_call"), "± %.1f" % num(d, "sd"), fmt_x(x), "",
                                               num(d, "cpu_us"), fmt_x(xc))
        print(("  %-40s %s  %s" % ("%s (%s)" % (label, d.get("attributes", "?")), cells, target)).rstrip())
    print("  (n): attributes read; flat: numeric, String and Boolean ones only (no TabularData, no arrays).")
    print("  CPU: this client's and the host JVM's threads (schedstat) per call; of it on the host side:"
          + " OS %.0f, child all %.0f, child flat %.0f us."
          % (num(base, "host_cpu_us"), num(rows.get("child_all", {}), "host_cpu_us"), num(rows.get("child_flat", {}), "host_cpu_us")))


def median(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else NAN


def agent_section(out, m):
    p = lambda name: os.path.join(out, name)
    plain, noop, timer = lines(p("startup_plain.txt")), lines(p("startup_noop.txt")), lines(p("startup_timer.txt"))
    agent, timed = lines(p("startup_agent.txt")), lines(p("startup_timed.txt"))
    print("4. Agent cost")
    print("  start-up (median of %d runs each; ms from exec)         to main  CPU to main  ready  CPU at ready"
          % len(agent))
    for label, rs in (("no agent", plain), ("a do-nothing agent (PremainTimer=noop)", noop), ("jpsutil agent", agent)):
        print("  %-52s %8.1f %10.0f %8s %10s" % (
            label, median(num(d, "main_ms") for d in rs), median(num(d, "cpu_main_ms") for d in rs),
            "%.0f" % median(num(d, "ready_ms") for d in rs) if rs and "ready_ms" in rs[0] else "",
            "%.0f" % median(num(d, "cpu_ready_ms") for d in rs) if rs and "ready_ms" in rs[0] else ""))
    step = median(num(d, "premain_ms") for d in timer)
    step_cpu = median(num(d, "premain_cpu_ms") for d in timer)
    raw = median(num(d, "premain_ms") for d in timed)
    raw_cpu = median(num(d, "premain_cpu_ms") for d in timed)
    if ok(raw):
        worst = max(num(d, "premain_ms") for d in timed)
        print("  premain, between the PremainTimers around it: %.2f ms elapsed (max %.2f), %.2f ms CPU of the main thread;"
              % (raw, worst, raw_cpu))
        print("      the JVM's own step between two agents (the timers alone): %.2f ms elapsed, %.2f ms CPU"
              % (step, step_cpu))
        verdict = lambda v: "met (%.2f ms)" % v if v < 5 else "MISSED by %.0f%% (%.2f ms)" % ((v / 5 - 1) * 100, v)
        print("      target < 5 ms: elapsed %s; CPU %s" % (verdict(raw), verdict(raw_cpu)))
    ready = median(num(d, "ready_ms") for d in agent)
    if ok(ready):
        worst = max(num(d, "ready_ms") for d in agent)
        print("  MBeans registered and first sample taken: %.0f ms after exec (median; max %.0f); %.0f ms after main"
              % (ready, worst, median(num(d, "ready_after_main_ms") for d in agent)))
        print("      target <= 500 ms: %s" % ("met" if ready <= 500 else "MISSED by %.0f%% (%.0f ms)" % ((ready / 500 - 1) * 100, ready)))

    cost = {}
    for name in ("agent_0", "agent_100", "agent_1000", "plain_0", "plain_100", "plain_1000",
                 "unrelated_agent_0", "unrelated_agent_100", "unrelated_plain_100"):
        r = lines(p("cost_%s.txt" % name))
        if r:
            cost[name] = r[-1]
    print("  heap in use after full GCs (MiB)      children:      0      100     1000")
    row = lambda key, f: " ".join("%8s" % f(n) for n in (0, 100, 1000))
    get = lambda prefix, n, key: num(cost.get("%s_%d" % (prefix, n), {}), key)
    print("  %-52s %s" % ("no agent", row(0, lambda n: "%.2f" % (get("plain", n, "heap_used_bytes") / 2**20))))
    print("  %-52s %s" % ("jpsutil agent", row(0, lambda n: "%.2f" % (get("agent", n, "heap_used_bytes") / 2**20))))
    kept = {n: get("agent", n, "heap_used_bytes") - get("plain", n, "heap_used_bytes") for n in (0, 100, 1000)}
    print("  %-52s %s" % ("retained by the agent", row(0, lambda n: "%.2f" % (kept[n] / 2**20))))
    verdicts = []
    for n in (0, 100, 1000):
        limit = 5 * 2**20 + 4096 * n
        if ok(kept[n]):
            verdicts.append("%d: %s" % (n, "met (%.2f of %.2f MiB)" % (kept[n] / 2**20, limit / 2**20) if kept[n] < limit
                                        else "MISSED by %.0f%% (%.2f MiB)" % ((kept[n] / limit - 1) * 100, kept[n] / 2**20)))
    print("      target < 5 MiB + 4 KiB per child: " + "; ".join(verdicts))
    if ok(kept[1000]) and ok(kept[0]):
        print("      per tracked child: %.1f KiB (from 0 to 1000 children)" % ((kept[1000] - kept[0]) / 1000 / 1024))

    print("  CPU, interval 5s, %% of one core       children:      0      100     1000  100 among %s others"
          % m.get("extra", "?"))
    pct = lambda d, key: num(d, key) / 1e3 / num(d, "window_s") * 100 if d else NAN
    cols = [cost.get("agent_0"), cost.get("agent_100"), cost.get("agent_1000"), cost.get("unrelated_agent_100")]
    plains = [cost.get("plain_0"), cost.get("plain_100"), cost.get("plain_1000"), cost.get("unrelated_plain_100")]
    fmt = lambda v, spec="%.3f": spec % v if v == v else "n/a"
    print("  %-52s %s" % ("agent thread jpsutil-sampler (ThreadMXBean)", " ".join("%8s" % fmt(pct(d, "agent_cpu_ms")) for d in cols)))
    print("  %-52s %s" % ("ms per sampling round", " ".join("%8s" % fmt(num(d or {}, "agent_cpu_ms") / max(1, num(d or {}, "samples")), "%.2f") for d in cols)))
    print("  %-52s %s" % ("whole JVM with the agent, minus without (/proc stat)",
                         " ".join("%8s" % fmt(pct(a, "process_cpu_ms") - pct(b, "process_cpu_ms")) for a, b in zip(cols, plains))))
    print("  %-52s %s" % ("  of it, the JIT compiler threads (with the agent)",
                         " ".join("%8s" % fmt(pct(a, "jit_cpu_ms") - pct(b, "jit_cpu_ms")) for a, b in zip(cols, plains))))
    a100 = pct(cost.get("agent_100"), "agent_cpu_ms")
    if ok(a100):
        print("      target < 0.5%% of one core with 100 children: %s (agent thread)"
              % ("met (%.3f%%)" % a100 if a100 < 0.5 else "MISSED by %.0f%% (%.3f%%)" % ((a100 / 0.5 - 1) * 100, a100)))
    per_round = lambda d: num(d or {}, "agent_cpu_ms") / max(1, num(d or {}, "samples"))
    r0, r100, r1000 = per_round(cost.get("agent_0")), per_round(cost.get("agent_100")), per_round(cost.get("agent_1000"))
    u0, u100 = per_round(cost.get("unrelated_agent_0")), per_round(cost.get("unrelated_agent_100"))
    if ok(r0) and ok(r100) and ok(r1000):
        print("      per child and round: %.0f us from 0 to 100 children, %.0f us from 0 to 1000 (linear if alike)"
              % ((r100 - r0) * 1e3 / 100, (r1000 - r0) * 1e3 / 1000))
    if ok(u100) and ok(r100):
        print("      with %s unrelated sleep processes on the machine: %.2f ms per round with 100 children (%.2fx),"
              " %.2f ms with none (%.2fx)" % (m.get("extra", "?"), u100, u100 / r100, u0, u0 / r0 if r0 else NAN))


if __name__ == "__main__":
    main()
