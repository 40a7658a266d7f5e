#!/bin/sh
# The churn run: N short-lived descendants (default 2,000, as in mvn verify) under four JMX clients (ChurnIT with
# -Djpsutil.churn.processes=N). Needs the api installed
# (mvn -o -q install -DskipTests at the top). The figures are printed and kept in
# agent/target/churn-summary-root-2000.txt and churn-summary-uid65534-2000.txt; src/site/reliability.md quotes them.
#   agent/src/test/churn.sh [N]
set -e
cd "$(dirname "$0")/../.."
n="${1:-2000}"
mvn -o -B -q verify -Dit.test=ChurnIT -Djpsutil.churn.processes="$n" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
cat target/churn-summary-*-"$n".txt
