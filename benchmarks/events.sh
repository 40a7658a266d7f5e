#!/usr/bin/env bash
# The cost of following descendants through the kernel's process events (events=auto, the
# connector) side by side with looking every interval (events=poll) and with no agent: premain,
# time until the MBeans are ready, heap and idle CPU with 100 long-lived children, and the agent's
# CPU while the host starts 100 short children per second. Runs the configurations of each step
# together (CPU time is what is compared), then the events=auto spawn step alone (the connector
# reports the other hosts' children too), and prints one table.
#
#   benchmarks/events.sh            (about 3 minutes on 2 cores)
#   AGENT_JAR=path                  the agent jar (default agent/target/jpsutil-agent.jar: run mvn package first)
#   WINDOW=30 (default)             seconds over which CPU is measured
#   STARTUP_RUNS=5 (default)        JVM starts per configuration
#   RATE=100 (default)              children started per second in the spawn step
#
# Beside the events=auto host of each spawn step runs the floor (src/main/c/events_floor.c): a C
# listener of the same connector that follows the same host's descendants and reads stat and
# cmdline at each of their execs, and nothing more; its CPU over the same window is the least that
# following the connector costs on this machine. Skipped, with a message, without gcc.
#
# Needs a JDK 17+ (javac, jar). Writes to benchmarks/target/events/ (table.txt, and one file per run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/events"
java=${JAVA:-java}
agent_jar=${AGENT_JAR:-$root/agent/target/jpsutil-agent.jar}
window=${WINDOW:-30}
runs=${STARTUP_RUNS:-5}
rate=${RATE:-100}
[ -f "$agent_jar" ] || { echo "missing $agent_jar (mvn -pl api,agent -am package -DskipTests)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/classes"
hosts=()
cleanup() {
    for p in ${hosts[@]+"${hosts[@]}"}; do kill "$p" 2>/dev/null || true; done
    for f in "$out"/*.pids; do # sleep children of a host that was killed
        [ -f "$f" ] || continue
        while read -r p; do
            a=; { IFS= read -r -d '' a <"/proc/$p/cmdline"; } 2>/dev/null || true
            [ "$a" = sleep ] && kill "$p" 2>/dev/null
        done <"$f"
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# Two JDK-only classes: the host, and the timer agent that brackets premain.
src="$here/src/main/java/io/github/jpsutil/bench"
javac -d "$out/classes" "$src/AgentHost.java" "$src/PremainTimer.java"
printf 'Premain-Class: io.github.jpsutil.bench.PremainTimer\n' >"$out/manifest.txt"
jar cfm "$out/timer.jar" "$out/manifest.txt" -C "$out/classes" io/github/jpsutil/bench/PremainTimer.class
# compiled apart: on the host's class path its class would load from there, and its jar never be opened
javac -d "$out/empty-classes" "$src/EmptyAgent.java"
printf 'Premain-Class: io.github.jpsutil.bench.EmptyAgent\n' >"$out/empty-manifest.txt"
jar cfm "$out/empty.jar" "$out/empty-manifest.txt" -C "$out/empty-classes" io/github/jpsutil/bench/EmptyAgent.class
# the C floor: built when gcc is there
floor=
if command -v gcc >/dev/null; then
    gcc -O2 -Wall -o "$out/events_floor" "$here/src/main/c/events_floor.c" && floor="$out/events_floor"
else
    echo "gcc not found: the C listener (the floor) is skipped" >&2
fi
# follows the host PID over its measured window: 10 s of warm-up (and the JVM's start), then window + 1 s
floor_on() { [ -z "$floor" ] || "$floor" "$1" 10.5 "$((window + 1))" >"$out/$2.txt" & }
host=(-Dbench.clktck="$(getconf CLK_TCK)" -Dbench.warmup=100 -cp "$out/classes" io.github.jpsutil.bench.AgentHost)
agent() { echo "-javaagent:$agent_jar=events=$1 -Dbench.agent=true"; }

echo "kernel $(uname -r), $(nproc) CPUs, $("$java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/machine.txt"
echo "start-up, $runs runs each..." >&2
for _ in $(seq "$runs"); do
    for mode in auto poll; do
        # shellcheck disable=SC2046
        "$java" -javaagent:"$out/timer.jar"=before $(agent $mode) -javaagent:"$out/timer.jar"=after \
            -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup >>"$out/startup_$mode.txt"
    done
    # the floor: an agent that does nothing, in a jar of its own
    "$java" -javaagent:"$out/timer.jar"=before -javaagent:"$out/empty.jar" -javaagent:"$out/timer.jar"=after \
        -Dbench.launch="$EPOCHREALTIME" "${host[@]}" startup >>"$out/startup_empty.txt"
done

echo "heap and idle CPU with 100 sleep children (${window}s)..." >&2
for mode in auto poll plain; do
    opts=(); [ $mode = plain ] || read -ra opts <<<"$(agent $mode)"
    "$java" ${opts[@]+"${opts[@]}"} -Dbench.pids="$out/idle_$mode.pids" "${host[@]}" cost 100 "$window" >"$out/idle_$mode.txt" &
    hosts+=($!)
done
wait "${hosts[@]}"; hosts=()

echo "$rate short children per second (${window}s)..." >&2
for mode in auto poll plain; do
    opts=(); [ $mode = plain ] || read -ra opts <<<"$(agent $mode)"
    "$java" ${opts[@]+"${opts[@]}"} "${host[@]}" spawns "$rate" "$window" >"$out/spawns_$mode.txt" &
    hosts+=($!)
    [ $mode != auto ] || floor_on $! floor_beside
done
wait "${hosts[@]}"; hosts=()
wait # the floor
# The same host alone: the connector reports every process of the machine, so beside the two others
# the events=auto agent also reads their 2 x $rate children a second.
echo "$rate short children per second, events=auto alone (${window}s)..." >&2
# shellcheck disable=SC2046
"$java" $(agent auto) "${host[@]}" spawns "$rate" "$window" >"$out/spawns_alone.txt" &
hosts+=($!)
floor_on $! floor_alone
wait "${hosts[@]}"; hosts=()
wait # the floor

# ---- the table: medians of the start-ups, the single runs of the rest ----
val() { [ -f "$out/$1.txt" ] || { echo -; return; }; sed -n "s/\(^\|.* \)$2=\([^ ]*\).*/\2/p" "$out/$1.txt"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
{
    cat "$out/machine.txt"
    printf '%-52s %14s %14s %14s\n' "figure" "events=auto" "events=poll" "no agent"
    printf '%-52s %14s %14s %14s\n' "premain, ms (median; target < 5)" "$(val startup_auto premain_ms | median)" "$(val startup_poll premain_ms | median)" "-"
    printf '%-52s %14s %14s %14s\n' "  a do-nothing agent in its own jar (the JVM's floor)" "$(val startup_empty premain_ms | median)" "" "-"
    printf '%-52s %14s %14s %14s\n' "MBeans ready after main, ms (median; target < 500)" "$(val startup_auto ready_after_main_ms | median)" "$(val startup_poll ready_after_main_ms | median)" "-"
    for m in auto poll plain; do eval "heap_$m=$(val idle_$m heap_used_bytes)"; done
    printf '%-52s %14s %14s %14s\n' "heap after GC, 100 children, KiB" "$((heap_auto / 1024))" "$((heap_poll / 1024))" "$((heap_plain / 1024))"
    printf '%-52s %14s %14s %14s\n' "  agent's share (target < 5 MiB + 400 KiB), KiB" "$(((heap_auto - heap_plain) / 1024))" "$(((heap_poll - heap_plain) / 1024))" "-"
    printf '%-52s %14s %14s %14s\n' "agent CPU idle with 100 children, ms in ${window}s" "$(val idle_auto agent_cpu_ms)" "$(val idle_poll agent_cpu_ms)" "-"
    printf '%-52s %14s %14s %14s\n' "process CPU idle with 100 children, ms in ${window}s" "$(val idle_auto process_cpu_ms)" "$(val idle_poll process_cpu_ms)" "$(val idle_plain process_cpu_ms)"
    printf '%-52s %14s %14s %14s\n' "agent CPU at $rate spawns/s, % of a core (target < 2)" "$(val spawns_auto agent_cpu_percent)" "$(val spawns_poll agent_cpu_percent)" "-"
    printf '%-52s %14s %14s %14s\n' "  the events=auto host alone, % of a core" "$(val spawns_alone agent_cpu_percent)" "" "-"
    printf '%-52s %14s %14s %14s\n' "C listener, the floor, % of a core (beside / alone)" "$(val floor_beside floor_cpu_percent) / $(val floor_alone floor_cpu_percent)" "" "-"
    printf '%-52s %14s %14s %14s\n' "  its wake-ups, execs read (alone)" "$(val floor_alone wakeups), $(val floor_alone execs_read)" "" "-"
    printf '%-52s %14s %14s %14s\n' "  children started / exits the agent announced" "$(val spawns_auto started)/$(val spawns_auto exited_seen)" "$(val spawns_poll started)/$(val spawns_poll exited_seen)" "$(val spawns_plain started)/-"
    printf '%-52s %14s %14s %14s\n' "process CPU at $rate spawns/s, ms" "$(val spawns_auto process_cpu_ms)" "$(val spawns_poll process_cpu_ms)" "$(val spawns_plain process_cpu_ms)"
} | tee "$out/table.txt"
