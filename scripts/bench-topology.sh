#!/usr/bin/env bash
# Topology benchmark (figures printed, never a timed test). Run by ./tickstream bench topology.
# The ingest and backup services as processes, on one Redis and on a 3-master Redis Cluster (+3 replicas),
# both started on free high ports in the same run (testkit PrivateRedis / PrivateRedisCluster), never 6379:
# ingest entries/s on the simulated market and archive rows/s draining the backlog it left; then the whole
# suite on one Redis for Redis CPU per entry with every consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
SYMBOLS=${BENCH_SYMBOLS:-400}
POLL_MS=${BENCH_POLL_MS:-20}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# the jars the benchmark starts and e2e's test classpath, resolved in one reactor build (nothing installed in ~/.m2)
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
"$JAVA_HOME/bin/java" -cp "$cp" io.tickstream.e2e.TopologyBenchmark "$SYMBOLS" "$POLL_MS"
# the whole suite on one Redis at a steady rate: Redis CPU per entry with every consumer (the capacity plan's figure)
"$JAVA_HOME/bin/java" -cp "$cp" io.tickstream.e2e.TopologyBenchmark "$SYMBOLS" "$POLL_MS" suite
