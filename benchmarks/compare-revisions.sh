#!/usr/bin/env bash
# Two revisions of jpsutil-api side by side: the CPU time per process of a full listing with the
# classic attributes, and of one process' oneshot snapshot, measured in alternating JVMs so that
# load on the machine falls on both alike. For "is this change slower?", not for absolute figures
# (benchmarks/run.sh has those, against OSHI, psutil and the C floor).
#
#   benchmarks/compare-revisions.sh OLD NEW [PAIRS]   e.g. compare-revisions.sh main~3 HEAD 6
#
# Needs a JDK 17+, Maven (dependencies already in ~/.m2 or reachable) and git. Builds each
# revision's api from `git archive` under benchmarks/target/revisions/; installs nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
old=${1:?usage: compare-revisions.sh OLD NEW [PAIRS]}
new=${2:?usage: compare-revisions.sh OLD NEW [PAIRS]}
pairs=${3:-6}
rounds=${ROUNDS:-20}
out="$here/target/revisions"
rm -rf "$out"
mkdir -p "$out"

jna_version=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$root/pom.xml")
jna="${MAVEN_REPO:-$HOME/.m2/repository}/net/java/dev/jna/jna/$jna_version/jna-$jna_version.jar"
[ -f "$jna" ] || { echo "JNA not found at $jna (build the project once)" >&2; exit 1; }

build() { # rev -> path of its api jar
    local rev=$1 dir="$out/$(echo "$1" | tr '/~^' '___')"
    mkdir -p "$dir"
    git -C "$root" archive "$rev" | tar -x -C "$dir" # the parent lists every module: all must be there
    mvn -q -B -f "$dir/pom.xml" package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -pl api -am >"$dir/build.log" 2>&1 ||
        { cat "$dir/build.log" >&2; exit 1; }
    ls "$dir"/api/target/jpsutil-api-*.jar | grep -v -e sources -e javadoc | head -1
}
old_jar=$(build "$old")
new_jar=$(build "$new")
mkdir -p "$out/probe"
javac -d "$out/probe" -cp "$new_jar:$jna" "$here/src/revisions/RevisionProbe.java"

echo "old=$old ($(git -C "$root" rev-parse --short "$old"))  new=$new ($(git -C "$root" rev-parse --short "$new"))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(ls /proc | grep -c '^[0-9]') processes; $pairs alternating pairs of JVMs, median of $rounds rounds each"
for mode in listing one; do
    o=() n=()
    for _ in $(seq "$pairs"); do
        o+=("$(java -cp "$out/probe:$old_jar:$jna" RevisionProbe "$mode" "$rounds")")
        n+=("$(java -cp "$out/probe:$new_jar:$jna" RevisionProbe "$mode" "$rounds")")
    done
    printf '%s\n' "${o[@]}" >"$out/$mode-old.txt"
    printf '%s\n' "${n[@]}" >"$out/$mode-new.txt"
    python3 - "$mode" "$out/$mode-old.txt" "$out/$mode-new.txt" <<'PY'
import statistics, sys
mode, a, b = sys.argv[1], [float(x) for x in open(sys.argv[2])], [float(x) for x in open(sys.argv[3])]
ma, mb = statistics.median(a), statistics.median(b)
what = "full listing, us CPU/process" if mode == "listing" else "one process' snapshot, us CPU"
print("%-32s old %7.2f (%.2f-%.2f)  new %7.2f (%.2f-%.2f)  new/old %.2f" % (what, ma, min(a), max(a), mb, min(b), max(b), mb / ma))
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
