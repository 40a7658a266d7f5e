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

    print("jpsutil performance (issue 6), %s" % m.get("date", "?"))
    print("machine: %s CPUs, %s, Linux %s, Java %s" % (m.get("cpus", "?"), m.get("cpu_model", "?"),
                                                        m.get("kernel", "?"), m.get("java", "?")))
    print("load average (1/5/15 min): before %s, after %s" % (m.get("load_before", "?"), m.get("load_after", "?")))
    print("processes on the machine during the run: %s (with the extra sleep children)" % m.get("processes", "?"))
    print()
    print("  %-40s %-35s %-17s" % ("", "elapsed time (targets)", "CPU time"))
    print("  %-40s %8s %8s %8s %9s %8s %8s" % ("microseconds per process", "mean", "sd", "x floor", "x jpsutil",
                                               "mean", "x floor"))
    print("1. Full listing, classic attributes of every process")
    show(floor_all, j_all, "")
    show(j_all, j_all, at_most(j_all, 1.5, "floor"))
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
    print("Not measured here yet: 3. JMX process MBean read, 4. agent cost (they need the agent jar).")


if __name__ == "__main__":
    main()
