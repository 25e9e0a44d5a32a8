#!/usr/bin/env bash
# Gateway benchmark (figures printed, never a timed test), loopback only, bounded in time. Every figure is read
# against a reference measured in the same run on the same machine (the machine is shared and noisy).
#
# Default run (~3 min with its build, for ./tickstream bench):
#   - HTTP, GET /api/v1/quotes/BTC: straight to market-query-service; through the gateway with its defaults
#     (collapsed forwarding on; rate limiting off, as in every run of this section since issue 6); through a
#     gateway with collapsing off too (one proxied call per request, issue 23's figure); and the reference for
#     that figure, a bare Reactor Netty proxy (scripts/bench-gateway/RawProxy.java: the gateway's networking
#     stack and nothing else). The proxied call and the bare proxy are measured in alternating rounds so that a
#     drift of the machine's load or of the JIT falls on both. Each row prints req/s, p50/p99, the proxy's CPU
#     per request and the CPU of each process (100 % = one core).
#   - WebSocket hop (scripts/bench-gateway/WsHop.java): websocket-push-service and a gateway with its defaults
#     (rate limiting on) in front of it; N clients straight to the push service and N through the gateway on one
#     ticker channel; quotes XADDed at a modest rate; XADD -> receipt p50/p99 of both groups in one process on
#     one clock; the gateway's hop is the difference of the p50s.
#   Headline figures go to the summary table (scripts/bench-lib.sh summary_row).
# BENCH_LONG=1: the long variant, as this section was measured before issue 23: 150 s of warm-up per target and
#   15 s runs, plus the rate limiter (every request asking Redis, and prefetch 100), ten symbols at random
#   (scripts/bench-gateway/symbols.lua), Spring Cloud Gateway with one route (scripts/bench-gateway/scg-minimal)
#   and nginx (when installed) as references, one request at a time and paced latency (below saturation).
# BENCH_WS=0 skips the WebSocket part, BENCH_HTTP=0 the HTTP part. BENCH_GATEWAY_JAR runs another build of the
# gateway in the same harness. BENCH_WRK_CPUS / BENCH_SERVER_CPUS pin wrk and the servers with taskset (on a
# machine with 4 or more cores wrk gets the last core and the servers the others by default; on 2 cores nothing
# is pinned unless asked: one core for wrk would leave one core to the proxy and the query service together).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
LONG=${BENCH_LONG:-0}
if [ "$LONG" = 1 ]; then
  DURATION=${BENCH_DURATION:-15s}; WARMUP=${BENCH_WARMUP:-150s}; ROUNDS=${BENCH_ROUNDS:-3}
  WS_WARMUP=${BENCH_WS_WARMUP:-20}; WS_DURATION=${BENCH_WS_DURATION:-60}
else
  # C2 is busy for 2-3 min of traffic on 2 shared cores: the short run warms all HTTP targets at once for 45 s and
  # measures JVMs not quite at their peak, the gateway more so than the bare proxy (docs/benchmarks.md)
  DURATION=${BENCH_DURATION:-5s}; WARMUP=${BENCH_WARMUP:-45s}; ROUNDS=${BENCH_ROUNDS:-2}
  WS_WARMUP=${BENCH_WS_WARMUP:-5}; WS_DURATION=${BENCH_WS_DURATION:-15}
fi
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WS_CLIENTS=${BENCH_WS_CLIENTS:-20}
WS_RATE=${BENCH_WS_RATE:-50}
RUN_HTTP=${BENCH_HTTP:-1}
RUN_WS=${BENCH_WS:-1}
GATEWAY_JAR=${BENCH_GATEWAY_JAR:-gateway/target/gateway-0.1.0-SNAPSHOT.jar}
if [ "$(nproc)" -ge 4 ]; then
  WRK_CPUS=${BENCH_WRK_CPUS:-$(($(nproc) - 1))}; SERVER_CPUS=${BENCH_SERVER_CPUS:-0-$(($(nproc) - 2))}
else
  WRK_CPUS=${BENCH_WRK_CPUS:-}; SERVER_CPUS=${BENCH_SERVER_CPUS:-}
fi
# taskset execs the command: the PID of a process started in the background stays the process's own
wrk_pin=(); [ -n "$WRK_CPUS" ] && wrk_pin=(taskset -c "$WRK_CPUS")
server_pin=(); [ -n "$SERVER_CPUS" ] && server_pin=(taskset -c "$SERVER_CPUS")
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== machine: $(nproc) cores, load $load_before, $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "$([ "$LONG" = 1 ] && echo long || echo short) run (warm-up $WARMUP, runs of $DURATION), wrk on cpus ${WRK_CPUS:-any}, servers on ${SERVER_CPUS:-any}"
modules=market-ingest-service,market-query-service,gateway
[ "$RUN_WS" = 1 ] && modules+=,websocket-push-service
# every module of the build writes its runtime classpath to its target/bench-classpath.txt (RawProxy.java runs
# on the gateway's); one Maven run, and the reactor's own jars, nothing installed into ~/.m2
# (skipped inside ./tickstream bench, which built every module once and wrote the gateway's classpath: BENCH_BUILT=1)
if [ "${BENCH_BUILT:-}" != 1 ]; then
  ./mvnw -B -q -ntp -pl "$modules" -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  if [ "$RUN_HTTP" = 1 ] && [ "$LONG" = 1 ]; then
    ./mvnw -B -q -ntp -f scripts/bench-gateway/scg-minimal/pom.xml -DskipTests package >/dev/null
  fi
fi

prefix="bench-gw-$$"
logs=target/bench-gateway; mkdir -p "$logs"
pids=()
trap bench_cleanup EXIT

run() { # name port jar env...
  local name=$1 port=$2 jar=$3; shift 3
  "${server_pin[@]}" env PORT="$port" "$@" "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
ready() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

if [ "$RUN_HTTP" = 1 ]; then
  streams=(TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM="$prefix:md" TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM="$prefix:d"
           TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM="$prefix:h" TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM="$prefix:c"
           TICKSTREAM_INGEST_LEASE_KEYPREFIX="$prefix:lease:")
  run ingest 18181 market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19181 \
    SPRING_PROFILES_ACTIVE=simulated TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED=false TICKSTREAM_INGEST_BACKFILL_ENABLED=false \
    "${streams[@]}"
  run query 18184 market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19184 \
    TICKSTREAM_QUERY_STREAMS_MARKETDATA="$prefix:md" TICKSTREAM_QUERY_STREAMS_DASHBOARD="$prefix:d" TICKSTREAM_QUERY_STREAMS_HEALTH="$prefix:h"
  query_pid=${pids[-1]}
  run gateway 18180 "$GATEWAY_JAR" MANAGEMENT_PORT=18190 QUERY_URI=http://127.0.0.1:18184 \
    TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false
  gateway_pid=${pids[-1]}
  run gateway-no-collapse 18780 "$GATEWAY_JAR" MANAGEMENT_PORT=18790 QUERY_URI=http://127.0.0.1:18184 \
    TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=false TICKSTREAM_GATEWAY_COLLAPSE_ENABLED=false
  nocollapse_pid=${pids[-1]}
  "${server_pin[@]}" "$JAVA_HOME/bin/java" -Xmx512m -cp "$(cat gateway/target/bench-classpath.txt)" scripts/bench-gateway/RawProxy.java \
    18380 http://127.0.0.1:18184 >"$logs/raw-proxy.log" 2>&1 &
  raw_pid=$!; pids+=($raw_pid)
  if [ "$LONG" = 1 ]; then
    run gateway-ratelimit 18280 "$GATEWAY_JAR" MANAGEMENT_PORT=18290 QUERY_URI=http://127.0.0.1:18184 \
      TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=true TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE=1000000 \
      TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY=1000000 TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX="$prefix:rl:"
    ratelimit_pid=${pids[-1]}
    run gateway-ratelimit-prefetch 18680 "$GATEWAY_JAR" MANAGEMENT_PORT=18690 QUERY_URI=http://127.0.0.1:18184 \
      TICKSTREAM_GATEWAY_RATELIMIT_ENABLED=true TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE=1000000 \
      TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY=1000000 TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX="$prefix:rlp:" \
      TICKSTREAM_GATEWAY_RATELIMIT_PREFETCH=100
    prefetch_pid=${pids[-1]}
    run scg-minimal 18480 scripts/bench-gateway/scg-minimal/target/bench-scg-minimal-0.1.0-SNAPSHOT.jar QUERY_URI=http://127.0.0.1:18184
    scg_pid=${pids[-1]}
  fi
fi
if [ "$RUN_WS" = 1 ]; then
  # the push service on a quote stream of its own, one partition (so its key is known: <base>:{p0}), and a gateway
  # with its defaults in front of it (rate limiting on: the handshake takes a token; frames pass untouched)
  run push 18383 websocket-push-service/target/websocket-push-service-0.1.0-SNAPSHOT.jar MANAGEMENT_PORT=19383 \
    TICKSTREAM_STREAMS_PARTITIONS=1 TICKSTREAM_PUSH_STREAMS_MARKETDATA="$prefix:wsmd" TICKSTREAM_PUSH_STREAMS_DASHBOARD="$prefix:wsd" \
    TICKSTREAM_PUSH_STREAMS_HEALTH="$prefix:wsh" TICKSTREAM_PUSH_STREAMS_TRADES="$prefix:wst" TICKSTREAM_PUSH_STREAMS_EPOCHKEY="$prefix:wsepoch" \
    TICKSTREAM_PUSH_SESSION_MAXCONNECTIONSPERIP=$((WS_CLIENTS * 2 + 100))
  push_pid=${pids[-1]}
  run gateway-ws 18880 "$GATEWAY_JAR" MANAGEMENT_PORT=18890 PUSH_URI=http://127.0.0.1:18383 \
    TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX="$prefix:wsrl:"
  wsgw_pid=${pids[-1]}
fi

cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
child_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; } # CPU of this script's finished children (wrk, WsHop)
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
pct() { awk -v t="$1" -v ns="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f %%", t / hz / (ns / 1e9) * 100 }'; }
# bench label url proxy-pids: wrk for $DURATION (after $WARMUP unless WARM=0); prints req/s, latency, the proxy's
# CPU per request and each process's CPU; appends req/s and p50 (ms) to $logs/<label>.rps / .p50 (one line a round)
bench() {
  local script=(); [ -n "${WRK_SCRIPT:-}" ] && script=(-s "$WRK_SCRIPT")
  [ "${WARM:-1}" = 0 ] || "${wrk_pin[@]}" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "$2" >/dev/null 2>&1
  local proxy=${3:-} before=0 qbefore wbefore t0 out
  [ -n "$proxy" ] && before=$(cpu_ticks $proxy)
  qbefore=$(cpu_ticks "$query_pid"); wbefore=$(child_ticks); t0=$(date +%s%N)
  out=$("${wrk_pin[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" "$2")
  local elapsed=$(( $(date +%s%N) - t0 )) rps p50 p99 n cpu="" procs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  procs="query $(pct $(( $(cpu_ticks "$query_pid") - qbefore )) "$elapsed"), wrk $(pct $(( $(child_ticks) - wbefore )) "$elapsed")"
  if [ -n "$proxy" ]; then
    local used=$(( $(cpu_ticks $proxy) - before ))
    cpu=", $(( used * 1000000 / $(getconf CLK_TCK) / n )) us proxy CPU per request"
    procs="proxy $(pct "$used" "$elapsed"), $procs"
  fi
  echo "$1: $rps req/s, p50 $p50, p99 $p99 ($CONNECTIONS connections, $DURATION$cpu; CPU: $procs)"
  echo "$rps" >>"$logs/$1.rps"; ms "$p50" >>"$logs/$1.p50"
}
mean() { awk '{ s += $1; n++ } END { if (n) printf "%.2f\n", s / n }' "$logs/$1.$2"; }
compare() { # label baseline: ratio of the mean req/s of their rounds, p50 added
  awk -v d="$(mean "$2" rps)" -v g="$(mean "$1" rps)" -v dp="$(mean "$2" p50)" -v gp="$(mean "$1" p50)" -v l="$1" \
    -v b="$2" 'BEGIN {printf "%s / %s throughput: %.2f; p50 added: %.2f ms\n", l, b, g / d, gp - dp}'
}
unloaded() { # url: p50 of one request at a time
  "${wrk_pin[@]}" wrk -t1 -c1 -d5s --latency "$1" | awk '$1=="50%" {print $2}'
}
paced() { # url: "req/s p50" with every connection pausing between requests (scripts/bench-gateway/paced.lua)
  "${wrk_pin[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench-gateway/paced.lua "$1" \
    | awk '/Requests\/sec/ {r=$2} $1=="50%" {p=$2} END {print r " req/s, p50 " p}'
}

if [ "$RUN_HTTP" = 1 ]; then
  ready http://127.0.0.1:19181/actuator/health/readiness
  ready http://127.0.0.1:19184/actuator/health/readiness
  ready http://127.0.0.1:18190/actuator/health/readiness
  ready http://127.0.0.1:18790/actuator/health/readiness
  for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18184/api/v1/quotes/BTC >/dev/null && break; sleep 0.5; done
  ready http://127.0.0.1:18380/api/v1/quotes/BTC
  rm -f "$logs"/*.rps "$logs"/*.p50
  echo "== HTTP: GET /api/v1/quotes/BTC"
  if [ "$LONG" = 1 ]; then
    bench direct http://127.0.0.1:18184/api/v1/quotes/BTC
    bench gateway http://127.0.0.1:18180/api/v1/quotes/BTC "$gateway_pid"
    WARM=1 bench reference-raw-reactor-netty-proxy http://127.0.0.1:18380/api/v1/quotes/BTC "$raw_pid" >/dev/null
    WARM=1 bench gateway-no-collapse http://127.0.0.1:18780/api/v1/quotes/BTC "$nocollapse_pid" >/dev/null
  else
    # one warm-up for all of them at once (the query service warms through each), then every target measured
    # warm: JIT compilation, not the order of the targets, is what a short warm-up would otherwise measure
    warming=()
    for url in http://127.0.0.1:18180 http://127.0.0.1:18780 http://127.0.0.1:18380 http://127.0.0.1:18184; do
      "${wrk_pin[@]}" wrk -t1 -c8 -d"$WARMUP" "$url/api/v1/quotes/BTC" >/dev/null 2>&1 &
      warming+=($!)
    done
    for pid in "${warming[@]}"; do wait "$pid" || true; done
    WARM=0 bench direct http://127.0.0.1:18184/api/v1/quotes/BTC
    WARM=0 bench gateway http://127.0.0.1:18180/api/v1/quotes/BTC "$gateway_pid"
  fi
  rm -f "$logs"/reference-raw-reactor-netty-proxy.* "$logs"/gateway-no-collapse.*
  # one proxied call against the bare proxy, in alternating rounds
  for round in $(seq 1 "$ROUNDS"); do
    WARM=0 bench reference-raw-reactor-netty-proxy http://127.0.0.1:18380/api/v1/quotes/BTC "$raw_pid"
    WARM=0 bench gateway-no-collapse http://127.0.0.1:18780/api/v1/quotes/BTC "$nocollapse_pid"
  done
  compared=(gateway gateway-no-collapse reference-raw-reactor-netty-proxy)
  if [ "$LONG" = 1 ]; then
    ready http://127.0.0.1:18290/actuator/health/readiness
    ready http://127.0.0.1:18690/actuator/health/readiness
    ready http://127.0.0.1:18480/api/v1/quotes/BTC
    bench gateway-ratelimit http://127.0.0.1:18280/api/v1/quotes/BTC "$ratelimit_pid"
    bench gateway-ratelimit-prefetch http://127.0.0.1:18680/api/v1/quotes/BTC "$prefetch_pid"
    bench reference-scg-minimal http://127.0.0.1:18480/api/v1/quotes/BTC "$scg_pid"
    compared+=(gateway-ratelimit gateway-ratelimit-prefetch reference-scg-minimal)
    if command -v nginx >/dev/null; then
      sed -e "s|__PORT__|18580|; s|__UPSTREAM__|127.0.0.1:18184|; s|__DIR__|$PWD/$logs|g" scripts/bench-gateway/nginx.conf >"$logs/nginx.conf"
      "${server_pin[@]}" nginx -c "$PWD/$logs/nginx.conf" >"$logs/nginx.log" 2>&1 &
      nginx_pid=$!; pids+=($nginx_pid)
      ready http://127.0.0.1:18580/api/v1/quotes/BTC
      bench reference-nginx http://127.0.0.1:18580/api/v1/quotes/BTC "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
      compared+=(reference-nginx)
    else
      echo "reference-nginx: skipped, nginx is not installed (apt-get install nginx-light)"
    fi
    # ten symbols at random: the targets above are warm already
    export WRK_SCRIPT=scripts/bench-gateway/symbols.lua WARM=0
    bench symbols-direct http://127.0.0.1:18184
    bench symbols-gateway http://127.0.0.1:18180 "$gateway_pid"
    bench symbols-gateway-no-collapse http://127.0.0.1:18780 "$nocollapse_pid"
    unset WRK_SCRIPT WARM
  fi
  for g in "${compared[@]}"; do compare "$g" direct; done
  compare gateway-no-collapse reference-raw-reactor-netty-proxy
  if [ "$LONG" = 1 ]; then
    compare symbols-gateway symbols-direct
    compare symbols-gateway-no-collapse symbols-direct
    echo "one request at a time (p50): direct $(unloaded http://127.0.0.1:18184/api/v1/quotes/BTC)," \
      "gateway $(unloaded http://127.0.0.1:18180/api/v1/quotes/BTC)," \
      "gateway-no-collapse $(unloaded http://127.0.0.1:18780/api/v1/quotes/BTC)," \
      "gateway-ratelimit $(unloaded http://127.0.0.1:18280/api/v1/quotes/BTC)"
    echo "paced, $CONNECTIONS connections each pausing ${BENCH_PACE_MS:-16} ms between requests (latency below saturation):" \
      "direct $(paced http://127.0.0.1:18184/api/v1/quotes/BTC)," \
      "gateway $(paced http://127.0.0.1:18180/api/v1/quotes/BTC)," \
      "gateway-no-collapse $(paced http://127.0.0.1:18780/api/v1/quotes/BTC)," \
      "gateway-ratelimit $(paced http://127.0.0.1:18280/api/v1/quotes/BTC)"
  fi
  raw=$(mean reference-raw-reactor-netty-proxy rps); call=$(mean gateway-no-collapse rps)
  r=$(ratio "$call" "$raw")
  summary_row gateway "one proxied call (collapsing off) / bare Reactor Netty proxy, req/s" "$call req/s" "$raw req/s" \
    "$r" "≥ 0.8" "$(met "$r" ">=" 0.8)"
  direct=$(mean direct rps); gw=$(mean gateway rps)
  r=$(ratio "$gw" "$direct")
  summary_row gateway "gateway with its defaults / direct, req/s (BTC quote)" "$gw req/s" "$direct req/s" "$r" "≥ 0.6" "$(met "$r" ">=" 0.6)"
fi

if [ "$RUN_WS" = 1 ]; then
  ready http://127.0.0.1:19383/actuator/health/readiness
  ready http://127.0.0.1:18890/actuator/health/readiness
  echo "== WebSocket: $WS_CLIENTS clients straight to websocket-push-service, $WS_CLIENTS through the gateway, one ticker channel, $WS_RATE quotes/s"
  before=$(cpu_ticks "$push_pid"); gbefore=$(cpu_ticks "$wsgw_pid"); cbefore=$(child_ticks); t0=$(date +%s%N)
  out=$("${wrk_pin[@]}" "$JAVA_HOME/bin/java" scripts/bench-gateway/WsHop.java direct=ws://127.0.0.1:18383/ws \
    gateway=ws://127.0.0.1:18880/ws clients="$WS_CLIENTS" rate="$WS_RATE" warmup="$WS_WARMUP" duration="$WS_DURATION" \
    stream="$prefix:wsmd:{p0}" redis=127.0.0.1:6379)
  elapsed=$(( $(date +%s%N) - t0 ))
  echo "$out" | grep -v '^RESULT'
  echo "CPU: push $(pct $(( $(cpu_ticks "$push_pid") - before )) "$elapsed"), gateway $(pct $(( $(cpu_ticks "$wsgw_pid") - gbefore )) "$elapsed")," \
    "clients (incl. compiling WsHop.java) $(pct $(( $(child_ticks) - cbefore )) "$elapsed")"
  result=$(echo "$out" | grep '^RESULT' || true)
  if [ -n "$result" ]; then
    val() { echo "$result" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
    echo "gateway's hop: +$(val added_p50_ms) ms at p50, +$(val added_p99_ms) ms at p99"
    summary_row gateway "WebSocket hop: p50 added to XADD -> receipt" "$(val gateway_p50_ms) ms" "$(val direct_p50_ms) ms (direct)" \
      "+$(val added_p50_ms) ms" "≤ 1 ms added" "$(met "$(val added_p50_ms)" "<=" 1)"
  else
    summary_row gateway "WebSocket hop: p50 added to XADD -> receipt" "failed" "-" "-" "≤ 1 ms added" no
  fi
fi
echo "== load: $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
