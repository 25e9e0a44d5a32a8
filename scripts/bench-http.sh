#!/usr/bin/env bash
# HTTP caching and compression benchmark (figures printed, never a timed test; issue 22), loopback only, bounded.
# Starts ingest (simulated market, no feeds, no backfill), query and two gateways from their jars on spare ports,
# with streams of their own: one gateway with compression on (its default), one with it off
# (TICKSTREAM_GATEWAY_COMPRESSION=false). Every client sends Accept-Encoding: gzip, as browsers do.
#  1. GET /api/v1/quotes/BTC (773 B, under the 1 KB threshold: what compression being on costs a small answer)
#     through each gateway, alternated over BENCH_ROUNDS rounds.
#  2. GET /api/v1/quotes (every symbol, > 1 KB: gzipped by the query service) through the gateway, with and
#     without Accept-Encoding: req/s and bytes per answer.
#  3. ETag revalidation at the query service: GET /api/v1/quotes/BTC answered 200 with its body, beside the
#     same request with If-None-Match of the current tag, answered 304 without one.
# Defaults fit `./tickstream bench` in 15 minutes: 5 s per measurement, 2 rounds, 5 s of warm-up per URL;
# BENCH_LONG=1: 10 s, 3 rounds, 30 s, as the figures before 2026-12-08.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
DURATION=${BENCH_DURATION:-$(bench_long 5s 10s)}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-$(bench_long 5s 30s)}
ROUNDS=${BENCH_ROUNDS:-$(bench_long 2 3)}
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD)"
bench_build -pl market-ingest-service,market-query-service,gateway -am -DskipTests package

prefix="bench-http-$$"
logs=target/bench-http; mkdir -p "$logs"
pids=()
trap bench_cleanup EXIT
run() { # name port jar env...
  local name=$1 port=$2 jar=$3; shift 3
  env PORT="$port" "$@" "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
ready() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

run ingest 18881 market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19881 \
  SPRING_PROFILES_ACTIVE=simulated TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED=false TICKSTREAM_INGEST_BACKFILL_ENABLED=false \
  TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM="$prefix:md" TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM="$prefix:d" \
  TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM="$prefix:h" TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM="$prefix:c" \
  TICKSTREAM_INGEST_LEASE_KEYPREFIX="$prefix:lease:"
run query 18884 market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19884 \
  TICKSTREAM_QUERY_STREAMS_MARKETDATA="$prefix:md" TICKSTREAM_QUERY_STREAMS_DASHBOARD="$prefix:d" TICKSTREAM_QUERY_STREAMS_HEALTH="$prefix:h"
run gateway-gzip 18880 gateway/target/gateway-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19880 QUERY_URI=http://127.0.0.1:18884 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false
gzip_pid=${pids[-1]}
run gateway-plain 18870 gateway/target/gateway-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19870 QUERY_URI=http://127.0.0.1:18884 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false TICKSTREAM_GATEWAY_COMPRESSION=false
plain_pid=${pids[-1]}
for p in 19881 19884 19880 19870; do ready "http://127.0.0.1:$p/actuator/health/readiness"; done
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18884/api/v1/quotes/BTC >/dev/null && break; sleep 0.5; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rps_of() { awk '/Requests\/sec/ {print $2}'; }
measure() { # label url pid headers...: "req/s p50 p99 us-CPU-per-request"
  local label=$1 url=$2 pid=$3; shift 3
  local headers=(); for h in "$@"; do headers+=(-H "$h"); done
  local before; before=$(cpu_ticks "$pid")
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "$url")
  local n rps; n=$(echo "$out" | awk '/requests in/ {print $1}'); rps=$(echo "$out" | rps_of)
  local cpu=$(( ($(cpu_ticks "$pid") - before) * 1000000 / $(getconf CLK_TCK) / n ))
  echo "$cpu" > "$logs/$label.cpu"
  printf '%-34s %10s req/s  p50 %-8s p99 %-8s %5s us CPU/request\n' "$label" "$rps" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" "$cpu"
  echo "$rps" >> "$logs/$label.rps"
}
gz='Accept-Encoding: gzip'
echo "-- warm-up ($WARMUP each)"
for url in http://127.0.0.1:18880/api/v1/quotes/BTC http://127.0.0.1:18870/api/v1/quotes/BTC http://127.0.0.1:18880/api/v1/quotes; do
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -H "$gz" "$url" >/dev/null 2>&1
done
rm -f "$logs"/*.rps

echo "-- 1. a small answer (under the threshold) through a gateway with compression on and off"
for r in $(seq 1 "$ROUNDS"); do
  measure "quote via gateway, compression on" http://127.0.0.1:18880/api/v1/quotes/BTC "$gzip_pid" "$gz"
  measure "quote via gateway, compression off" http://127.0.0.1:18870/api/v1/quotes/BTC "$plain_pid" "$gz"
done
mean() { awk '{s += $1} END {printf "%.0f", s / NR}' "$logs/$1.rps"; }
on=$(mean "quote via gateway, compression on"); off=$(mean "quote via gateway, compression off")
awk -v a="$on" -v b="$off" 'BEGIN {printf "compression on / off, small answer: %.3f (%s / %s req/s, mean of rounds)\n", a / b, a, b}'
# summary: issue 22 asks that it "costs nothing on the hot path", no number; the rounds' spread is the noise
per_round=$(paste -d/ "$logs/quote via gateway, compression on.rps" "$logs/quote via gateway, compression off.rps" \
  | awk -F/ '{printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2}')
summary_row http "quote (773 B) via the gateway, compression on: req/s (mean of $ROUNDS rounds)" "$(group "$on")/s" \
  "compression off $(group "$off")/s" "$(ratio "$on" "$off") (rounds: $per_round)" "≈ 1 (costs nothing)" "-"

echo "-- 2. every symbol's quote (> 1 KB) through the gateway, gzip accepted or not"
size_gz=$(curl -s -H "$gz" -o /dev/null -w '%{size_download}' http://127.0.0.1:18880/api/v1/quotes)
size_plain=$(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:18880/api/v1/quotes)
measure "quotes list, gzip" http://127.0.0.1:18880/api/v1/quotes "$gzip_pid" "$gz"
measure "quotes list, identity" http://127.0.0.1:18880/api/v1/quotes "$gzip_pid"
echo "bytes per answer: $size_gz gzipped, $size_plain plain ($(awk -v a="$size_gz" -v b="$size_plain" 'BEGIN {printf "%.2f", a / b}'))"
gz_rps=$(cat "$logs/quotes list, gzip.rps"); id_rps=$(cat "$logs/quotes list, identity.rps")
summary_row http "quotes list via the gateway, gzip: req/s" "$(group "$gz_rps")/s ($size_gz B)" "identity $(group "$id_rps")/s ($size_plain B)" \
  "$(ratio "$gz_rps" "$id_rps") (bytes $(ratio "$size_gz" "$size_plain"))" "-" "-"

echo "-- 3. ETag revalidation at the query service"
query_pid=${pids[1]}
etag=$(curl -s -D - -o /dev/null http://127.0.0.1:18884/api/v1/quotes/BTC | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
measure "quote 200 (body, ETag)" http://127.0.0.1:18884/api/v1/quotes/BTC "$query_pid"
measure "quote If-None-Match (304 while unchanged)" http://127.0.0.1:18884/api/v1/quotes/BTC "$query_pid" "If-None-Match: $etag"
echo "(the simulated market moves BTC every few seconds: a share of the If-None-Match requests get 200 with the new body)"
c304=$(cat "$logs/quote If-None-Match (304 while unchanged).cpu"); c200=$(cat "$logs/quote 200 (body, ETag).cpu")
summary_row http "quote at the query service, If-None-Match → 304: CPU per request" "$c304 µs" "200 with its body $c200 µs" \
  "$(ratio "$c304" "$c200")" "-" "-"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
