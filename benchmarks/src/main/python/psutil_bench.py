"""psutil's side of the benchmarks (run with Debian's /usr/bin/python3 and its python3-psutil 5.9.4).

    psutil_bench.py all SECONDS       process_iter(attrs=ATTRS) passes for about SECONDS
    psutil_bench.py pid PID SECONDS   Process(PID).as_dict(ATTRS) (one oneshot) in batches of 100

Prints one line like floor.c: mode, microseconds per process (mean over passes or batches),
the standard deviation, processes per pass, passes, and the CPU time per process over all passes.
"""
import statistics
import sys
import time

import psutil

ATTRS = ["pid", "ppid", "name", "exe", "cmdline", "create_time", "uids", "gids", "username",
         "status", "nice", "num_threads", "cpu_times", "memory_info", "io_counters"]


def listing():
    n = 0
    for p in psutil.process_iter(attrs=ATTRS):  # AccessDenied -> None (ad_value), gone -> skipped
        n += 1
    return n


def report(mode, us, per, cpu_us):
    sd = statistics.stdev(us) if len(us) > 1 else 0.0
    print("%s us_per_process=%.3f sd=%.3f processes=%d passes=%d cpu_us_per_process=%.3f version=%s"
          % (mode, statistics.mean(us), sd, per, len(us), cpu_us, psutil.__version__))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "all":
        seconds = float(sys.argv[2])
        listing()  # warm-up: also fills process_iter's cache of Process objects, as in a long-lived program
        us, per, total = [], 0, 0
        c0 = time.process_time()
        end = time.perf_counter() + seconds
        while len(us) < 5 or time.perf_counter() < end:
            t = time.perf_counter()
            per = listing()
            us.append((time.perf_counter() - t) * 1e6 / per)
            total += per
        report("all", us, per, (time.process_time() - c0) * 1e6 / total)
    elif len(sys.argv) == 4 and sys.argv[1] == "pid":
        p = psutil.Process(int(sys.argv[2]))
        seconds = float(sys.argv[3])
        for _ in range(100):
            p.as_dict(ATTRS)
        us = []
        c0 = time.process_time()
        end = time.perf_counter() + seconds
        while len(us) < 5 or time.perf_counter() < end:
            t = time.perf_counter()
            for _ in range(100):
                p.as_dict(ATTRS)  # as_dict reads inside one oneshot()
            us.append((time.perf_counter() - t) * 1e6 / 100)
        report("pid", us, 1, (time.process_time() - c0) * 1e6 / (100 * len(us)))
    else:
        sys.exit("usage: psutil_bench.py all SECONDS | pid PID SECONDS")


if __name__ == "__main__":
    main()
