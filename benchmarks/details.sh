#!/usr/bin/env bash
# Today's psutil values, jpsutil against psutil 5.9.4, side by side in one run, as ratios:
#   memory_full_info() of every process on the machine (target: jpsutil at least 2x faster)
#   ps --json --all's dicts over every process vs psutil's process_iter as_dict of the same
#   fields (target: at least 2x faster)
# Both sides run the same number of rounds after warm-up rounds, in-process, and report the
# median round. Then the end-to-end commands once each (start-up included), for reference.
#
#   benchmarks/details.sh          ROUNDS=20 (default) rounds per measure
# Needs a JDK 17+, Maven (the api is built in the reactor, never installed), and Debian's
# /usr/bin/python3 with python3-psutil 5.9.4.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${ROUNDS:-20}
python=${PSUTIL_PYTHON:-/usr/bin/python3}
out="$here/target/details"
mkdir -p "$out"

mvn -q -B -f "$root/pom.xml" -pl api,examples -am package -DskipTests >"$out/build.log" 2>&1
jna=$(mvn -q -B -Dstyle.color=never -f "$root/api/pom.xml" dependency:build-classpath -Dmdep.outputFile=/dev/stdout \
    2>>"$out/build.log" | grep -o '/[^:]*/jna-[0-9][^:]*\.jar' | head -1)
cp="$root/api/target/classes:$jna"

keys=$(java -cp "$cp" "$here/src/main/details/DetailsBench.java" 1 | sed -n 's/^keys //p')
"$python" "$here/src/main/python/details_psutil.py" "$rounds" "$keys" >"$out/psutil.txt"
attrs=$(sed -n 's/^attrs //p' "$out/psutil.txt")  # the fields both have
java -cp "$cp" "$here/src/main/details/DetailsBench.java" "$rounds" "$attrs" >"$out/jpsutil.txt" 2>"$out/jpsutil-errors.txt"
if [ -s "$out/jpsutil-errors.txt" ]; then echo "jpsutil's side reported errors:"; head -5 "$out/jpsutil-errors.txt"; fi

field() { awk -v k="$1" -v i="$2" '$1 == k { print $i }' "$3"; }
printf '%-44s %12s %12s %10s %8s\n' "median of $rounds rounds, all processes" "jpsutil ms" "psutil ms" "speed-up" "target"
for m in full all; do
    j=$(field $m 2 "$out/jpsutil.txt"); p=$(field $m 2 "$out/psutil.txt")
    jn=$(field $m 4 "$out/jpsutil.txt"); pn=$(field $m 4 "$out/psutil.txt")
    label=$([ $m = full ] && echo "memory_full_info ($jn / $pn processes)" || echo "ps --json --all dicts ($jn / $pn)")
    printf '%-44s %12s %12s %9.2fx %8s\n' "$label" "$j" "$p" "$(echo "$p / $j" | bc -l)" ">= 2x"
done
echo "fields read by both: $attrs"

# end to end, once each: a JVM start against a Python start, printing JSON
t0=$(date +%s%N); java -jar "$root/examples/target/jpsutil-examples.jar" ps --json --attrs "$attrs" >/dev/null; t1=$(date +%s%N)
"$python" -c "
import json, psutil, sys
attrs = sys.argv[1].split(',')
for p in psutil.process_iter(attrs, ad_value=None):
    print(json.dumps(p.info, default=str))" "$attrs" >/dev/null
t2=$(date +%s%N)
printf '%-44s %12.1f %12.1f %9.2fx %8s\n' "end to end, start-up included (once)" "$(echo "($t1-$t0)/1000000" | bc -l)" \
    "$(echo "($t2-$t1)/1000000" | bc -l)" "$(echo "($t2-$t1)/($t1-$t0)" | bc -l)" "-"
