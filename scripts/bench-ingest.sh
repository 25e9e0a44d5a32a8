#!/usr/bin/env bash
# Ingest benchmark (figures printed, never a timed test). Run by ./tickstream bench (scripts/bench.sh).
# Ingest: decode -> normalize -> validate -> encode -> XADD (append-if-newer script, pipelined)
# beside redis-benchmark XADD of entries with the same fields, on the same Redis, in the same run.
# BENCH_ENTRIES: entries per run (default 100,000; 200,000 with BENCH_LONG=1, as the figures before 2026-12-08).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
N=${BENCH_ENTRIES:-$(bench_long 100000 200000)}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
# compiled in the reactor (sibling modules from their target/classes): nothing is installed into ~/.m2
bench_build -pl market-ingest-service -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="market-ingest-service/target/classes:market-ingest-service/target/test-classes:$(cat market-ingest-service/target/bench.classpath)"

# an entry shaped like a Binance quote as the codec writes it (18 fields)
fields='v 1 type quote id quote:binance:BTC:USDT:1763800000000 source binance sourceTime 1763800000000 ingestTime 1763800000042 traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 symbol BTC quote USDT price 67012.34 change24hPct -1.234 volume24h 1234567890.12 high24h 68000.1 low24h 66000.2'
key="bench:redis-benchmark:$$"
baseline() { # label, clients, pipeline
  local out
  out=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n "$N" -c "$2" -P "$3" XADD "$key" MAXLEN '~' 1000000 '*' $fields 2>/dev/null | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -n 1)
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL "$key" >/dev/null
  echo "$1 ${out%% *}"
}
b1=$(baseline "redis-benchmark XADD, 1 connection, pipeline 64:" 1 64)
b50=$(baseline "redis-benchmark XADD, 50 connections, pipeline 16:" 50 16)
echo "$b1 entries/s"
echo "$b50 entries/s"

redis_pid=$(pgrep -f "redis-server.*:$REDIS_PORT" | head -n 1 || true)
out=$(mktemp /tmp/bench-ingest.XXXXXX.txt)
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$cp" io.tickstream.ingest.poll.IngestPipelineBenchmark "$N" "${b1##* }" "${b50##* }" "$redis_pid" | tee "$out"

# summary: the pipeline (without and with consensus quotes) against redis-benchmark with 1 connection, pipeline 64
ref=${b1##* }
for label in "ingest pipeline" "same, plus a consensus"; do
  rate=$(num "$(grep -F "$label" "$out" | grep -Eo '= [0-9,]+ entries/s' | head -n 1)")
  figure="poll path entries/s"; [ "$label" = "ingest pipeline" ] || figure="poll path with consensus quotes, entries/s"
  r=$(ratio "$rate" "$ref")
  summary_row ingest "$figure" "$(group "$rate")/s" "redis-benchmark XADD -c1 -P64 $(group "$ref")/s" "$r" "≥ 0.5" "$(met "$r" '>=' 0.5)"
done
rm -f "$out"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
