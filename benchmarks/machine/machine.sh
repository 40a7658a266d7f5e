#!/usr/bin/env bash
# jpsutil's machine-wide calls beside psutil 5.9.4 (Debian's python3-psutil), and system-wide
# connections with 10,000 loopback TCP connections beside psutil and `ss -tanp`, in one run.
#
#   benchmarks/machine/machine.sh [CALL...]   (after `mvn -B -pl api -am package -DskipTests`;
#   with arguments, only the calls whose name contains one of them, without the 10,000 connections)
#
# Needs a JDK 17+, /usr/bin/python3 with python3-psutil 5.9.4, iproute2's ss, and a descriptor
# limit of at least 10,100 (ulimit -n). Runs MachineCalls.java from source against api/target/classes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jna=$(ls ~/.m2/repository/net/java/dev/jna/jna/"$(sed -n 's|.*<jna.version>\(.*\)</jna.version>.*|\1|p' "$root/pom.xml")"/jna-*.jar | head -1)
exec java -cp "$root/api/target/classes:$jna" "$here/MachineCalls.java" "$@"
