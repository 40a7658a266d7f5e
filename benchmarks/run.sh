#!/usr/bin/env bash
# Issue 6, items 1 and 2: jpsutil against OSHI 6.9.1, psutil 5.9.4 and a C floor, in one run,
# printed as one table (microseconds per process, ratios, targets).
#
#   benchmarks/run.sh            build what is needed, then measure (about 3 minutes on 2 cores)
#   SKIP_BUILD=1 benchmarks/run.sh   reuse benchmarks/target from an earlier run
#   EXTRA=500 (default)          extra `sleep` children started for the listing
#
# Needs: a JDK 17+, Maven, gcc, and Debian's /usr/bin/python3 with python3-psutil 5.9.4
# (`apt-get install python3-psutil`; a `python3` elsewhere on PATH usually lacks psutil).
# Writes everything to benchmarks/target/run/ (the full log is run.log, the table table.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/run"
extra=${EXTRA:-500}
psutil_python=${PSUTIL_PYTHON:-/usr/bin/python3}
java=${JAVA:-java}

children=()
idle_pid=
step_pid=
cleanup() {
    trap - EXIT INT TERM
    for p in $step_pid $idle_pid; do kill "$p" 2>/dev/null || true; done
    if [ ${#children[@]} -gt 0 ]; then
        kill "${children[@]}" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json "$out"/run.log
log="$out/run.log"
say() { echo "$*" | tee -a "$log" >&2; }
# Runs one step in the background and waits for it, so that a signal reaches the trap at once
# (bash runs traps only between foreground commands) and the trap can stop the step.
step() {
    "$@" &
    step_pid=$!
    wait "$step_pid"
    step_pid=
}

# ---- build -------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    say "building jpsutil-api and the benchmarks jar..."
    # Only the parent and the api are needed (tests are not even compiled: not this script's job).
    step mvn -q -B -f "$root/pom.xml" install -Dmaven.test.skip=true -pl api -am >>"$log" 2>&1
    step mvn -q -B -f "$here/pom.xml" package >>"$log" 2>&1
    say "building the floor with gcc -O2..."
    step gcc -O2 -Wall -o "$here/target/floor" "$here/src/main/c/floor.c" -lm >>"$log" 2>&1
fi
jar="$here/target/benchmarks.jar"
floor="$here/target/floor"
for f in "$jar" "$floor"; do
    [ -e "$f" ] || { echo "missing $f (run without SKIP_BUILD=1)" >&2; exit 1; }
done
if "$psutil_python" -c 'import psutil' 2>/dev/null; then
    have_psutil=1
else
    have_psutil=0
    say "no psutil for $psutil_python: its columns will say so (apt-get install python3-psutil)"
fi

# ---- the machine -------------------------------------------------------------------------------
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus=$(nproc)"
    echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "kernel=$(uname -r)"
    echo "java=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"

# ---- the extra processes -----------------------------------------------------------------------
say "starting $extra sleep children..."
for _ in $(seq "$extra"); do
    sleep 100000 &
    children+=($!)
done
# The floor and psutil read one pid too: an idle JVM, so they read a JVM's files as jpsutil does.
"$java" -cp "$jar" io.github.jpsutil.bench.Idle >"$out/idle.pid" &
idle_pid=$!
for _ in $(seq 100); do [ -s "$out/idle.pid" ] && break; sleep 0.1; done
echo "processes=$(ls /proc | grep -c '^[0-9]')" >>"$out/machine.txt"

# ---- measure -----------------------------------------------------------------------------------
# The floor runs before and after each measurement, and each figure is compared with the floor
# measured around it: on a shared machine the load drifts during the run.
floor_all() { say "floor (C), every pid..."; step "$floor" all 3 >"$out/floor_all_$1.txt" 2>>"$log"; }
floor_pid() { say "floor (C), one pid..."; step "$floor" pid "$idle_pid" 3 >"$out/floor_pid_$1.txt" 2>>"$log"; }
psutil() { # mode, seconds, arguments...
    local mode=$1
    shift
    if [ "$have_psutil" = 1 ]; then
        say "psutil, $mode..."
        step "$psutil_python" "$here/src/main/python/psutil_bench.py" "$mode" "$@" >"$out/psutil_$mode.txt" 2>>"$log"
    fi
}
jmh() { # name, regexp, JMH options...
    local name=$1 regexp=$2
    shift 2
    say "JMH $name..."
    step "$java" -jar "$jar" "$regexp" -rf json -rff "$out/jmh_$name.json" "$@" >>"$log" 2>&1
}

floor_all 1
psutil all 8
floor_all 2
jmh listing 'ListingBenchmark\.(jpsutil|jpsutilHandles|oshi)$' -f 2 -wi 3 -w 1s -i 5 -r 1s
floor_all 3
# getUser costs seconds per listing: fewer, longer iterations (each is at least one listing).
jmh listing_user 'ListingBenchmark\.oshiWithUser$' -f 1 -wi 1 -w 1s -i 3 -r 1s
floor_all 4

floor_pid 1
psutil pid "$idle_pid" 3
floor_pid 2
jmh one 'OneProcessBenchmark' -f 2 -wi 3 -w 1s -i 5 -r 1s
floor_pid 3

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
cleanup

# ---- the table ---------------------------------------------------------------------------------
"$psutil_python" "$here/src/main/python/table.py" "$out" | tee "$out/table.txt"
echo "(full log: $log)" >&2
