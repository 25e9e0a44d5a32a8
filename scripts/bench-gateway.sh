#!/usr/bin/env bash
# Gateway benchmark (figures printed, never a timed test): GET /api/v1/quotes/BTC through the gateway
# beside the same request straight to market-query-service, same run, same machine, loopback only,
# bounded duration. Starts ingest (simulated market), query and gateways from their jars on spare ports,
# with streams and keys of their own: one with its defaults but rate limiting off (the issue-6 target),
# one more with collapsed forwarding off too (what one proxied call costs), one with the limiter on at a
# limit that never refuses (what the shared limiter costs), and one with the limiter taking 100 tokens at
# a time (tickstream.gateway.rate-limit.prefetch); stops them after. Besides the one URL of the target,
# the quotes of the simulated market's ten symbols drawn at random (scripts/bench-gateway/symbols.lua),
# where fewer identical reads are in flight together. Besides req/s and
# latency it prints each gateway's CPU per request, the steadier figure on a shared machine.
# References in the same run (BENCH_REFERENCES=0 skips them): what one proxy hop costs on this machine
# at all, to read the ratio against: a bare Reactor Netty proxy (scripts/bench-gateway/RawProxy.java,
# the gateway's networking stack and nothing else), Spring Cloud Gateway with one route and its defaults
# (scripts/bench-gateway/scg-minimal), and nginx as a plain reverse proxy when it is installed.
# Latency is also taken below saturation (paced: every connection pauses between its requests), where
# the p50 says what a hop adds rather than how long the queue is.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-150s} # C2 is busy for 2-3 min of traffic here (2 shared cores); measured after that
REFERENCES=${BENCH_REFERENCES:-1}
GATEWAY_JAR=${BENCH_GATEWAY_JAR:-gateway/target/gateway-0.1.0-SNAPSHOT.jar} # another build, to compare in the same harness
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
./mvnw -B -q -ntp -pl market-ingest-service,market-query-service,gateway -am -DskipTests package >/dev/null
if [ "$REFERENCES" = 1 ]; then
  ./mvnw -B -q -ntp -f scripts/bench-gateway/scg-minimal/pom.xml -DskipTests package >/dev/null
  ./mvnw -B -q -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$PWD/target/bench-gateway-classpath.txt" >/dev/null
fi

prefix="bench-gw-$$"
logs=target/bench-gateway; mkdir -p "$logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli --scan --pattern "*$prefix*" | xargs -r redis-cli del >/dev/null
}
trap cleanup EXIT

run() { # name port jar env...
  local name=$1 port=$2 jar=$3; shift 3
  env PORT="$port" "$@" "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
ready() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

streams=(TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM="$prefix:md" TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM="$prefix:d"
         TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM="$prefix:h" TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM="$prefix:c"
         TICKSTREAM_INGEST_LEASE_KEYPREFIX="$prefix:lease:")
run ingest 18181 market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19181 \
  SPRING_PROFILES_ACTIVE=simulated TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED=false TICKSTREAM_INGEST_BACKFILL_ENABLED=false \
  "${streams[@]}"
run query 18184 market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19184 \
  TICKSTREAM_QUERY_STREAMS_MARKETDATA="$prefix:md" TICKSTREAM_QUERY_STREAMS_DASHBOARD="$prefix:d" TICKSTREAM_QUERY_STREAMS_HEALTH="$prefix:h"
run gateway 18180 "$GATEWAY_JAR" MANAGEMENT_PORT=18190 QUERY_URI=http://127.0.0.1:18184 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false
gateway_pid=${pids[-1]}
run gateway-no-collapse 18780 "$GATEWAY_JAR" MANAGEMENT_PORT=18790 QUERY_URI=http://127.0.0.1:18184 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false TICKSTREAM_GATEWAY_COLLAPSE_ENABLED=false
nocollapse_pid=${pids[-1]}
run gateway-ratelimit 18280 "$GATEWAY_JAR" MANAGEMENT_PORT=18290 QUERY_URI=http://127.0.0.1:18184 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=true TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE=1000000 \
  TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY=1000000 TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX="$prefix:rl:"
ratelimit_pid=${pids[-1]}
run gateway-ratelimit-prefetch 18680 "$GATEWAY_JAR" MANAGEMENT_PORT=18690 QUERY_URI=http://127.0.0.1:18184 \
  TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=true TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE=1000000 \
  TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY=1000000 TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX="$prefix:rlp:" \
  TICKSTREAM_GATEWAY_RATELIMIT_PREFETCH=100
prefetch_pid=${pids[-1]}
if [ "$REFERENCES" = 1 ]; then
  "$JAVA_HOME/bin/java" -Xmx512m -cp "$(cat target/bench-gateway-classpath.txt)" scripts/bench-gateway/RawProxy.java \
    18380 http://127.0.0.1:18184 >"$logs/raw-proxy.log" 2>&1 &
  raw_pid=$!; pids+=($raw_pid)
  run scg-minimal 18480 scripts/bench-gateway/scg-minimal/target/bench-scg-minimal-0.1.0-SNAPSHOT.jar QUERY_URI=http://127.0.0.1:18184
  scg_pid=${pids[-1]}
fi
ready http://127.0.0.1:19181/actuator/health/readiness
ready http://127.0.0.1:19184/actuator/health/readiness
ready http://127.0.0.1:18190/actuator/health/readiness
ready http://127.0.0.1:18290/actuator/health/readiness
ready http://127.0.0.1:18790/actuator/health/readiness
ready http://127.0.0.1:18690/actuator/health/readiness
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18184/api/v1/quotes/BTC >/dev/null && break; sleep 0.5; done
if [ "$REFERENCES" = 1 ]; then
  ready http://127.0.0.1:18380/api/v1/quotes/BTC
  ready http://127.0.0.1:18480/api/v1/quotes/BTC
fi

cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
bench() { # label url [pid whose CPU per request to report]; WRK_SCRIPT= a wrk script, WARM=0 skips the warm-up
  local script=(); [ -n "${WRK_SCRIPT:-}" ] && script=(-s "$WRK_SCRIPT")
  [ "${WARM:-1}" = 0 ] || wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "$2" >/dev/null 2>&1
  local before=0; [ -n "${3:-}" ] && before=$(cpu_ticks $3)
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" "$2")
  local rps p50 p99 n cpu=""
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  [ -n "${3:-}" ] && cpu=", $(( ($(cpu_ticks $3) - before) * 1000000 / $(getconf CLK_TCK) / n )) us CPU per request"
  echo "$1: $rps req/s, p50 $p50, p99 $p99 ($CONNECTIONS connections, $DURATION$cpu)"
  echo "$rps" > "$logs/$1.rps"; ms "$p50" > "$logs/$1.p50"
}
unloaded() { # label url: latency of one request at a time
  wrk -t1 -c1 -d5s --latency "$2" | awk '$1=="50%" {print $2}'
}
paced() { # url: "req/s p50" with every connection pausing between requests (scripts/bench-gateway/paced.lua)
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench-gateway/paced.lua "$1" \
    | awk '/Requests\/sec/ {r=$2} $1=="50%" {p=$2} END {print r " req/s, p50 " p}'
}
bench direct http://127.0.0.1:18184/api/v1/quotes/BTC
bench gateway http://127.0.0.1:18180/api/v1/quotes/BTC "$gateway_pid"
bench gateway-no-collapse http://127.0.0.1:18780/api/v1/quotes/BTC "$nocollapse_pid"
bench gateway-ratelimit http://127.0.0.1:18280/api/v1/quotes/BTC "$ratelimit_pid"
bench gateway-ratelimit-prefetch http://127.0.0.1:18680/api/v1/quotes/BTC "$prefetch_pid"
compared=(gateway gateway-no-collapse gateway-ratelimit gateway-ratelimit-prefetch)
# ten symbols at random: the targets above are warm already
export WRK_SCRIPT=scripts/bench-gateway/symbols.lua WARM=0
bench symbols-direct http://127.0.0.1:18184
bench symbols-gateway http://127.0.0.1:18180 "$gateway_pid"
bench symbols-gateway-no-collapse http://127.0.0.1:18780 "$nocollapse_pid"
unset WRK_SCRIPT WARM
if [ "$REFERENCES" = 1 ]; then
  bench reference-raw-reactor-netty-proxy http://127.0.0.1:18380/api/v1/quotes/BTC "$raw_pid"
  bench reference-scg-minimal http://127.0.0.1:18480/api/v1/quotes/BTC "$scg_pid"
  compared+=(reference-raw-reactor-netty-proxy reference-scg-minimal)
  if command -v nginx >/dev/null; then
    sed -e "s|__PORT__|18580|; s|__UPSTREAM__|127.0.0.1:18184|; s|__DIR__|$PWD/$logs|g" scripts/bench-gateway/nginx.conf >"$logs/nginx.conf"
    nginx -c "$PWD/$logs/nginx.conf" >"$logs/nginx.log" 2>&1 &
    nginx_pid=$!; pids+=($nginx_pid)
    ready http://127.0.0.1:18580/api/v1/quotes/BTC
    bench reference-nginx http://127.0.0.1:18580/api/v1/quotes/BTC "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
    compared+=(reference-nginx)
  else
    echo "reference-nginx: skipped, nginx is not installed (apt-get install nginx-light)"
  fi
fi
ratio() { # label baseline
  awk -v d="$(cat "$logs/$2.rps")" -v g="$(cat "$logs/$1.rps")" -v dp="$(cat "$logs/$2.p50")" -v gp="$(cat "$logs/$1.p50")" -v l="$1" \
    -v b="$2" 'BEGIN {printf "%s / %s throughput: %.2f; p50 added: %.2f ms\n", l, b, g / d, gp - dp}'
}
for g in "${compared[@]}"; do ratio "$g" direct; done
ratio symbols-gateway symbols-direct
ratio symbols-gateway-no-collapse symbols-direct
echo "one request at a time (p50): direct $(unloaded direct http://127.0.0.1:18184/api/v1/quotes/BTC)," \
  "gateway $(unloaded gateway http://127.0.0.1:18180/api/v1/quotes/BTC)," \
  "gateway-no-collapse $(unloaded gateway-no-collapse http://127.0.0.1:18780/api/v1/quotes/BTC)," \
  "gateway-ratelimit $(unloaded gateway-ratelimit http://127.0.0.1:18280/api/v1/quotes/BTC)"
echo "paced, $CONNECTIONS connections each pausing ${BENCH_PACE_MS:-16} ms between requests (latency below saturation):" \
  "direct $(paced http://127.0.0.1:18184/api/v1/quotes/BTC)," \
  "gateway $(paced http://127.0.0.1:18180/api/v1/quotes/BTC)," \
  "gateway-no-collapse $(paced http://127.0.0.1:18780/api/v1/quotes/BTC)," \
  "gateway-ratelimit $(paced http://127.0.0.1:18280/api/v1/quotes/BTC)"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
