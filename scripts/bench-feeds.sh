#!/usr/bin/env bash
# Live-feed benchmark (figures printed, never a timed test). Run by ./tickstream bench feeds (scripts/bench.sh).
# A local fake Binance sends frames over a real WebSocket -> feed runner -> decode, trade ids, buffer, encode,
# XADD (append script, pipelined): sustained 5,000 trades/s + 1,000 tickers/s with latency, then flat out,
# beside redis-benchmark XADD of the same trade entry on one connection, pipeline 64, in the same run.
# BENCH_FEED_SECONDS: the sustained part (default 20 s; 60 s with BENCH_LONG=1). BENCH_ENTRIES: flat-out frames (200,000).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
SECONDS_SUSTAINED=${BENCH_FEED_SECONDS:-$(bench_long 20 60)}   # BENCH_FEED_BATCH: events per append round (the feeds' batch-size, default 500)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
N=${BENCH_ENTRIES:-200000}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD)"
# compiled in the reactor (sibling modules from their target/classes): nothing is installed into ~/.m2
bench_build -pl market-ingest-service -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="market-ingest-service/target/classes:market-ingest-service/target/test-classes:$(cat market-ingest-service/target/bench.classpath)"

# a trade entry as the codec writes it (13 fields)
fields='v 1 type trade id trade:binance:SAX:USDT:1000001 source binance sourceTime 1763800000000 ingestTime 1763800000042 traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 symbol SAX quote USDT price 100.25 size 0.5 side buy tradeId 1000001'
key="bench:redis-benchmark:$$"
redis_cpu() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.3f", s}'; }
# the reference, run before and after the feed (the machine's load moves): entries/s, and redis-server CPU per entry
reference() {
  local cpu0 cpu1 out
  cpu0=$(redis_cpu)
  out=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n "$N" -c 1 -P 64 XADD "$key" MAXLEN '~' 1000000 '*' $fields 2>/dev/null | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -n 1)
  cpu1=$(redis_cpu)
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL "$key" >/dev/null
  echo "${out%% *} $(awk -v a="$cpu0" -v b="$cpu1" -v n="$N" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')"
}
read -r baseline ref_cpu < <(reference)
echo "redis-benchmark XADD of a trade entry, 1 connection, pipeline 64: $baseline entries/s (redis-server $ref_cpu µs per entry)"

out=$(mktemp /tmp/bench-feeds.XXXXXX.txt)
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp" io.tickstream.ingest.feed.FeedBenchmark "$SECONDS_SUSTAINED" "$N" "$baseline" ${BENCH_FEED_BATCH:-500} | tee "$out"
read -r after after_cpu < <(reference)
echo "redis-benchmark XADD again, after the feed: $after entries/s (redis-server $after_cpu µs per entry)"

# summary: flat out against the reference before the feed (and after it), the sustained rate kept up or not, its latency
flat=$(num "$(grep -Eo '= [0-9.]+ entries/s; redis-benchmark' "$out")")
r=$(ratio "$flat" "$baseline"); r_after=$(ratio "$flat" "$after")
summary_row feeds "flat out: trades appended/s" "$(group "$flat")/s" "redis-benchmark XADD -c1 -P64 $(group "$baseline")/s (after: $(group "$after")/s)" \
  "$r (after: $r_after)" "≥ 0.5" "$(met "$r" '>=' 0.5)"
sustained=$(grep -Eo '\([0-9]+ entries/s; sending' "$out" | grep -Eo '[0-9]+' | head -n 1)
waiting=$(grep -Eo 'stopped: [0-9]+' "$out" | grep -Eo '[0-9]+')
overflow=$(grep -Eo 'overflow [0-9.]+' "$out" | head -n 1 | grep -Eo '[0-9]+' | head -n 1)
kept=no; [ "$waiting" = 0 ] && [ "$overflow" = 0 ] && kept=yes
summary_row feeds "sustained 5,000 trades/s + 1,000 tickers/s, ${SECONDS_SUSTAINED} s: entries/s" "$(group "$sustained")/s, $waiting waiting at the end, $overflow overflow" \
  "-" "-" "kept up (nothing waiting, no overflow)" "$kept"
line=$(grep -F 'frame receipt -> XADD' "$out" || true)
latency="p50 $(grep -Eo 'p50 [0-9.]+ ms' <<<"$line" | cut -d' ' -f2-), p99 $(grep -Eo 'p99 [0-9.]+ ms' <<<"$line" | cut -d' ' -f2-)"
summary_row feeds "sustained: frame receipt → XADD ack (warm-up included)" "$latency" "-" "-" "-" "-"
rm -f "$out"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
