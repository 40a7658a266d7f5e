"""Compares jpsutil's `ps --json` / `system --json` output with psutil.

usage: compare_with_psutil.py snapshot BEFORE.json   (psutil's listing, saved before jpsutil reads)
       compare_with_psutil.py ps OURS.jsonl BEFORE.json | system OURS.json | details OURS.jsonl

"details" compares today's psutil values (ps --json --attrs pid,create_time,cpu_times,DETAILS),
asking psutil for each value of each process alone, so that an error of one value (AccessDenied,
ZombieProcess, NoSuchProcess) is that value's outcome instead of dropping the process.
Prints one line per disagreement and a summary line; exits 1 if anything disagrees.

jpsutil's listing is read between two of psutil's, "before" and "after". A value that psutil
read the same both times (and a process whose CPU times did not move) must be jpsutil's exactly;
a value that changed meanwhile must be one psutil saw or, for counters, lie between the two.
On a loaded machine a process can run, fault pages in or start threads without being charged a
clock tick, so the CPU times alone do not say that nothing changed; psutil's two reads do. A
jpsutil bug shows in every process whose values held still, which is nearly all of them.
"""
import json
import os
import sys

import psutil

ATTRS = ["pid", "ppid", "name", "exe", "cmdline", "cwd", "create_time", "username", "uids", "gids",
         "status", "nice", "ionice", "num_threads", "num_fds", "cpu_times", "memory_info", "memory_percent",
         "io_counters"]
FIXED = ["ppid", "name", "exe", "cmdline", "cwd", "username", "uids", "gids", "nice", "ionice"]
COUNTERS = ["cpu_times", "io_counters"]
CHANGING = ["status", "num_threads", "num_fds", "memory_info", "memory_percent"]


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


def listing():
    out = {}
    for p in psutil.process_iter(ATTRS, ad_value=None):
        out[p.info["pid"]] = {k: plain(v) for k, v in p.info.items()}
    return out


def same_process(a, b):
    """Same create time: the pid was not reused between two reads."""
    if (a["create_time"] is None) != (b["create_time"] is None):
        return False
    return close(a["create_time"] or 0, b["create_time"] or 0, 1e-12)


def agree(k, a, b):
    return close(a, b) if isinstance(a, float) and isinstance(b, float) else a == b


def compare_ps(path, before_path):
    ours = by_pid(path)
    with open(before_path) as f:
        before = {int(k): v for k, v in json.load(f).items()}
    after = listing()
    problems = []
    both = sorted(set(ours) & set(before) & set(after))
    still = 0
    for pid in both:
        o, b, a = ours[pid], before[pid], after[pid]
        if pid == os.getpid() or not (same_process(o, b) and same_process(o, a)):
            continue  # the pid was reused (or is this script) between the reads: not one process
        quiet = b["cpu_times"] == a["cpu_times"]
        still += quiet
        for k in FIXED + CHANGING:
            x, y0, y1 = o[k], b[k], a[k]
            if k == "name" and o["ppid"] == 2 and (x or "").startswith("kworker/"):
                continue  # kernel workers rename themselves after the work item they run
            if (x is None) != (y0 is None) and (x is None) != (y1 is None):
                problems.append("pid %d %s: jpsutil %r, psutil %r then %r" % (pid, k, x, y0, y1))
                continue
            if x is None:
                continue
            held = agree(k, y0, y1) and (quiet or k in FIXED)
            if k == "num_fds" and not (b["num_threads"] == 1 and a["num_threads"] == 1):
                # one of several threads opens and closes files without a clock tick charged:
                # a JVM's count moves while its CPU times hold still
                held = False
            if held:
                ok = agree(k, x, y0) or k == "status" and status_flip(x, y0, o["ppid"] == 2 or pid == 2)
            else:
                ok = k in CHANGING or agree(k, x, y0) or agree(k, x, y1)
            if not ok:
                problems.append("pid %d %s%s: jpsutil %r, psutil %r then %r"
                                % (pid, k, " (held still)" if held else "", x, y0, y1))
        for k in COUNTERS:
            x, y0, y1 = o[k], b[k], a[k]
            if (x is None) != (y0 is None) or (x is None) != (y1 is None):
                problems.append("pid %d %s: jpsutil %r, psutil %r then %r" % (pid, k, x, y0, y1))
            elif x is not None and not (grown(y0, x) and grown(x, y1)):
                # a counter only grows: jpsutil's lies between psutil's two
                problems.append("pid %d %s not between psutil's reads: %r, jpsutil %r, then %r" % (pid, k, y0, x, y1))
    for line in problems:
        print(line)
    print("compared %d processes (%d with CPU times that held still) present in all three listings; %d disagreements"
          % (len(both), still, len(problems)))
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


DETAILS = ["environ", "terminal", "num_ctx_switches", "cpu_num", "cpu_affinity", "memory_full_info", "memory_maps",
           "num_fds"]
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
            # the context switches of status are the main thread's: another thread may have run
            single = p.num_threads() == 1
        except psutil.NoSuchProcess:
            continue  # gone since
        # still: it did not run at all between the two reads (no CPU tick, no context switch)
        quiet = quiet and single and o["num_ctx_switches"] == t["num_ctx_switches"]
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
            if theirs == "NoSuchProcess" and mine is None:
                continue  # a zombie when jpsutil read it (its ad_value), reaped before psutil did
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
            if a in ("cpu_num", "num_fds") and not quiet:
                continue  # it ran meanwhile: maybe elsewhere, maybe opening or closing files
            if a == "memory_full_info" and quiet:
                # a page shared with other processes changes its share as they come and go, and
                # becomes its own (uss) when the last of them exits, all without this one running
                same = mine["swap"] == theirs["swap"] \
                    and abs(mine["uss"] - theirs["uss"]) <= max(64 << 10, theirs["uss"] // 20) \
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
    mode = sys.argv[1]
    if mode == "snapshot":
        with open(sys.argv[2], "w") as f:
            json.dump(listing(), f)
        sys.exit(0)
    if mode == "details":
        sys.exit(compare_details(sys.argv[2]))
    sys.exit(compare_ps(sys.argv[2], sys.argv[3]) if mode == "ps" else compare_system(sys.argv[2]))
