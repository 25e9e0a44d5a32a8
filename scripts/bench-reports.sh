#!/usr/bin/env bash
# Report cache benchmark (figures printed, never a timed test), loopback only, bounded durations.
# A market report of one day (BENCH_SYMBOLS symbols, a consensus quote a minute each and two exchanges every
# 5 minutes) is generated in a schema of its own; then, in the same run:
#  1. latency (curl, new connection each, BENCH_SAMPLES samples): GET /reports/{id} from the report cache
#     (X-Cache: HIT) against GET /bench/reports/{id}, the bare endpoint that renders the same page every time
#     (read from PostgreSQL, Thymeleaf, SVG charts); the same for the PDF;
#  2. throughput (wrk, BENCH_DURATION s, 8 connections): the cached page, the bare page, /bench/baseline.
# Defaults fit `./tickstream bench` in 15 minutes (10 samples, 5 s of wrk); BENCH_LONG=1: 20 samples, 10 s, as the
# figures before 2026-12-08.
# Uses the test servers (TICKSTREAM_TEST_REDIS_*/TICKSTREAM_TEST_PG_*, default local); its streams, key
# prefixes and schema are removed afterwards. Needs wrk, psql, curl.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}; REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
PG_HOST=${TICKSTREAM_TEST_PG_HOST:-127.0.0.1}; PG_PORT=${TICKSTREAM_TEST_PG_PORT:-5432}
PG_DB=${TICKSTREAM_TEST_PG_DATABASE:-test}; PG_USER=${TICKSTREAM_TEST_PG_USER:-postgres}
DURATION=${BENCH_DURATION:-$(bench_long 5 10)}
SAMPLES=${BENCH_SAMPLES:-$(bench_long 10 20)}
SYMBOLS=${BENCH_SYMBOLS:-10}
PORT=${BENCH_PORT:-18085}
TAG=bench-reports-$(date +%s)-$$
SCHEMA=bench_reports_$(date +%s)_$$
pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -q -v ON_ERROR_STOP=1 "$@"; }
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "*$TAG*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK >/dev/null || true
  pg -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD)"
bench_build -pl market-query-service -am -DskipTests package
JAR=$(ls market-query-service/target/market-query-service-*.jar | grep -v original | head -1)
source scripts/bench-query/bench-endpoints.sh   # /bench/** from the test classes, not in the jar

DAY=$(date -u -d yesterday +%Y-%m-%d)
pg -c "CREATE SCHEMA $SCHEMA"
for migration in stream-backup-service/src/main/resources/db/migration/V*.sql; do
  { echo "SET search_path TO $SCHEMA;"; cat "$migration"; } | pg >/dev/null
done
# the day and a day of warm-up before it: consensus every minute, binance and kraken every 5 minutes
pg -c "INSERT INTO $SCHEMA.market_quotes (id, symbol, quote, source, price, volume_24h, source_time, ingest_time, schema_version, traceparent, stream_id)
       SELECT 'quote:' || src || ':S' || i || ':USD:' || m, 'S' || i, 'USD', src,
              100 * i + 10 * sin(m / 90.0) + (m % 7) + CASE src WHEN 'kraken' THEN 0.3 WHEN 'binance' THEN -0.2 ELSE 0 END,
              CASE src WHEN 'consensus' THEN NULL ELSE 1000000 + m END,
              TIMESTAMPTZ '$DAY' - interval '1 day' + m * interval '1 minute', now(), 1, 'tp', '0-0'
       FROM generate_series(1, $SYMBOLS) i, generate_series(0, 2879) m, unnest(ARRAY['consensus', 'binance', 'kraken']) src
       WHERE src = 'consensus' OR m % 5 = 0" >/dev/null
pg -c "INSERT INTO $SCHEMA.market_summaries (id, source, total_market_cap_usd, total_volume_usd, btc_dominance_pct, fear_greed_value, fear_greed_label, source_time, ingest_time, schema_version, traceparent, stream_id)
       SELECT 'summary:' || h, 'coingecko', 2e12 + h * 1e9, 9e10, 52, 50 + h, 'Neutral', TIMESTAMPTZ '$DAY' + h * interval '1 hour', now(), 1, 'tp', '0-0'
       FROM generate_series(0, 23) h" >/dev/null
pg -c "ANALYZE $SCHEMA.market_quotes" >/dev/null
echo "== archive: $SYMBOLS symbols, $(pg -t -A -c "SELECT count(*) FROM $SCHEMA.market_quotes") quotes over 2 days"

# the admin endpoints (report generation, cache stats) need the admin key: one of this run's own
ADMIN_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
TICKSTREAM_ADMIN_APIKEY="$ADMIN_KEY" \
"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseParallelGC "${QUERY_SERVICE[@]}" --server.port="$PORT" --management.server.port=$((PORT + 1000)) \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
    --spring.r2dbc.url="r2dbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" --spring.r2dbc.username="$PG_USER" \
    --tickstream.query.history.schema="$SCHEMA" \
    --tickstream.query.streams.market-data="crypto:market_data:$TAG" --tickstream.query.streams.dashboard="crypto:dashboard:$TAG" \
    --tickstream.query.streams.health="system:health:$TAG" --tickstream.query.streams.control="control:$TAG" \
    --tickstream.query.streams.state-key-prefix="state:$TAG" --tickstream.query.cache.key-prefix="cache:$TAG:" \
    --tickstream.query.reports.schedule=false --tickstream.query.bench.baseline=true \
    --logging.level.root=WARN >/tmp/bench-reports-app.log 2>&1 &
APP_PID=$!
URL=http://127.0.0.1:$PORT
up=
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$((PORT + 1000))/actuator/health/liveness" >/dev/null 2>&1 && up=1 && break; sleep 0.5; done
[ -n "$up" ] || { echo "service did not start; see /tmp/bench-reports-app.log" >&2; exit 1; }

gen=$(curl -s -X POST -H "X-Admin-Key: $ADMIN_KEY" -w ' %{time_total}' "$URL/admin/reports?kind=1d&date=$DAY")
ID=$(echo "$gen" | python3 -c "import json,sys; t=sys.stdin.read(); print(json.loads(t[:t.rindex(' ')])['id'])")
echo "== report $ID (report:market:1d:$DAY) generated in $(echo "$gen" | awk '{printf "%.0f ms", 1000 * $NF}')"
echo "== page $(curl -s "$URL/reports/$ID" | wc -c) bytes, PDF $(curl -s "$URL/reports/$ID.pdf" | wc -c) bytes"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %.2f ms, p90 %.2f ms", 1000 * a[int((NR+1)/2)], 1000 * a[int(NR*0.9+0.5)]}'; }
samples() { local out=(); for _ in $(seq 1 "$SAMPLES"); do out+=("$(curl -s -o /dev/null -w '%{time_total}' "$1")"); done; median "${out[@]}"; }
med() { grep -Eo 'median [0-9.]+' <<<"$1" | cut -d' ' -f2; }   # the median's milliseconds of a samples line
# warm-up: the JIT and the renderers' first use
for _ in $(seq 1 5); do curl -s -o /dev/null "$URL/bench/reports/$ID"; curl -s -o /dev/null "$URL/bench/reports/$ID.pdf"; done
echo "== 1. latency, $SAMPLES samples each (curl time_total, new connection each)"
page_cached=$(samples "$URL/reports/$ID"); page_bare=$(samples "$URL/bench/reports/$ID")
echo "page  cached (X-Cache $(curl -s -D - -o /dev/null "$URL/reports/$ID" | awk -F': ' '/X-Cache/ {print $2}' | tr -d '\r')): $page_cached"
echo "page  bare (rendered each time):  $page_bare"
pdf_cached=$(samples "$URL/reports/$ID.pdf"); pdf_bare=$(samples "$URL/bench/reports/$ID.pdf")
echo "PDF   cached (X-Cache $(curl -s -D - -o /dev/null "$URL/reports/$ID.pdf" | awk -F': ' '/X-Cache/ {print $2}' | tr -d '\r')):  $pdf_cached"
echo "PDF   bare (rendered each time):  $pdf_bare"
# no target beyond "cached against bare in the same run" (the ratio: the share of the rendering's time a cached answer takes)
summary_row reports "daily report page from the cache: median latency" "$(med "$page_cached") ms" "rendered each time $(med "$page_bare") ms" \
  "$(ratio "$(med "$page_cached")" "$(med "$page_bare")")" "-" "-"
summary_row reports "daily report PDF from the cache: median latency" "$(med "$pdf_cached") ms" "rendered each time $(med "$pdf_bare") ms" \
  "$(ratio "$(med "$pdf_cached")" "$(med "$pdf_bare")" 3)" "-" "-"

rps() { awk '/Requests\/sec/ {printf "%.0f", $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
echo "== 2. throughput, wrk 1 thread, 8 connections, ${DURATION}s each"
declare -A tput=()
for path in "/reports/$ID" "/bench/reports/$ID" "/bench/baseline"; do
  out=$(wrk -t1 -c8 -d"${DURATION}s" --latency "$URL$path")
  echo "$path: $(echo "$out" | rps) req/s, p99 $(echo "$out" | p99)"
  tput[$path]=$(echo "$out" | rps)
done
summary_row reports "daily report page from the cache: req/s (8 connections)" "$(group "${tput[/reports/$ID]}")/s" \
  "rendered each time $(group "${tput[/bench/reports/$ID]}")/s" "$(ratio "${tput[/reports/$ID]}" "${tput[/bench/reports/$ID]}" 1)" "-" "-"
echo "== report cache: $(curl -s -H "X-Admin-Key: $ADMIN_KEY" "$URL/admin/cache/stats" | python3 -c "import json,sys; r=json.load(sys.stdin)['reports']; print('hits', r['hits'], 'misses', r['misses'], 'size', r['size'])")"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
