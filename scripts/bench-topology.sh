#!/usr/bin/env bash
# Topology benchmark (figures printed, never a timed test). Run by ./tickstream bench topology.
# The ingest and backup services as processes, on one Redis and on a 3-master Redis Cluster (+3 replicas),
# both started on free high ports in the same run (testkit PrivateRedis / PrivateRedisCluster), never 6379:
# ingest entries/s on the simulated market and archive rows/s draining the backlog it left.
# Default (to fit `./tickstream bench` in 15 minutes): one Redis and the cluster, 4 s warm-up, 8 s window, the
# archive rate over at most 10 s of the backlog. BENCH_LONG=1: as the figures before 2026-12-08 were measured
# (20 s warm-up, 30 s window, the whole backlog), the cluster with WAIT 1 too, then the whole suite on one Redis
# for Redis CPU per entry with every consumer (the capacity plan's figure).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
SYMBOLS=${BENCH_SYMBOLS:-400}
POLL_MS=${BENCH_POLL_MS:-20}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
props=(-Dbench.warmup="$(bench_long 4 20)" -Dbench.window="$(bench_long 8 30)" -Dbench.drain="$(bench_long 10 600)"
       -Dbench.topologies="$(bench_long one,cluster one,cluster,wait)")

# the jars the benchmark starts and e2e's test classpath, resolved in one reactor build (nothing installed in ~/.m2)
bench_build -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
out=$(mktemp /tmp/bench-topology.XXXXXX.txt)
"$JAVA_HOME/bin/java" "${props[@]}" -cp "$cp" io.tickstream.e2e.TopologyBenchmark "$SYMBOLS" "$POLL_MS" | tee "$out"
if [ "${BENCH_LONG:-0}" = 1 ]; then
  # the whole suite on one Redis at a steady rate: Redis CPU per entry with every consumer (the capacity plan's figure)
  "$JAVA_HOME/bin/java" -cp "$cp" io.tickstream.e2e.TopologyBenchmark "$SYMBOLS" "$POLL_MS" suite
fi

# summary: the cluster against one Redis measured in the same run (no target set: what 2 cores give a cluster)
rate() { grep -F "$1: ingest" "$out" | grep -Eo "$2 [0-9,]+ (entries|rows)/s" | head -n 1 | cut -d' ' -f2 | tr -d ','; }
one_in=$(rate "one Redis" ingest); one_ar=$(rate "one Redis" archive)
cl_in=$(rate "3-master cluster" ingest); cl_ar=$(rate "3-master cluster" archive)
summary_row topology "3-master cluster (+3 replicas): ingest entries/s" "$(group "$cl_in")/s" "one Redis $(group "$one_in")/s" \
  "$(ratio "$cl_in" "$one_in")" "-" "-"
summary_row topology "3-master cluster: archive rows/s" "$(group "$cl_ar")/s" "one Redis $(group "$one_ar")/s" \
  "$(ratio "$cl_ar" "$one_ar")" "-" "-"
if grep -qF "WAIT for 1 replica: ingest" "$out"; then
  w_in=$(rate "3-master cluster, WAIT for 1 replica" ingest)
  summary_row topology "cluster, WAIT 1 replica: ingest entries/s" "$(group "$w_in")/s" "the cluster $(group "$cl_in")/s" \
    "$(ratio "$w_in" "$cl_in")" "-" "-"
fi
rm -f "$out"
