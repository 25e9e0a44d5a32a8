#!/usr/bin/env bash
# History benchmark (figures printed, never a timed test), loopback only: candles read from the rollups at the
# query service, cold (nothing cached: each request a range of its own) and cached (L1), against psql reading the
# same rows in the same run.
#  1. one day of 1-minute candles (1,440 rows of candles_1m; limit 1440)
#  2. one year of 1-hour candles (8,760 rows of candles_derived; limit 8760: the service runs with
#     tickstream.query.history.max-limit=10000 here, the default page is 1,000)
# BENCH_WARMUP: computed answers before measuring, per section (default 100 to fit `./tickstream bench` in 15 minutes;
# 300 with BENCH_LONG=1, as the figures before 2026-12-08). BENCH_QUERY_ARGS: more service arguments.
# The rollup tables hold BENCH_SERIES series (default 10: BTC consensus and others) of BENCH_DAYS (30) days of
# 1-minute candles and a year of 1-hour candles each, so the reads are index range scans in a table of some size.
# Uses the test servers (TICKSTREAM_TEST_REDIS_*/TICKSTREAM_TEST_PG_*, default local), a stream, key prefixes and a
# schema of its own, removed afterwards. Needs redis-cli, psql, curl.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}; REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
PG_HOST=${TICKSTREAM_TEST_PG_HOST:-127.0.0.1}; PG_PORT=${TICKSTREAM_TEST_PG_PORT:-5432}
PG_DB=${TICKSTREAM_TEST_PG_DATABASE:-test}; PG_USER=${TICKSTREAM_TEST_PG_USER:-postgres}
SERIES=${BENCH_SERIES:-10}
DAYS=${BENCH_DAYS:-30}
WARMUP=${BENCH_WARMUP:-$(bench_long 100 300)}
PORT=${BENCH_PORT:-18094}
TAG=bench-$(date +%s)-$$
SCHEMA=bench_history_$(date +%s)_$$
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

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
bench_build -pl market-query-service -am -DskipTests package
JAR=$(ls market-query-service/target/market-query-service-*.jar | grep -v original | head -1)

pg -c "CREATE SCHEMA $SCHEMA"
for f in $(ls stream-backup-service/src/main/resources/db/migration/V*.sql | sort -V); do
  { echo "SET search_path TO $SCHEMA;"; cat "$f"; } | pg >/dev/null
done
# monthly partitions of candles_1m for the data's months, as the backup service keeps them
pg -c "DO \$\$ DECLARE m date; BEGIN
  FOR m IN SELECT generate_series(date_trunc('month', now() - interval '$DAYS days'), date_trunc('month', now()), interval '1 month')::date LOOP
    EXECUTE format('CREATE TABLE $SCHEMA.candles_1m_p%s PARTITION OF $SCHEMA.candles_1m FOR VALUES FROM (%L) TO (%L)',
                   to_char(m, 'YYYY_MM'), m::timestamptz, (m + interval '1 month')::timestamptz);
  END LOOP; END \$\$" >/dev/null
started=$(date +%s)
pg -c "INSERT INTO $SCHEMA.candles_1m (symbol, source, quote, open_time, open, high, low, close, open_at, close_at,
         base_volume, quote_volume, ticks, trades, origin)
       SELECT s.sym, s.src, 'USD', t, 100 + s.n + (e % 37), 101 + s.n + (e % 37), 99 + s.n + (e % 37), 100.5 + s.n + (e % 37),
              t, t + interval '59 seconds', 1.25, 125 + s.n, 12, 7, 'live'
       FROM (SELECT 'BTC' AS sym, 'consensus' AS src, 0 AS n
             UNION ALL SELECT 'C' || lpad(i::text, 3, '0'), CASE WHEN i % 2 = 0 THEN 'binance' ELSE 'consensus' END, i
             FROM generate_series(1, $SERIES - 1) i) s,
            generate_series(date_trunc('minute', now()) - interval '$DAYS days', date_trunc('minute', now()), interval '1 minute') AS t,
            LATERAL (SELECT extract(epoch FROM t)::bigint / 60 AS e) x" >/dev/null
pg -c "INSERT INTO $SCHEMA.candles_derived (interval_s, symbol, source, quote, open_time, open, high, low, close,
         base_volume, quote_volume, ticks, trades, origin)
       SELECT 3600, s.sym, s.src, 'USD', t, 100 + s.n, 102 + s.n, 98 + s.n, 101 + s.n, 75, 7500, 720, 420, 'live'
       FROM (SELECT 'BTC' AS sym, 'consensus' AS src, 0 AS n
             UNION ALL SELECT 'C' || lpad(i::text, 3, '0'), CASE WHEN i % 2 = 0 THEN 'binance' ELSE 'consensus' END, i
             FROM generate_series(1, $SERIES - 1) i) s,
            generate_series(date_trunc('hour', now()) - interval '366 days', date_trunc('hour', now()), interval '1 hour') AS t" >/dev/null
pg -c "INSERT INTO $SCHEMA.candle_series SELECT symbol, source, quote, min(open_time), max(open_time) FROM $SCHEMA.candles_derived GROUP BY 1, 2, 3" >/dev/null
# each derived candle carries its answer's JSON, as the rollup job stores it (candles_derived.wire); rewritten
# compactly afterwards, as rows inserted with it would lie
pg -c "UPDATE $SCHEMA.candles_derived SET wire = $("$JAVA_HOME/bin/java" -cp common/target/classes scripts/bench-history/PrintCandleJsonSql.java)" \
   -c "VACUUM FULL $SCHEMA.candles_derived" >/dev/null
pg -c "ANALYZE $SCHEMA.candles_1m; ANALYZE $SCHEMA.candles_derived; ANALYZE $SCHEMA.candle_series" >/dev/null
echo "== data: $(pg -At -c "SELECT count(*) FROM $SCHEMA.candles_1m") one-minute and $(pg -At -c "SELECT count(*) FROM $SCHEMA.candles_derived") one-hour candles of $SERIES series, loaded in $(( $(date +%s) - started )) s"

now=$(date +%s%3N)
tp=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01
echo "XADD $MD:{p0} * v 1 type quote id quote:consensus:BTC:USD:$now source consensus sourceTime $now ingestTime $now traceparent $tp symbol BTC quote USD price 67012.5 consensusSources 4 consensusLow 67001 consensusHigh 67030.25" | rcli >/dev/null

"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -jar "$JAR" --server.port="$PORT" \
  --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
  --spring.r2dbc.url="r2dbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" --spring.r2dbc.username="$PG_USER" \
  --tickstream.query.history.schema="$SCHEMA" --tickstream.query.history.max-limit=10000 \
  --tickstream.query.streams.market-data="$MD" --tickstream.streams.partitions=1 --tickstream.query.streams.dashboard="$DB" \
  --tickstream.query.streams.health="$HL" --tickstream.query.streams.control="$CT" \
  --tickstream.query.streams.state-key-prefix="$STATE" --tickstream.query.cache.key-prefix="$CACHE" \
  --tickstream.query.quotes.max-age=1h --tickstream.query.reports.schedule=false \
  --logging.level.root=WARN ${BENCH_QUERY_ARGS:-} >/tmp/bench-history-app.log 2>&1 &
APP_PID=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/api/v1/quotes/BTC" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/api/v1/quotes/BTC" >/dev/null || { echo "service did not start; see /tmp/bench-history-app.log" >&2; exit 1; }
URL=http://127.0.0.1:$PORT
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms", a[int((NR+1)/2)]}'; }
ms() { awk '{printf "%.3f", $1 * 1000}'; }

# $1 label, $2 interval, $3 width s, $4 candles, $5 table filter for psql
bench() {
  local label=$1 interval=$2 width=$3 n=$4 table=$5
  local end=$(( $(date +%s) / width * width ))
  # warm-up (not measured): ${WARMUP} computed answers of ranges of their own, so the JIT has compiled the cold
  # path as in a service that has been answering for a while; "cold" below means not cached, not a cold JVM
  for k in $(seq 100 $((99 + WARMUP))); do curl -s -o /dev/null "$URL/api/v1/quotes/BTC/candles?interval=$interval&limit=$n&to=$((end - k * width))&from=$((end - k * width - n * width))"; done
  local cold=() hot=() base=() bytes
  for k in $(seq 1 9); do
    local to=$((end - k * width)) from=$((end - k * width - n * width))
    cold+=("$(curl -s -o /dev/null -w '%{time_total}' "$URL/api/v1/quotes/BTC/candles?interval=$interval&limit=$n&from=$from&to=$to" | ms)")
    base+=("$(pg -At -c '\timing on' -c "SELECT open_time, open, high, low, close, base_volume, quote_volume, ticks, trades, origin
        FROM $SCHEMA.$table AND open_time >= to_timestamp($from) AND open_time < to_timestamp($to)
        ORDER BY open_time DESC LIMIT $((n + 1))" | awk '/^Time:/ {print $2}')")
  done
  local to=$((end - width)) from=$((end - width - n * width))
  local uri="$URL/api/v1/quotes/BTC/candles?interval=$interval&limit=$n&from=$from&to=$to"
  bytes=$(curl -s "$uri" | wc -c)
  for _ in $(seq 1 20); do curl -s -o /dev/null "$uri"; done
  for _ in $(seq 1 20); do hot+=("$(curl -s -o /dev/null -w '%{time_total}' "$uri" | ms)"); done
  local count; count=$(curl -s "$uri" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['candles']))")
  echo "$label: $count candles, $bytes bytes of JSON"
  echo "  service cold   median of 9 distinct ranges: $(median "${cold[@]}")   (curl time_total, a new connection each)"
  echo "  service cached median of 20:                $(median "${hot[@]}")   (X-Cache $(curl -s -D - -o /dev/null "$uri" | awk -F': ' '/X-Cache/ {print $2}' | tr -d '\r'))"
  echo "  psql, same rows, median of 9:               $(median "${base[@]}")   (\\timing: statement round trip, no connect)"
  cold_ms=$(median "${cold[@]}"); hot_ms=$(median "${hot[@]}"); psql_ms=$(median "${base[@]}")
}
# summary: $1 figure, $2 bound in ms of the cold read at the service
history_rows() {
  local c=${cold_ms% ms} p=${psql_ms% ms}
  summary_row history "$1, cold (median of 9 ranges, warm JVM)" "$cold_ms" "psql SELECT $psql_ms" "$(ratio "$c" "$p")" "< $2 ms" "$(met "$c" '<' "$2")"
  summary_row history "$1, cached (median of 20)" "$hot_ms" "psql SELECT $psql_ms" "$(ratio "${hot_ms% ms}" "$p")" "-" "-"
}
echo "== 1. one day of 1-minute candles (target: cold < 20 ms at the service)"
bench "1m x 1 day" 1m 60 1440 "candles_1m WHERE symbol = 'BTC' AND source = 'consensus' AND quote = 'USD'"
history_rows "one day of 1m candles (1,440)" 20
echo "== 2. one year of 1-hour candles (target: cold < 50 ms at the service)"
bench "1h x 1 year" 1h 3600 8760 "candles_derived WHERE symbol = 'BTC' AND source = 'consensus' AND quote = 'USD' AND interval_s = 3600"
history_rows "one year of 1h candles (8,760)" 50
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
