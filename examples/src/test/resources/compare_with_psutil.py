"""Compares jpsutil's `ps --json` / `system --json` output with psutil, read right after it.

usage: compare_with_psutil.py ps OURS.jsonl | system OURS.json | details OURS.jsonl

"details" compares today's psutil values (ps --json --attrs pid,create_time,cpu_times,DETAILS),
asking psutil for each value of each process alone, so that an error of one value (AccessDenied,
ZombieProcess, NoSuchProcess) is that value's outcome instead of dropping the process.
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


def by_pid(path):
    """jpsutil's ps --json output: one object per line, by pid."""
    ours = {}
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            ours[d["pid"]] = d
    return ours


def compare_ps(path):
    ours = by_pid(path)
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
                if k == "status" and {a, b} <= {"running", "sleeping", "disk-sleep"}:
                    same = True  # the scheduler may run a task without it using a clock tick
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


DETAILS = ["environ", "terminal", "num_ctx_switches", "cpu_num", "cpu_affinity", "memory_full_info", "memory_maps"]
# psutil 5.9.4 on a kernel thread (no address space): environ says NoSuchProcess, memory_full_info
# ZombieProcess; jpsutil says what is there: nothing (empty, zeros)
KERNEL_THREAD = {"environ": ("NoSuchProcess", {}), "memory_full_info": ("ZombieProcess", None)}


def outcome(p, attr):
    try:
        v = getattr(p, attr)()
    except psutil.AccessDenied:
        return "AccessDenied"
    except psutil.ZombieProcess:
        return "ZombieProcess"
    except psutil.NoSuchProcess:
        return "NoSuchProcess"
    if attr == "environ":  # bytes that are not UTF-8: surrogate escapes in Python, U+FFFD in Java
        return {k.encode("utf-8", "surrogateescape").decode("utf-8", "replace"):
                v2.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for k, v2 in v.items()}
    if attr == "memory_maps":
        return {m.path: plain(m) for m in v}
    if attr == "memory_full_info":
        d = plain(v)
        return {k: d[k] for k in ("uss", "pss", "swap")}
    return plain(v)


def compare_details(path):
    ours = by_pid(path)
    problems = []
    compared = quiet_count = 0
    for pid in sorted(ours):
        o = ours[pid]
        if pid == os.getpid():
            continue
        try:
            p = psutil.Process(pid)
            if not close(p.create_time(), o["create_time"] or 0, 1e-12):
                continue  # reused pid
            kernel_thread = p.ppid() == 2 or pid == 2
            t = {a: outcome(p, a) for a in DETAILS}
            quiet = o["cpu_times"] == plain(p.cpu_times())
        except psutil.NoSuchProcess:
            continue  # gone since
        # still: it did not run at all between the two reads (no CPU tick, no context switch)
        quiet = quiet and o["num_ctx_switches"] == t["num_ctx_switches"]
        compared += 1
        quiet_count += quiet
        for a in DETAILS:
            mine, theirs = o[a], t[a]
            if kernel_thread and a in KERNEL_THREAD and theirs == KERNEL_THREAD[a][0]:
                if a == "environ" and mine != {} or a == "memory_full_info" and any(mine[k] for k in ("uss", "pss", "swap")):
                    problems.append("pid %d %s of a kernel thread: jpsutil %r" % (pid, a, mine))
                continue
            if theirs in ("AccessDenied", "ZombieProcess"):
                if mine is not None:
                    problems.append("pid %d %s: psutil %s, jpsutil %r" % (pid, a, theirs, mine))
                continue
            if theirs == "NoSuchProcess" or (mine is None) != (theirs is None):
                problems.append("pid %d %s: jpsutil %r, psutil %r" % (pid, a, mine, theirs))
                continue
            if a == "memory_full_info":
                mine = {k: mine[k] for k in ("uss", "pss", "swap")}
            if a == "memory_maps":
                mine = {m["path"]: m for m in mine}
                for m in mine.values():
                    m.pop("path")
                for m in theirs.values():
                    m.pop("path")
            if a == "num_ctx_switches":
                if not grown(mine, theirs):
                    problems.append("pid %d %s went down: jpsutil %r, then psutil %r" % (pid, a, mine, theirs))
                continue
            if a == "cpu_num" and not quiet:
                continue  # it ran meanwhile, maybe elsewhere
            if a == "memory_full_info" and quiet:
                # a page shared with other processes changes its share as they come and go
                same = mine["uss"] == theirs["uss"] and mine["swap"] == theirs["swap"] \
                    and abs(mine["pss"] - theirs["pss"]) <= max(64 << 10, theirs["pss"] // 20)
            elif a == "memory_maps" and quiet:
                same = set(mine) == set(theirs) and all(mine[k]["size"] == theirs[k]["size"] for k in mine)
            elif a in ("memory_full_info", "memory_maps"):
                same = True  # a busy process: its memory moves
            else:
                same = mine == theirs
            if not same:
                problems.append("pid %d %s: jpsutil %r, psutil %r" % (pid, a, mine, theirs))
    for line in problems:
        print(line)
    print("details: compared %d processes (%d still); %d disagreements" % (compared, quiet_count, len(problems)))
    if compared < 5:
        print("too few processes compared")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    sys.exit(compare_ps(path) if mode == "ps" else compare_details(path) if mode == "details" else compare_system(path))
