#!/usr/bin/env bash
# jpsutil against OSHI 6.9.1, psutil 5.9.4 and a C floor (items 1 and 2), the JMX read
# of a process MBean (item 3) and the agent's own cost (item 4), in one run, printed as one table
# (figures, ratios, targets).
#
#   benchmarks/run.sh            build what is needed, then measure (about 8 minutes on 2 cores)
#   SKIP_BUILD=1 benchmarks/run.sh   reuse benchmarks/target from an earlier run
#   SKIP_AGENT=1 benchmarks/run.sh   items 1 and 2 only (listing and one process: about 4 minutes)
#   EXTRA=500 (default)          extra `sleep` children started for the listing
#   AGENT_JAR=path               measure this agent jar instead of building one (see below)
#   WINDOW=45 (default)          seconds over which the agent's CPU use is measured
#   STARTUP_RUNS=6 (default)     JVM starts per configuration for the start-up times
#   WARMUP=300 (default)         sampling rounds the agent takes (15 s at most) before its CPU use is measured
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

window=${WINDOW:-45}
startup_runs=${STARTUP_RUNS:-6}
clktck=$(getconf CLK_TCK)

children=()
hosts=()
idle_pid=
step_pid=
# Kills the `sleep` children listed in these pid files (AgentHost writes them; a host that was
# killed leaves its children behind) and removes the files. A pid is killed only while it still
# runs `sleep`, so that a pid the kernel has given to another process since is left alone.
reap_pids() {
    local f p a
    for f in "$@"; do
        [ -f "$f" ] || continue
        while read -r p; do
            a=
            { IFS= read -r -d '' a <"/proc/$p/cmdline"; } 2>/dev/null || true
            [ "$a" = sleep ] && kill "$p" 2>/dev/null
        done <"$f"
        rm -f "$f"
    done
    return 0
}
cleanup() {
    trap - EXIT INT TERM
    for p in $step_pid $idle_pid ${hosts[@]+"${hosts[@]}"}; do kill "$p" 2>/dev/null || true; done
    if [ ${#children[@]} -gt 0 ]; then
        kill "${children[@]}" 2>/dev/null || true
    fi
    reap_pids "$out"/*.pids
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json "$out"/*.pids "$out"/run.log
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
    # The benchmarks with the api of this working tree, in one reactor (the `benchmarks` profile of
    # the parent), without installing anything into the shared local repository. Tests are not even
    # compiled: not this script's job.
    step mvn -q -B -f "$root/pom.xml" -Pbenchmarks package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
        -pl benchmarks -am >>"$log" 2>&1
    say "building the floor with gcc -O2..."
    step gcc -O2 -Wall -o "$here/target/floor" "$here/src/main/c/floor.c" -lm >>"$log" 2>&1
    if [ -z "${AGENT_JAR:-}" ]; then
        # From a copy of the working tree: other builds may be running in agent/target meanwhile. Every
        # module the parent lists must be there for Maven to read it, even those not built.
        say "building the agent jar (from a copy of the sources in benchmarks/target/agent-build)..."
        rm -rf "$here/target/agent-build"
        mkdir -p "$here/target/agent-build"
        (cd "$root" && tar cf - --exclude=target --exclude=.git pom.xml api agent examples jconsole micrometer opentelemetry src) |
            (cd "$here/target/agent-build" && tar xf -)
        step mvn -q -B -f "$here/target/agent-build/pom.xml" package -Dmaven.test.skip=true -pl api,agent -am >>"$log" 2>&1
        cp "$here/target/agent-build/agent/target/jpsutil-agent.jar" "$here/target/jpsutil-agent.jar"
    fi
fi
jar="$here/target/benchmarks.jar"
floor="$here/target/floor"
timer="$here/target/premain-timer-timer.jar"
agent_jar=${AGENT_JAR:-$here/target/jpsutil-agent.jar}
for f in "$jar" "$floor" "$timer" "$agent_jar"; do
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
    echo "extra=$extra"
} >"$out/machine.txt"

skip_agent=${SKIP_AGENT:-0}
# ---- 4. the agent's cost (before the extra processes) ------------------------------------------
host=(-Dbench.clktck="$clktck" -Dbench.warmup="${WARMUP:-300}" -cp "$jar" io.github.jpsutil.bench.AgentHost)
with_agent=(-javaagent:"$agent_jar" -Dbench.agent=true)
# Time from exec to main (and, with the agent, until it is ready), in turns: no agent; a do-nothing
# agent (what any -javaagent costs the JVM: it turns off CDS's archived module graph); the jpsutil
# agent; the jpsutil agent between two PremainTimers (its premain's duration); the two
# PremainTimers alone (the JVM's own step from one agent to the next).
[ "$skip_agent" = 1 ] && startup_runs=0
say "4. start-up times, $startup_runs runs of each configuration..."
for _ in $(seq "$startup_runs"); do
    step "$java" -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup >>"$out/startup_plain.txt" 2>>"$log"
    step "$java" -javaagent:"$timer"=noop -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup >>"$out/startup_noop.txt" 2>>"$log"
    step "$java" -javaagent:"$timer"=before -javaagent:"$timer"=after -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup \
        >>"$out/startup_timer.txt" 2>>"$log"
    step "$java" "${with_agent[@]}" -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup >>"$out/startup_agent.txt" 2>>"$log"
    step "$java" -javaagent:"$timer"=before "${with_agent[@]}" -javaagent:"$timer"=after -Dbench.launch="$EPOCHREALTIME" \
        "${host[@]}" startup >>"$out/startup_timed.txt" 2>>"$log"
done
# Heap and CPU: host JVMs with 0, 100 and 1,000 sleep children, with and without the agent, side
# by side (CPU time is what is compared, so running them together does not bias it).
cost() { # label, agent (0 or 1), children
    local opts=()
    [ "$2" = 1 ] && opts=("${with_agent[@]}")
    "$java" ${opts[@]+"${opts[@]}"} -Dbench.pids="$out/cost_$1.pids" "${host[@]}" cost "$3" "$window" \
        >"$out/cost_$1.txt" 2>>"$log" &
    hosts+=($!)
}
if [ "$skip_agent" != 1 ]; then
    say "4. heap and CPU of the agent with 0, 100 and 1000 children (${window}s)..."
    echo "load_cost=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
    cost agent_0 1 0
    cost agent_100 1 100
    cost agent_1000 1 1000
    cost plain_0 0 0
    cost plain_100 0 100
    cost plain_1000 0 1000
    wait "${hosts[@]}" || say "a host JVM failed (see $log)"
    hosts=()
    reap_pids "$out"/cost_*.pids
fi

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
# Ten warm-up seconds: a JVM listing in a loop settles only after 8 to 10 s here (the JIT, the
# heap's sizing); a monitoring agent lists for days, so the steady state is what counts.
jmh listing 'ListingBenchmark\.(jpsutil|jpsutilHandles|oshi)$' -f 2 -wi 10 -w 1s -i 5 -r 1s
floor_all 3
# getUser costs seconds per listing: fewer, longer iterations (each is at least one listing).
jmh listing_user 'ListingBenchmark\.oshiWithUser$' -f 1 -wi 1 -w 1s -i 3 -r 1s
floor_all 4

floor_pid 1
psutil pid "$idle_pid" 3
floor_pid 2
jmh one 'OneProcessBenchmark' -f 2 -wi 3 -w 1s -i 5 -r 1s
floor_pid 3

# ---- 3. JMX: a child's process MBean against java.lang:type=OperatingSystem --------------------
if [ "$skip_agent" != 1 ]; then
    say "3. JMX getAttributes over a local connector..."
    echo "load_jmx=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
    "$java" "${with_agent[@]}" -Dbench.pids="$out/jmx_host.pids" "${host[@]}" serve 1 >"$out/jmx_host.txt" 2>>"$log" &
    hosts+=($!)
    for _ in $(seq 300); do grep -q '^ready' "$out/jmx_host.txt" && break; sleep 0.1; done
    step "$java" -cp "$jar" io.github.jpsutil.bench.JmxRead "${hosts[0]}" 8 >"$out/jmx.txt" 2>>"$log"
    kill "${hosts[0]}" 2>/dev/null || true
    wait "${hosts[0]}" 2>/dev/null || true
    hosts=()
    reap_pids "$out/jmx_host.pids"

# ---- 4. again, with the extra processes: they are not the host's descendants -------------------
    say "4. the agent with 0 and 100 children, among $extra unrelated sleep processes (${window}s)..."
    echo "load_unrelated=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
    cost unrelated_agent_0 1 0
    cost unrelated_agent_100 1 100
    cost unrelated_plain_100 0 100
    wait "${hosts[@]}" || say "a host JVM failed (see $log)"
    hosts=()
    reap_pids "$out"/cost_*.pids
fi

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
cleanup

# ---- the table ---------------------------------------------------------------------------------
"$psutil_python" "$here/src/main/python/table.py" "$out" | tee "$out/table.txt"
echo "(full log: $log)" >&2
