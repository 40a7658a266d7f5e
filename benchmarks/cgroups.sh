#!/usr/bin/env bash
# The cost of the cgroup figures (issue 15): the agent's CPU time per sampling round with 100
# tracked `sleep` children, with the cgroup figures on (the default) and off (cgroups=false), the
# two host JVMs side by side (CPU time is what is compared, so running them together does not bias
# it), ROUNDS times. Target: on/off at most 1.20.
#
#   benchmarks/cgroups.sh         (build the agent jar first: mvn -B -pl api,agent -am package -DskipTests)
#   AGENT_JAR=path  WINDOW=30 (s)  ROUNDS=3  CHILDREN=100  INTERVAL=500ms  WARMUP=300 (rounds)
#
# As root, the hosts (and so their children) run in a fresh memory and cpu cgroup each, as in a
# container; otherwise in this shell's cgroup. Writes benchmarks/target/cgroups/ (table.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/cgroups"
agent_jar=${AGENT_JAR:-$root/agent/target/jpsutil-agent.jar}
window=${WINDOW:-30}
rounds=${ROUNDS:-3}
children=${CHILDREN:-100}
interval=${INTERVAL:-500ms}
java=${JAVA:-java}
[ -f "$agent_jar" ] || { echo "missing $agent_jar (mvn -B -pl api,agent -am package -DskipTests)" >&2; exit 1; }

mkdir -p "$out/classes"
rm -f "$out"/*.txt "$out"/*.pids
javac -d "$out/classes" "$here/src/main/java/io/github/jpsutil/bench/AgentHost.java"

hosts=()
groups=()
cleanup() {
    trap - EXIT INT TERM
    for p in ${hosts[@]+"${hosts[@]}"}; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for f in "$out"/*.pids; do
        [ -f "$f" ] || continue
        while read -r p; do
            a=
            { IFS= read -r -d '' a <"/proc/$p/cmdline"; } 2>/dev/null || true
            [ "$a" = sleep ] && kill "$p" 2>/dev/null
        done <"$f"
    done
    for g in ${groups[@]+"${groups[@]}"}; do rmdir "$g" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# Starts a host JVM in the background: label, cgroups option (true or false).
host() {
    local label=$1 prefix=()
    if [ "$(id -u)" = 0 ] && [ -d /sys/fs/cgroup/memory ] && [ -d /sys/fs/cgroup/cpu ]; then
        local m=/sys/fs/cgroup/memory/jpsutil-bench-$label-$$ c=/sys/fs/cgroup/cpu/jpsutil-bench-$label-$$
        mkdir -p "$m" "$c"
        groups+=("$m" "$c")
        prefix=(sh -c "echo \$\$ > $m/cgroup.procs && echo \$\$ > $c/cgroup.procs && exec \"\$0\" \"\$@\"")
    fi
    ${prefix[@]+"${prefix[@]}"} "$java" -javaagent:"$agent_jar"=interval="$interval",cgroups="$2" -Dbench.agent=true \
        -Dbench.clktck="$(getconf CLK_TCK)" -Dbench.warmup="${WARMUP:-300}" -Dbench.pids="$out/$label.pids" \
        -cp "$out/classes" io.github.jpsutil.bench.AgentHost cost "$children" "$window" >"$out/$label.txt" 2>>"$out/log.txt" &
    hosts+=($!)
}

for r in $(seq "$rounds"); do
    echo "round $r of $rounds: two hosts with $children children each, ${window}s..." >&2
    host "on_$r" true
    host "off_$r" false
    wait "${hosts[@]}"
    hosts=()
done

# agent_cpu_ms / samples of each host, and the ratio of the sums
{
    printf "%-8s %12s %8s %14s\n" host agent_cpu_ms samples ms_per_round
    for f in "$out"/on_*.txt "$out"/off_*.txt; do
        cpu=$(tr ' ' '\n' <"$f" | sed -n 's/^agent_cpu_ms=//p')
        n=$(tr ' ' '\n' <"$f" | sed -n 's/^samples=//p')
        printf "%-8s %12.1f %8d %14.3f\n" "$(basename "$f" .txt)" "$cpu" "$n" "$(echo "$cpu / $n" | bc -l)"
    done
} | tee "$out/table.txt"
sum() { cat "$out"/"$1"_*.txt | tr ' ' '\n' | sed -n "s/^$2=//p" | paste -sd+ | bc -l; }
ratio=$(echo "($(sum on agent_cpu_ms) / $(sum on samples)) / ($(sum off agent_cpu_ms) / $(sum off samples))" | bc -l)
printf "cgroup figures on / off, CPU per round: %.3f (target: at most 1.20)\n" "$ratio" | tee -a "$out/table.txt"
