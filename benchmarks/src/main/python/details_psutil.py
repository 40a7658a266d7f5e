"""The psutil side of benchmarks/details.sh: the same rounds as DetailsBench.java.

usage: details_psutil.py ROUNDS KEYS   (KEYS: jpsutil's as_dict keys, comma-separated)
Prints "name median_ms min_ms processes" per measure:
  full: memory_full_info() of every process
  all:  process_iter(attrs=None)'s as_dict, restricted to the keys psutil shares with jpsutil
"""
import sys
import time

import psutil


def measure(name, rounds, fn):
    for _ in range(max(5, rounds // 2)):
        fn()
    times = []
    n = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        n = fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print("%s %.3f %.3f %d" % (name, times[rounds // 2], times[0], n))


def full():
    n = 0
    for p in psutil.process_iter():
        try:
            p.memory_full_info()
            n += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return n


def main():
    rounds = int(sys.argv[1])
    ours = sys.argv[2].split(",")
    # as_dict(attrs=None) reads every attribute; the fields jpsutil has: those keys psutil knows
    # (psutil 5.9.4's memory_info_ex is another value under that name; oom_score it lacks)
    known = set(psutil.Process().as_dict().keys())
    attrs = [k for k in ours if k in known and k != "memory_info_ex"]
    print("attrs " + ",".join(attrs))

    def all_dicts():
        n = 0
        for p in psutil.process_iter():
            try:
                p.as_dict(attrs=attrs, ad_value=None)
                n += 1
            except psutil.NoSuchProcess:
                pass
        return n

    measure("full", rounds, full)
    measure("all", rounds, all_dicts)


if __name__ == "__main__":
    main()
