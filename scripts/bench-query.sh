#!/usr/bin/env bash
# Query service benchmark (figures printed, never a timed test), loopback only, bounded durations.
#  1. GET /api/v1/quotes/BTC (served from L1, pre-serialized) beside GET /bench/baseline (a bare
#     WebFlux endpoint answering a fixed JSON of the same size) in the same run, at full load;
#     then both at half of the baseline's full-load rate: p99 latency.
#  2. A cold candles request (read from the rollups, 1,000 one-minute candles) vs the same one cached.
#  3. Hit rate under a Zipf-like mix of symbols (candles and quotes).
# BENCH_SECTIONS=13 runs only sections 1 and 3; BENCH_DURATION, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_SYMBOLS.
# Defaults fit `./tickstream bench` in 15 minutes: 5 s per wrk run, 2 rounds, 5 s of warm-up per URL; BENCH_LONG=1
# gives the figures before 2026-12-08 their settings back (10 s, 3 rounds, 10 s).
# Uses the test servers (TICKSTREAM_TEST_REDIS_*/TICKSTREAM_TEST_PG_*, default local), streams, key
# prefixes and a schema of its own, removed afterwards. Needs wrk, redis-cli, psql, curl.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}; REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
PG_HOST=${TICKSTREAM_TEST_PG_HOST:-127.0.0.1}; PG_PORT=${TICKSTREAM_TEST_PG_PORT:-5432}
PG_DB=${TICKSTREAM_TEST_PG_DATABASE:-test}; PG_USER=${TICKSTREAM_TEST_PG_USER:-postgres}
DURATION=${BENCH_DURATION:-$(bench_long 5 10)}   # seconds per measured wrk run
ROUNDS=${BENCH_ROUNDS:-$(bench_long 2 3)}
WARMUP=${BENCH_WARMUP:-$(bench_long 5 10)}       # seconds of wrk per URL before the rounds
CONNECTIONS=${BENCH_CONNECTIONS:-32}
export BENCH_SYMBOLS=${BENCH_SYMBOLS:-100}
PORT=${BENCH_PORT:-18084}
TAG=bench-$(date +%s)-$$
SCHEMA=bench_query_$(date +%s)_$$
MD=crypto:market_data:$TAG; DB=crypto:dashboard:$TAG; HL=system:health:$TAG; CT=tickstream:ingest:control:$TAG
STATE=tickstream:query:state:$TAG; CACHE=tickstream:query:cache:$TAG:
rcli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -q -v ON_ERROR_STOP=1 "$@"; }
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  rcli DEL "$MD:{p0}" "$DB" "$HL" "$CT" >/dev/null || true
  for prefix in "$STATE" "$CACHE"; do
    rcli --scan --pattern "$prefix*" | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK >/dev/null || true
  done
  pg -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
bench_build -pl market-query-service -am -DskipTests package
JAR=$(ls market-query-service/target/market-query-service-*.jar | grep -v original | head -1)
source scripts/bench-query/bench-endpoints.sh   # /bench/** from the test classes, not in the jar

# history: one consensus quote a minute for the last 1,000 minutes, per symbol
pg -c "CREATE SCHEMA $SCHEMA"
for f in $(ls stream-backup-service/src/main/resources/db/migration/V*.sql | sort -V); do
  { echo "SET search_path TO $SCHEMA;"; cat "$f"; } | pg >/dev/null
done
pg -c "INSERT INTO $SCHEMA.market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
       SELECT 'quote:consensus:' || s.sym || ':USD:' || m, s.sym, 'USD', 'consensus', 100 + (m % 37) + s.n,
              date_trunc('minute', now()) - m * interval '1 minute' + interval '7 second', now(), 1, 'tp', '0-0'
       FROM (SELECT 'BTC' AS sym, 0 AS n UNION ALL SELECT 'C' || lpad(i::text, 3, '0'), i FROM generate_series(1, $BENCH_SYMBOLS) i) s,
            generate_series(0, 999) m" >/dev/null
# the candles the backup service keeps of them (one quote a minute: each its own candle)
pg -c "INSERT INTO $SCHEMA.candles_1m (symbol, source, quote, open_time, open, high, low, close, open_at, close_at, ticks, origin)
       SELECT symbol, source, quote, date_trunc('minute', source_time), price, price, price, price, source_time, source_time, 1, 'live'
       FROM $SCHEMA.market_quotes" >/dev/null
for w in 300 900 3600 14400; do
  pg -c "INSERT INTO $SCHEMA.candles_derived (interval_s, symbol, source, quote, open_time, open, high, low, close, ticks, origin)
         SELECT $w, symbol, source, quote, date_bin(interval '$w seconds', open_time, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
                (array_agg(open ORDER BY open_time))[1], max(high), min(low), (array_agg(close ORDER BY open_time DESC))[1], sum(ticks), 'live'
         FROM $SCHEMA.candles_1m GROUP BY 2, 3, 4, 5" >/dev/null
done
pg -c "INSERT INTO $SCHEMA.candle_series SELECT symbol, source, quote, min(open_time), max(open_time) FROM $SCHEMA.candles_1m GROUP BY 1, 2, 3" >/dev/null
pg -c "ANALYZE $SCHEMA.market_quotes; ANALYZE $SCHEMA.candles_1m; ANALYZE $SCHEMA.candles_derived" >/dev/null

# latest quotes on the bench's own stream: BTC from four sources and consensus, the other symbols consensus only
now=$(date +%s%3N)
tp=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01
{
  for src in coingecko binance kraken coinbase; do
    echo "XADD $MD:{p0} * v 1 type quote id quote:$src:BTC:USD:$now source $src sourceTime $now ingestTime $now traceparent $tp symbol BTC quote USD price 67012.5 change24hPct 2.15 volume24h 31234567890.12 marketCap 1327000000000 high24h 67500 low24h 65100"
  done
  echo "XADD $MD:{p0} * v 1 type quote id quote:consensus:BTC:USD:$now source consensus sourceTime $now ingestTime $now traceparent $tp symbol BTC quote USD price 67012.5 consensusSources 4 consensusLow 67001 consensusHigh 67030.25"
  for i in $(seq 1 "$BENCH_SYMBOLS"); do
    s=$(printf 'C%03d' "$i")
    echo "XADD $MD:{p0} * v 1 type quote id quote:consensus:$s:USD:$now source consensus sourceTime $now ingestTime $now traceparent $tp symbol $s quote USD price $((100 + i)) change24hPct $((i % 13 - 6)).5 consensusSources 3 consensusLow $((99 + i)) consensusHigh $((101 + i))"
  done
} | rcli >/dev/null

# the admin endpoints (cache clear and stats) need the admin key: one of this run's own
ADMIN_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_app() {
  TICKSTREAM_ADMIN_APIKEY="$ADMIN_KEY" \
  "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED "${QUERY_SERVICE[@]}" --server.port="$PORT" \
    --management.server.port=$((PORT + 1000)) \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
    --spring.r2dbc.url="r2dbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" --spring.r2dbc.username="$PG_USER" \
    --tickstream.query.history.schema="$SCHEMA" \
    --tickstream.query.streams.market-data="$MD" --tickstream.streams.partitions=1 --tickstream.query.streams.dashboard="$DB" \
    --tickstream.query.streams.health="$HL" --tickstream.query.streams.control="$CT" \
    --tickstream.query.streams.state-key-prefix="$STATE" --tickstream.query.cache.key-prefix="$CACHE" \
    --tickstream.query.quotes.max-age=1h \
    --tickstream.query.bench.baseline=true --tickstream.query.bench.baseline-size="$1" \
    --logging.level.root=WARN >/tmp/bench-query-app.log 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/api/v1/quotes/BTC" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "service did not start; see /tmp/bench-query-app.log" >&2; exit 1
}

# the baseline must be as large as the quote answer: started with the size it has had (773 bytes), measured, and
# started again with the measured size only when it differs
start_app "${BENCH_BASELINE_SIZE:-773}"
SIZE=$(curl -s "http://127.0.0.1:$PORT/api/v1/quotes/BTC" | wc -c)
if [ "$SIZE" != "$(curl -s "http://127.0.0.1:$PORT/bench/baseline" | wc -c)" ]; then
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  start_app "$SIZE"
fi
echo "== answer size: /api/v1/quotes/BTC $SIZE bytes, /bench/baseline $(curl -s "http://127.0.0.1:$PORT/bench/baseline" | wc -c) bytes"

URL=http://127.0.0.1:$PORT
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
run() { wrk -t1 -c"$1" -d"$2"s --latency "${@:3}"; }

SECTIONS=${BENCH_SECTIONS:-123}
if [[ $SECTIONS == *1* ]]; then
echo "== 1. throughput: quotes from L1 vs bare endpoint, alternated over $ROUNDS rounds (1 wrk thread, $CONNECTIONS connections, ${DURATION}s each, after $WARMUP s of warm-up each)"
run "$CONNECTIONS" "$WARMUP" "$URL/bench/baseline" >/dev/null; run "$CONNECTIONS" "$WARMUP" "$URL/api/v1/quotes/BTC" >/dev/null
bases=(); quotes=()
for round in $(seq 1 "$ROUNDS"); do
  base_out=$(run "$CONNECTIONS" "$DURATION" "$URL/bench/baseline")
  quote_out=$(run "$CONNECTIONS" "$DURATION" "$URL/api/v1/quotes/BTC")
  bases+=("$(echo "$base_out" | rps)"); quotes+=("$(echo "$quote_out" | rps)")
  echo "round $round: baseline /bench/baseline ${bases[-1]} req/s (p99 $(echo "$base_out" | p99)), quotes /api/v1/quotes/BTC ${quotes[-1]} req/s (p99 $(echo "$quote_out" | p99))"
done
base=$(printf '%s\n' "${bases[@]}" | awk '{s+=$1} END {printf "%.0f", s/NR}')
quote=$(printf '%s\n' "${quotes[@]}" | awk '{s+=$1} END {printf "%.0f", s/NR}')
awk -v q="$quote" -v b="$base" 'BEGIN { printf "mean: baseline %d req/s, quotes %d req/s, ratio %.1f %% (target >= 85 %%)\n", b, q, 100 * q / b }'
r=$(ratio "$quote" "$base")
summary_row query "GET /api/v1/quotes/BTC from L1, req/s (mean of $ROUNDS rounds)" "$(group "$quote")/s" "bare endpoint, same size, $(group "$base")/s" \
  "$r" "≥ 0.85" "$(met "$r" '>=' 0.85)"

# half load: connections each waiting D ms between requests, D chosen so connections/D ~ baseline/2
half=$(awk -v b="$base" 'BEGIN { printf "%d", b / 2 }')
delay_ms=5
conns=$(awk -v h="$half" -v d="$delay_ms" 'BEGIN { c = int(h * d / 1000 + 0.5); if (c < 1) c = 1; print c }')
echo "== 1b. latency at half the baseline's rate (target ~$half req/s: $conns connections, ${delay_ms} ms pause each)"
declare -A half_p99=()
for path in /bench/baseline /api/v1/quotes/BTC; do
  out=$(BENCH_DELAY_MS=$delay_ms BENCH_PATH=$path run "$conns" "$DURATION" -s scripts/bench-query/paced.lua "$URL")
  printf '%-22s %s req/s  p50 %s  p99 %s (target p99 < 5 ms)\n' "$path" "$(echo "$out" | rps)" \
    "$(echo "$out" | awk '/ 50%/ {print $2}')" "$(echo "$out" | p99)"
  half_p99[$path]=$(to_ms "$(echo "$out" | p99)")
done
q99=${half_p99[/api/v1/quotes/BTC]}; b99=${half_p99[/bench/baseline]}
summary_row query "quotes at half the bare endpoint's rate: p99" "$q99 ms" "bare endpoint $b99 ms" "$(ratio "$q99" "$b99")" "< 5 ms" "$(met "$q99" '<' 5)"

fi
if [[ $SECTIONS == *2* ]]; then
echo "== 2. candles: cold (read from the rollups, 1,000 one-minute candles) vs cached"
to=$(( $(date +%s) / 60 * 60 + 60 ))
cold=(); for k in 1 2 3 4 5; do
  t=$(curl -s -o /dev/null -w '%{time_total}' "$URL/api/v1/quotes/BTC/candles?interval=1m&limit=1000&to=$((to - k * 60))")
  cold+=("$t")
done
for _ in $(seq 1 20); do curl -s -o /dev/null "$URL/api/v1/quotes/BTC/candles?interval=1m&limit=1000&to=$((to - 60))"; done
hot=(); for _ in $(seq 1 20); do
  hot+=("$(curl -s -o /dev/null -w '%{time_total}' "$URL/api/v1/quotes/BTC/candles?interval=1m&limit=1000&to=$((to - 60))")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms", 1000 * a[int((NR+1)/2)]}'; }
echo "cold   median of 5 distinct keys: $(median "${cold[@]}")   (curl time_total, new connection each)"
summary_row query "candles, 1,000 of 1m: cold (median of 5 ranges)" "$(median "${cold[@]}")" "-" "-" "-" "-"
summary_row query "candles, 1,000 of 1m: cached (median of 20)" "$(median "${hot[@]}")" "-" "-" "-" "-"
echo "cached median of 20:              $(median "${hot[@]}")   (X-Cache $(curl -s -D - -o /dev/null "$URL/api/v1/quotes/BTC/candles?interval=1m&limit=1000&to=$((to - 60))" | awk -F': ' '/X-Cache/ {print $2}' | tr -d '\r'))"
wrk_cached=$(run 8 5 "$URL/api/v1/quotes/BTC/candles?interval=1m&limit=1000&to=$((to - 60))")
echo "cached under load (8 connections, 5 s): $(echo "$wrk_cached" | rps) req/s, p99 $(echo "$wrk_cached" | p99)"

fi
if [[ $SECTIONS == *3* ]]; then
echo "== 3. hit rate, Zipf-like mix over $BENCH_SYMBOLS symbols (s = 1.1; the last 60 candles of 4 intervals, 1 in 4 a quote)"
curl -s -X POST -H "X-Admin-Key: $ADMIN_KEY" "$URL/admin/cache/clear" >/dev/null
stats() { curl -s -H "X-Admin-Key: $ADMIN_KEY" "$URL/admin/cache/stats" | python3 -c "import json,sys; s=json.load(sys.stdin); print(s['l1']['hits'], s['l1']['misses'], s['l2']['hits'], s['computations'])"; }
zipf() { # $1 label, $2 seconds
  read -r h0 m0 l20 c0 <<<"$(stats)"
  zipf_out=$(run "$CONNECTIONS" "$2" -s scripts/bench-query/zipf.lua "$URL")
  read -r h1 m1 l21 c1 <<<"$(stats)"
  echo "$1 (${2}s): $(echo "$zipf_out" | awk '/requests in/ {print $1}') requests, $(echo "$zipf_out" | rps) req/s, p99 $(echo "$zipf_out" | p99), $(echo "$zipf_out" | awk '/Socket errors/ {print "timeouts " $NF}' | grep . || echo "timeouts 0"), non-2xx $(echo "$zipf_out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)"
  awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) -v l2=$((l21 - l20)) -v c=$((c1 - c0)) 'BEGIN {
    printf "  L1 hits %d, L1 misses %d, L2 hits %d, computations %d; hit rate: L1 %.2f %%, any tier %.2f %% (target >= 95 %%)\n",
      h, m, l2, c, 100 * h / (h + m), 100 * (h + m - c) / (h + m) }'
  hit_l1=$(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) 'BEGIN { printf "%.2f", 100 * h / (h + m) }')
  hit_any=$(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) -v c=$((c1 - c0)) 'BEGIN { printf "%.2f", 100 * (h + m - c) / (h + m) }')
}
zipf "from a cold cache" "$DURATION"
summary_row query "hit rate, Zipf mix of $BENCH_SYMBOLS symbols, first ${DURATION} s from a cold cache" "L1 $hit_l1 %, any tier $hit_any %" "-" "-" "-" "-"
warm_s=$(bench_long "$DURATION" "$((2 * DURATION))")
zipf "then, warm" "$warm_s"
summary_row query "hit rate, Zipf mix, warm ($warm_s s): L1" "$hit_l1 %" "-" "-" "≥ 95 %" "$(met "$hit_l1" '>=' 95)"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
