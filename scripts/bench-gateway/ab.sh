#!/usr/bin/env bash
# A/B harness for one proxied call (collapsing and rate limiting off): starts the query service (with ingest's
# simulated market) and one gateway per variant, plus the bare Reactor Netty proxy as the reference, then measures
# them in alternating rounds (after a common warm-up) and prints, per variant, req/s and the gateway's CPU per
# request of every round and their means, and each variant's ratio to the bare proxy. Bench only; loopback.
#
#   flock /tmp/tickstream-bench.lock bash scripts/bench-gateway/ab.sh 'base' 'no-access-log:LOGGING_LEVEL_TICKSTREAM_ACCESS=OFF'
#
# A variant is name[:ENV=value[,ENV=value...]]; JAR=path among them runs another gateway jar, JAVA_OPTS=… adds
# JVM options (spaces as '+' are not supported: one option). AB_WARMUP (60s), AB_DURATION (8s), AB_ROUNDS (3).
# Expects the jars built (scripts/bench-gateway.sh builds them) and gateway/target/bench-classpath.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bench-lib.sh
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WARMUP=${AB_WARMUP:-60s}; DURATION=${AB_DURATION:-8s}; ROUNDS=${AB_ROUNDS:-3}; CONNECTIONS=${AB_CONNECTIONS:-32}
prefix="bench-ab-$$"; logs=target/bench-gateway-ab; mkdir -p "$logs"; rm -f "$logs"/*.round
pids=()
trap bench_cleanup EXIT
ready() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }
echo "== A/B: load $(cut -d' ' -f1-3 /proc/loadavg), build $(git rev-parse --short HEAD), warm-up $WARMUP, $ROUNDS rounds of $DURATION"

env PORT=18181 MANAGEMENT_PORT=19181 SPRING_PROFILES_ACTIVE=simulated TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED=false \
  TICKSTREAM_INGEST_BACKFILL_ENABLED=false TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM="$prefix:md" \
  TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM="$prefix:d" TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM="$prefix:h" \
  TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM="$prefix:c" TICKSTREAM_INGEST_LEASE_KEYPREFIX="$prefix:lease:" \
  "$JAVA_HOME/bin/java" -Xmx512m -jar market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar >"$logs/ingest.log" 2>&1 &
pids+=($!)
env PORT=18184 MANAGEMENT_PORT=19184 TICKSTREAM_QUERY_STREAMS_MARKETDATA="$prefix:md" TICKSTREAM_QUERY_STREAMS_DASHBOARD="$prefix:d" \
  TICKSTREAM_QUERY_STREAMS_HEALTH="$prefix:h" \
  "$JAVA_HOME/bin/java" -Xmx512m -jar market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar >"$logs/query.log" 2>&1 &
pids+=($!)
"$JAVA_HOME/bin/java" -Xmx512m -cp "$(cat gateway/target/bench-classpath.txt)" scripts/bench-gateway/RawProxy.java \
  18380 http://127.0.0.1:18184 >"$logs/raw-proxy.log" 2>&1 &
pids+=($!)
names=(raw); ports=(18380); vpids=($!)
port=18700
for variant in "$@"; do
  name=${variant%%:*}; settings=(); jar=gateway/target/gateway-0.1.0-SNAPSHOT.jar; opts=()
  if [[ "$variant" == *:* ]]; then
    IFS=',' read -r -a kv <<<"${variant#*:}"
    for s in "${kv[@]}"; do
      case "$s" in JAR=*) jar=${s#JAR=} ;; JAVA_OPTS=*) opts+=("${s#JAVA_OPTS=}") ;; *) settings+=("$s") ;; esac
    done
  fi
  port=$((port + 1))
  env PORT=$port MANAGEMENT_PORT=$((port + 100)) QUERY_URI=http://127.0.0.1:18184 TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false \
    TICKSTREAM_GATEWAY_COLLAPSE_ENABLED=false "${settings[@]}" "$JAVA_HOME/bin/java" -Xmx512m "${opts[@]}" -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!); names+=("$name"); ports+=($port); vpids+=($!)
done
ready http://127.0.0.1:19184/actuator/health/readiness
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18184/api/v1/quotes/BTC >/dev/null && break; sleep 0.5; done
for i in "${!names[@]}"; do ready "http://127.0.0.1:${ports[$i]}/api/v1/quotes/BTC"; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
one() { # index: one wrk run; appends "req/s us-per-request" to the variant's rounds
  local i=$1 before out rps n used
  before=$(cpu_ticks "${vpids[$i]}")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$2" "http://127.0.0.1:${ports[$i]}/api/v1/quotes/BTC")
  used=$(( $(cpu_ticks "${vpids[$i]}") - before ))
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); n=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $(( used * 1000000 / $(getconf CLK_TCK) / n ))"
}
for i in "${!names[@]}"; do one "$i" "$WARMUP" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    res=$(one "$i" "$DURATION"); echo "$res" >>"$logs/${names[$i]}.round"
    echo "round $r ${names[$i]}: ${res% *} req/s, ${res#* } us gateway CPU per request"
  done
done
raw=$(awk '{ s += $1 } END { print s / NR }' "$logs/raw.round")
for i in "${!names[@]}"; do
  awk -v n="${names[$i]}" -v raw="$raw" '{ s += $1; c += $2 } END { printf "%s: mean %.0f req/s (%.2f of raw), %.0f us CPU per request\n", n, s / NR, s / NR / raw, c / NR }' "$logs/${names[$i]}.round"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
