"""Compares jpsutil's `ps --json` / `system --json` output with psutil, read right after it.

usage: compare_with_psutil.py ps OURS.jsonl | system OURS.json
Prints one line per disagreement and a summary line; exits 1 if anything disagrees.

A process is "quiet" when its CPU times did not move between the two reads: its status,
threads and memory must then agree exactly; a busy one's may differ. Counters (CPU times, I/O)
may only have grown, and the fixed fields (names, ids, nice, ...) must always agree.
"""
import json
import os
import sys

import psutil

ATTRS = ["pid", "ppid", "name", "exe", "cmdline", "cwd", "create_time", "username", "uids", "gids",
         "status", "nice", "ionice", "num_threads", "cpu_times", "memory_info", "memory_percent",
         "io_counters"]
FIXED = ["ppid", "name", "exe", "cmdline", "cwd", "username", "uids", "gids", "nice", "ionice"]
COUNTERS = ["cpu_times", "io_counters"]
CHANGING = ["status", "num_threads", "memory_info", "memory_percent"]


def plain(value):
    """psutil's namedtuples and enums as the JSON shapes jpsutil writes."""
    if value is None:
        return None
    if hasattr(value, "_asdict"):
        d = {k: plain(v) for k, v in value._asdict().items()}
        for extra in ("lib", "dirty"):  # always 0 on Linux 2.6+, not in jpsutil's memory_info
            d.pop(extra, None)
        return d
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


def grown(ours, theirs):
    return all(theirs[k] >= ours[k] - 1e-9 for k in ours)


def status_flip(a, b, kernel_thread):
    """Whether two statuses of a quiet process may both be true within a few milliseconds.

    The scheduler may wake a task, run it and put it back to sleep without its using a clock
    tick: a user task flips among running, sleeping and disk-sleep, a kernel thread (rcu_preempt,
    kworkers) between idle and running. Idle never pairs with sleeping or disk-sleep, and
    stopped, zombie, tracing-stop and dead never flip: those pairs are real disagreements.
    """
    if {a, b} <= {"running", "sleeping", "disk-sleep"}:
        return True
    return kernel_thread and {a, b} == {"running", "idle"}


def compare_ps(path):
    ours = {}
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            ours[d["pid"]] = d
    theirs = {}
    for p in psutil.process_iter(ATTRS, ad_value=None):
        theirs[p.info["pid"]] = {k: plain(v) for k, v in p.info.items()}
    problems = []
    both = sorted(set(ours) & set(theirs))
    quiet = 0
    for pid in both:
        o, t = ours[pid], theirs[pid]
        if pid == os.getpid():
            continue  # did not exist yet, or was another program, when jpsutil read
        if not close(o["create_time"] or 0, t["create_time"] or 0, 1e-12) or (o["create_time"] is None) != (t["create_time"] is None):
            continue  # the pid was reused between the two reads: not the same process
        is_quiet = o["cpu_times"] == t["cpu_times"]
        quiet += is_quiet
        for k in FIXED:
            if k == "name" and o["ppid"] == 2 and (o[k] or "").startswith("kworker/"):
                continue  # kernel workers rename themselves after the work item they run
            if o[k] != t[k]:
                problems.append("pid %d %s: jpsutil %r, psutil %r" % (pid, k, o[k], t[k]))
        for k in COUNTERS + CHANGING:
            a, b = o[k], t[k]
            if (a is None) != (b is None):
                problems.append("pid %d %s: jpsutil %r, psutil %r" % (pid, k, a, b))
                continue
            if a is None:
                continue
            if k in COUNTERS:
                # a process may read or write without using a clock tick: counters only grow
                if not grown(a, b):
                    problems.append("pid %d %s went down: jpsutil %r, then psutil %r" % (pid, k, a, b))
            elif is_quiet:
                same = close(a, b) if isinstance(a, float) else a == b
                if k == "status" and status_flip(a, b, o["ppid"] == 2 or pid == 2):
                    same = True
                if not same:
                    problems.append("pid %d %s (quiet process): jpsutil %r, psutil %r" % (pid, k, a, b))
    for line in problems:
        print(line)
    print("compared %d processes (%d quiet) present in both listings; %d only in jpsutil's, %d only in psutil's; %d disagreements"
          % (len(both), quiet, len(set(ours) - set(theirs)), len(set(theirs) - set(ours)), len(problems)))
    if len(both) < 5:
        print("too few processes in common")
        return 1
    return 1 if problems else 0


def compare_system(path):
    with open(path) as f:
        o = json.load(f)
    problems = []
    if o["cpu_count"] != psutil.cpu_count():
        problems.append("cpu_count: %r vs %r" % (o["cpu_count"], psutil.cpu_count()))
    if o["boot_time"] != psutil.boot_time():
        problems.append("boot_time: %r vs %r" % (o["boot_time"], psutil.boot_time()))
    t = psutil.cpu_times()._asdict()
    for k, v in o["cpu_times"].items():
        if not (t[k] >= v - 1e-9 and t[k] - v < 5.0):
            problems.append("cpu_times.%s: %r then %r" % (k, v, t[k]))
    vm = psutil.virtual_memory()._asdict()
    for k, v in o["virtual_memory"].items():
        if k == "total" and v != vm[k] or k != "percent" and abs(v - vm[k]) > 64 << 20 or k == "percent" and abs(v - vm[k]) > 1.0:
            problems.append("virtual_memory.%s: %r vs %r" % (k, v, vm[k]))
    sw = psutil.swap_memory()._asdict()
    for k, v in o["swap_memory"].items():
        if k in ("total",) and v != sw[k] or abs(v - sw[k]) > 64 << 20:
            problems.append("swap_memory.%s: %r vs %r" % (k, v, sw[k]))
    for line in problems:
        print(line)
    print("system: %d disagreements" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    sys.exit(compare_ps(path) if mode == "ps" else compare_system(path))
