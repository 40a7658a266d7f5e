#!/usr/bin/env bash
# Held descriptors against the C floor that opens every file each time, side by side in one run
# (alternating, so that load falls on both alike), printed as ratios:
#   - one process' snapshot through a held handle (a oneshot view per read),
#   - the sampler's round over CHILDREN tracked `sleep` children,
#   - system calls per process of a full listing (strace -c -f), jpsutil beside the floor.
# Each jpsutil figure with descriptors held (holdFiles 1024) and without (holdFiles 0).
#
#   benchmarks/held.sh            PAIRS=5 SECONDS=2 CHILDREN=100
#
# Needs a JDK 17+, Maven, gcc and strace. Builds the working tree's api (package, no install)
# and writes to benchmarks/target/held/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/held"
pairs=${PAIRS:-5}
seconds=${SECONDS_PER_RUN:-2}
nchildren=${CHILDREN:-100}
mkdir -p "$out"

children=()
cleanup() {
    if [ ${#children[@]} -gt 0 ]; then kill "${children[@]}" 2>/dev/null || true; fi
    wait 2>/dev/null || true
}
trap cleanup EXIT

mvn -q -B -f "$root/pom.xml" package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -pl api -am >"$out/build.log" 2>&1 ||
    { cat "$out/build.log" >&2; exit 1; }
# a copy: a later build in api/target must not change the jar under a running measurement
cp "$(ls "$root"/api/target/jpsutil-api-*.jar | grep -v -e sources -e javadoc | head -1)" "$out/jpsutil-api.jar"
api="$out/jpsutil-api.jar"
jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml")
jna="${MAVEN_REPO:-$HOME/.m2/repository}/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar"
gcc -O2 -Wall -o "$out/floor" "$here/src/main/c/floor.c" -lm
mkdir -p "$out/classes"
javac -d "$out/classes" -cp "$api" "$here/src/held/HeldBench.java"
cp=("$out/classes:$api:$jna")

for _ in $(seq "$nchildren"); do
    sleep 100000 &
    children+=("$!")
done
one=${children[0]}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(ls /proc | grep -c '^[0-9]') processes; $pairs alternating rounds of ${seconds}s each; CPU µs per process"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for what in snapshot round; do
    if [ "$what" = snapshot ]; then pids=("$one"); floor_mode=(pid "$one" "$seconds"); else pids=("${children[@]}"); floor_mode=(pids "$seconds" "${children[@]}"); fi
    : >"$out/$what-floor.txt"; : >"$out/$what-held.txt"; : >"$out/$what-open.txt"; : >"$out/$what-cheld.txt"
    for _ in $(seq "$pairs"); do
        "$out/floor" "${floor_mode[@]}" | sed 's/.*cpu_us_per_process=//' >>"$out/$what-floor.txt"
        java -cp "${cp[@]}" HeldBench read "$seconds" 1024 "${pids[@]}" >>"$out/$what-held.txt"
        java -cp "${cp[@]}" HeldBench read "$seconds" 0 "${pids[@]}" >>"$out/$what-open.txt"
        [ "$what" = snapshot ] && "$out/floor" held "$one" "$seconds" | sed 's/.*cpu_us_per_process=//' >>"$out/$what-cheld.txt"
    done
    f=$(median <"$out/$what-floor.txt"); h=$(median <"$out/$what-held.txt"); o=$(median <"$out/$what-open.txt")
    label=$([ "$what" = snapshot ] && echo "one process' snapshot, handle held" || echo "sampler's round, ${#pids[@]} children")
    awk -v l="$label" -v f="$f" -v h="$h" -v o="$o" 'BEGIN {
        printf "%-40s floor %7.2f | held %7.2f (%.2fx floor) | opened each time %7.2f (%.2fx floor)\n", l, f, h, h / f, o, o / f }'
    if [ -s "$out/$what-cheld.txt" ]; then
        c=$(median <"$out/$what-cheld.txt")
        awk -v f="$f" -v c="$c" 'BEGIN { printf "%-40s C through held descriptors %7.2f (%.2fx floor): the kernel'"'"'s part of a held read\n", "", c, c / f }'
    fi
done

# System calls per process of a full listing: (calls in 6 passes - calls in 1 pass) / processes in the 5 more.
count() { # name passes command... -> "processes calls" and the per-call table in $out/strace-name-passes.txt
    local name=$1 n=$2; shift 2
    local procs
    procs=$(strace -f -c -o "$out/strace-$name-$n.txt" "$@" passes "$n" | sed 's/.*processes=//')
    echo "$procs $(awk '$NF == "total" {print $4}' "$out/strace-$name-$n.txt")"
}
per_call() { # name -> per-process count of each system call
    python3 - "$out/strace-$1-1.txt" "$out/strace-$1-6.txt" "$2" <<'PY'
import sys
# calls on files; the JVM's own threads (JIT: gettid, sysinfo, mprotect; GC: futex) are left out
FILE_CALLS = {"openat", "open", "read", "pread64", "close", "readlink", "readlinkat", "newfstatat", "fstat", "statx",
              "lseek", "getdents64", "access", "faccessat2"}
def calls(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 5 and f[0][0].isdigit() and f[-1] in FILE_CALLS:
            out[f[-1]] = int(f[3])
    return out
a, b, procs = calls(sys.argv[1]), calls(sys.argv[2]), float(sys.argv[3])
d = {k: (b.get(k, 0) - a.get(k, 0)) / procs for k in set(a) | set(b)}
print("  %.2f on files: " % sum(d.values()) + ", ".join("%s %.2f" % (k, v) for k, v in sorted(d.items(), key=lambda kv: -kv[1]) if v >= 0.05))
PY
}
read -r fp1 fc1 < <(count floor 1 "$out/floor")
read -r fp6 fc6 < <(count floor 6 "$out/floor")
read -r jp1 jc1 < <(count jpsutil 1 java -cp "${cp[@]}" HeldBench)
read -r jp6 jc6 < <(count jpsutil 6 java -cp "${cp[@]}" HeldBench)
awk -v a="$fc1" -v b="$fc6" -v p="$((fp6 - fp1))" -v c="$jc1" -v d="$jc6" -v q="$((jp6 - jp1))" 'BEGIN {
    printf "system calls per process, full listing, all threads:   floor %.2f | jpsutil %.2f\n", (b - a) / p, (d - c) / q }'
echo " floor:"; per_call floor "$((fp6 - fp1))"
echo " jpsutil:"; per_call jpsutil "$((jp6 - jp1))"
# The agent with 100 children at the default interval: its CPU and the host's open descriptors,
# heldFiles=0 (every file opened each round, as before) and heldFiles=1024, alternating. Needs
# the agent jar (mvn package -Dmaven.test.skip=true -pl api,agent -am); AgentHost uses the JDK only.
agent_jar=${AGENT_JAR:-$root/agent/target/jpsutil-agent.jar}
if [ -f "$agent_jar" ]; then
    cp "$agent_jar" "$out/jpsutil-agent.jar"
    javac -d "$out/classes" "$here/src/main/java/io/github/jpsutil/bench/AgentHost.java"
    window=${WINDOW:-30}
    rm -f "$out"/agent-*.txt
    for _ in $(seq "${AGENT_PAIRS:-2}"); do
        for held in 0 1024; do
            java -javaagent:"$out/jpsutil-agent.jar"=heldFiles=$held -Dbench.agent=true -Dbench.clktck="$(getconf CLK_TCK)" \
                -Dbench.warmup=0 -cp "$out/classes" io.github.jpsutil.bench.AgentHost cost "$nchildren" "$window" >>"$out/agent-$held.txt"
        done
    done
    for held in 0 1024; do
        python3 - "$out/agent-$held.txt" "$held" "$window" "$nchildren" <<'PY'
import statistics, sys
rows = [dict(w.split("=", 1) for w in line.split()) for line in open(sys.argv[1]) if "agent_cpu_ms" in line]
cpu = statistics.median(float(r["agent_cpu_ms"]) for r in rows)
fds = statistics.median(int(r["open_fds"]) for r in rows)
print("agent, %s children, heldFiles=%-5s agent threads' CPU %.1f ms per %s s (%.3f%% of a core), host's open descriptors %d"
      % (sys.argv[4], sys.argv[2], cpu, sys.argv[3], cpu / 10 / float(sys.argv[3]), fds))
PY
    done
else
    echo "agent: skipped (no $agent_jar)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
