#!/usr/bin/env bash
# The soak run (not in CI): two instances of every service as processes on a Redis of its own, the simulated
# market at a high rate and WebSocket clients through the gateway, for SOAK_DURATION (default 30 minutes);
# prints keys against rows, the archive backlog, heap after GC, connections at every interval, and fails when one
# of them grows without bound. ./tickstream soak [duration [interval [symbols [poll-ms]]]], e.g. PT10M PT30S 50 100.
set -euo pipefail
cd "$(dirname "$0")/.."
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -cp "$cp" io.tickstream.e2e.Soak "${1:-${SOAK_DURATION:-PT30M}}" "${2:-PT1M}" "${3:-50}" "${4:-100}"
