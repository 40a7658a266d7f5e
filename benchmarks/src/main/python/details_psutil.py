"""The psutil side of benchmarks/details.sh, driven by DetailsBench.java round by round.

usage: details_psutil.py KEYS   (KEYS: jpsutil's as_dict keys, comma-separated)
Prints "attrs A,B,..." (the keys psutil shares with jpsutil), then for each line read from stdin
("full" or "all") runs one round and prints "elapsed_ms processes":
  full: memory_full_info() of every process
  all:  process_iter(attrs=None)'s as_dict, restricted to the keys psutil shares with jpsutil
"""
import sys
import time

import psutil


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
    ours = sys.argv[1].split(",")
    # as_dict(attrs=None) reads every attribute; the fields jpsutil has: those keys psutil knows
    # (psutil 5.9.4's memory_info_ex is another value under that name; oom_score it lacks)
    known = set(psutil.Process().as_dict().keys())
    attrs = [k for k in ours if k in known and k != "memory_info_ex"]
    print("attrs " + ",".join(attrs), flush=True)

    def all_dicts():
        n = 0
        for p in psutil.process_iter():
            try:
                p.as_dict(attrs=attrs, ad_value=None)
                n += 1
            except psutil.NoSuchProcess:
                pass
        return n

    rounds = {"full": full, "all": all_dicts}
    for line in sys.stdin:
        fn = rounds[line.strip()]
        t0 = time.perf_counter()
        n = fn()
        print("%.3f %d" % ((time.perf_counter() - t0) * 1000, n), flush=True)


if __name__ == "__main__":
    main()
