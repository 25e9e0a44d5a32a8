#!/usr/bin/env bash
# Push service benchmark: prints figures, never a pass/fail test. Everything runs on loopback against the local
# Redis with stream keys of its own; run it under `flock /tmp/tickstream-bench.lock` when others benchmark too.
#
# Default mode (about 2.5 minutes with the build): N WebSocket connections (PushLoadGenerator, test scope), each
# subscribed to 5 of 20 symbols, quotes appended at a fixed rate (41/s: 102,500 messages/s due to 10,000
# connections), 10 s measured after 4 s of warm-up; delivered messages/s, XADD->receipt latency, CPU of each process, server heap per connection.
# The same load is first run against the REFERENCE, a bare Reactor Netty WebSocket server broadcasting the same
# updates (ReferencePushServer, test scope), then against the push service (fat jar), then the reference again:
# figures are ratios to the reference's better run.
#   scripts/bench-push.sh [--connections=10000] [--updates-per-second=41] [--duration=10s] [generator args]
#
# Idle mode: N idle subscribed connections from several generator processes (a process may hold fewer than its
# open-files limit; several loopback source addresses 127.0.0.2.. for the ~28k ports of one), then heap per
# connection and the subscribe round trip of one more connection while they are open.
#   scripts/bench-push.sh --idle=50000
#
# Environment: BENCH_REFERENCE=0 skips the reference; BENCH_VARIANTS runs the push service once per variant, for
# an A/B in one run: "name:ENV=value,ENV=value;name2:ENV=value" (e.g.
# "batch-off:TICKSTREAM_PUSH_WRITE_BATCHFLUSHES=false;defaults:"); BENCH_PIN=0 does not pin (by default the server
# measured runs on CPU 0, the generator on CPU 1); BENCH_SERVER_OPTS adds JVM options to the server measured
# (e.g. -XX:StartFlightRecording=filename=/tmp/push.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
PORT=${BENCH_PORT:-18083}
MANAGEMENT_PORT=$((PORT + 1000))
REFERENCE_PORT=$((PORT + 7))
CONNECTIONS=10000
IDLE=0
gen_args=()
for arg in "$@"; do
  case $arg in
    --connections=*) CONNECTIONS=${arg#*=}; gen_args+=("$arg");;
    --idle=*) IDLE=${arg#*=};;
    *) gen_args+=("$arg");;
  esac
done

# a process may hold this many connections (the open-files limit, less room for jars, Redis and logs)
files_limit=$(ulimit -Hn)
[ "$files_limit" = unlimited ] && files_limit=1048576
want=$(( (IDLE > 0 ? IDLE : CONNECTIONS) + 1000 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  ulimit -n "$(( want < files_limit ? want : files_limit ))" 2>/dev/null || true
fi
per_process=$(( $(ulimit -n) - 1000 ))
if [ "$IDLE" -eq 0 ] && [ "$CONNECTIONS" -gt "$per_process" ]; then
  echo "ERROR: open files limit is $(ulimit -n) (hard $(ulimit -Hn)); $CONNECTIONS connections need $((CONNECTIONS + 1000)) per process."
  echo "       raise it (ulimit -n, or /etc/security/limits.conf) and run again."
  exit 2
fi

if [ "${BENCH_PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  PIN_SERVER=(taskset -c 0); PIN_GENERATOR=(taskset -c 1)
else
  PIN_SERVER=(); PIN_GENERATOR=()
fi

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), ulimit -n $(ulimit -n), build ${BENCH_BUILD:-$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- websocket-push-service 2>/dev/null || echo +changes)}"
echo "== pinning: server ${PIN_SERVER[*]:-none}, generator ${PIN_GENERATOR[*]:-none}"
# package in one reactor (nothing installed in the shared ~/.m2): the classpath then names the reactor's jars
# (skipped inside ./tickstream bench, which built every module once: BENCH_BUILT=1)
[ "${BENCH_BUILT:-}" = 1 ] || ./mvnw -B -q -o -ntp -pl websocket-push-service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="websocket-push-service/target/test-classes:websocket-push-service/target/classes:$(cat websocket-push-service/target/bench.classpath)"

prefix="bench:push:$$"
logs=$(mktemp -d /tmp/bench-push.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "$prefix:*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL >/dev/null || true
}
trap cleanup EXIT

# start_push <name> [ENV=value ...]: starts the push service (fat jar) with its own stream keys; sets server_pid
start_push() {
  local name=$1; shift
  local log="$logs/push-$name.log"
  env PORT=$PORT MANAGEMENT_PORT=$MANAGEMENT_PORT REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT \
    TICKSTREAM_PUSH_STREAMS_MARKETDATA="$prefix:market_data" \
    TICKSTREAM_PUSH_STREAMS_DASHBOARD="$prefix:dashboard" \
    TICKSTREAM_PUSH_STREAMS_HEALTH="$prefix:health" \
    TICKSTREAM_PUSH_STREAMS_TRADES="$prefix:trades" \
    TICKSTREAM_PUSH_STREAMS_EPOCHKEY="$prefix:epoch" \
    TICKSTREAM_PUSH_SESSION_MAXCONNECTIONSPERIP=$(( (IDLE > CONNECTIONS ? IDLE : CONNECTIONS) + 100 )) \
    TICKSTREAM_PUSH_SESSION_HANDSHAKESPERSECOND=5000 \
    TICKSTREAM_PUSH_SESSION_HANDSHAKEBURST=5000 \
    "$@" \
    "${PIN_SERVER[@]}" "$JAVA_HOME/bin/java" -Xms${BENCH_SERVER_HEAP:-1g} -Xmx${BENCH_SERVER_HEAP:-1g} -XX:+UseParallelGC ${BENCH_SERVER_OPTS:-} \
    -jar websocket-push-service/target/websocket-push-service-0.1.0-SNAPSHOT.jar >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { echo "push service died:"; tail -30 "$log"; exit 1; }
    sleep 0.5
  done
  echo "== push service ($name) pid $server_pid on port $PORT (log $log)"
}

# start_reference: the bare Reactor Netty server on REFERENCE_PORT; sets server_pid
start_reference() {
  local log="$logs/reference.log"
  "${PIN_SERVER[@]}" "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$cp" io.tickstream.push.load.ReferencePushServer \
    --port=$REFERENCE_PORT --redis="redis://$REDIS_HOST:$REDIS_PORT" --stream="$prefix:market_data" >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 60); do
    grep -q "reference push server on port" "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "reference died:"; tail -30 "$log"; exit 1; }
    sleep 0.5
  done
  echo "== reference pid $server_pid on port $REFERENCE_PORT (log $log)"
}

stop_server() {
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
}

# generate <label> <url> <actuator|none> [generator args]: one generator run; its RESULT line lands in $logs/results
generate() {
  local label=$1 url=$2 actuator=$3; shift 3
  "${PIN_GENERATOR[@]}" "$JAVA_HOME/bin/java" -Xms1g -Xmx2g -XX:+UseParallelGC -cp "$cp" io.tickstream.push.load.PushLoadGenerator \
    --label="$label" --url="$url" --actuator="$actuator" --server-pid="$server_pid" \
    --redis="redis://$REDIS_HOST:$REDIS_PORT" --stream="$prefix:market_data" \
    --updates-per-second=41 --warmup=4s --duration=10s "$@" 2>&1 | grep --line-buffered -v "^WARNING: " | tee "$logs/generator-$label.log"
  grep '^RESULT ' "$logs/generator-$label.log" >>"$logs/results" || true
}

# field <label> <key>: a figure of a RESULT line
field() {
  awk -v label="label=$1" -v key="$2" '$2 == label { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) print kv[2] } }' "$logs/results" | tail -1
}

# heap_used: the server's heap after a full GC, in bytes (jcmd, then the actuator)
heap_used() {
  "$JAVA_HOME/bin/jcmd" "$server_pid" GC.run >/dev/null
  sleep 1
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | sed -n 's/.*"value" *: *\([0-9.E+]*\).*/\1/p' | head -1 | awk '{ printf "%.0f\n", $1 }'
}

touch "$logs/results"
if [ "$IDLE" -gt 0 ]; then
  # ---- idle mode: N idle connections from several processes, then heap per connection and subscribe round trips
  measured=$IDLE
  server_files=$(( $(ulimit -n) - 1000 ))
  if [ "$IDLE" -gt "$server_files" ]; then
    measured=$server_files
    echo "WARNING: the open-files limit here is $(ulimit -n) per process (hard $(ulimit -Hn)); one server process cannot hold"
    echo "         $IDLE connections, so $measured are measured (raise the hard limit, as root, for the full figure)."
  fi
  BENCH_SERVER_HEAP=${BENCH_SERVER_HEAP:-2g}
  start_push idle
  heap_before=$(heap_used)
  per=$(( per_process < 20000 ? per_process : 20000 ))
  processes=$(( (measured + per - 1) / per ))
  echo "== $measured idle connections from $processes generator processes"
  gens=()
  for i in $(seq 0 $((processes - 1))); do
    n=$(( i < processes - 1 ? per : measured - per * (processes - 1) ))
    "${PIN_GENERATOR[@]}" "$JAVA_HOME/bin/java" -Xms256m -Xmx1500m -XX:+UseParallelGC -cp "$cp" io.tickstream.push.load.PushLoadGenerator \
      --url="ws://127.0.0.1:$PORT/ws" --actuator=none --connections="$n" --source-first=$((2 + i)) --hold \
      --connect-concurrency=100 >"$logs/idle-$i.log" 2>&1 &
    gens+=("$!"); pids+=("$!")
  done
  for _ in $(seq 1 600); do
    ready=$(cat "$logs"/idle-*.log | grep -c '^READY' || true)
    [ "$ready" -ge "$processes" ] && break
    if grep -q '^ERROR' "$logs"/idle-*.log; then grep -h '^ERROR' "$logs"/idle-*.log; exit 1; fi
    sleep 1
  done
  grep -h '^READY\|connecting:' "$logs"/idle-*.log | tail -n $((processes * 2))
  connections=$(curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/metrics/tickstream.push.connections" | sed -n 's/.*"value" *: *\([0-9.E+]*\).*/\1/p' | awk '{ printf "%.0f\n", $1 }')
  heap_idle=$(heap_used)
  per_kb=$(awk -v a="$heap_before" -v b="$heap_idle" -v n="$connections" 'BEGIN { printf "%.1f\n", (b - a) / 1024 / n }')
  echo "heap per idle connection    $per_kb KB ($connections connections; heap after full GC $((heap_before / 1048576)) MB -> $((heap_idle / 1048576)) MB)"
  generate probe "ws://127.0.0.1:$PORT/ws" none --probe=300
  sub_p99=$(field probe sub_p99)
  server_cpu_note="server $(ps -o %cpu= -p "$server_pid" | tr -d ' ') % CPU over its life"
  echo "== $server_cpu_note; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  # below the count asked for (the open-files limit), the target cannot be judged here: "-", and the row says why
  short=""; [ "$connections" -lt "$IDLE" ] && short="; $IDLE not possible here: open files hard limit $(ulimit -Hn) per process"
  summary_row push "heap per idle connection ($connections connected$short)" "$per_kb KB" "11.4 KB at 10,000 before" "-" "≤ 16 KB at 50,000" \
    "$( [ "$connections" -ge 50000 ] && met "$per_kb" "<=" 16 || echo -)"
  summary_row push "subscribe round trip p99 ($connections idle connected$short)" "$sub_p99 ms" "-" "-" "< 50 ms at 50,000" \
    "$( [ "$connections" -ge 50000 ] && met "$sub_p99" "<" 50 || echo -)"
  exit 0
fi

# ---- default mode: the reference, then the push service once per variant, the same load each
if [ "${BENCH_REFERENCE:-1}" = 1 ]; then
  start_reference
  generate reference "ws://127.0.0.1:$REFERENCE_PORT/ws" none "${gen_args[@]}"
  stop_server
fi
IFS=';' read -r -a variants <<<"${BENCH_VARIANTS:-defaults:}"
for variant in "${variants[@]}"; do
  name=${variant%%:*}
  settings=${variant#*:}
  IFS=',' read -r -a envs <<<"$settings"
  start_push "$name" "${envs[@]}"
  generate "$name" "ws://127.0.0.1:$PORT/ws" "http://127.0.0.1:$MANAGEMENT_PORT/actuator" "${gen_args[@]}"
  stop_server
done
# the reference once more after the service: others' load on a shared machine changes within minutes, so the
# figures compared with are the reference's better ones of the two runs (its higher rate, its lower p99)
if [ "${BENCH_REFERENCE:-1}" = 1 ]; then
  start_reference
  generate reference-after "ws://127.0.0.1:$REFERENCE_PORT/ws" none "${gen_args[@]}"
  stop_server
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
# server CPU per delivered message: the steadier figure on a shared machine (a server that gets less CPU
# delivers less, but each message costs about the same)
cpu_per_message() { awk -v c="$(field "$1" server_cpu)" -v r="$(field "$1" rate)" 'BEGIN { if (r > 0) printf "%.2f", c / 100 * 1e6 / r; else print "-" }'; }
echo "| run | delivered msgs/s | / reference | p50 ms | p99 ms | p99 / reference | server CPU % | server µs CPU per message | / reference | generator CPU % | heap/conn KB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
best() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { if (b == "") print a; else if (a == "") print b; else print (op == "max" ? (a > b ? a : b) : (a < b ? a : b)) }'; }
ref_rate=$(best "$(field reference rate)" "$(field reference-after rate)" max)
ref_p99=$(best "$(field reference p99)" "$(field reference-after p99)" min)
ref_cpm=$(best "$(cpu_per_message reference)" "$(cpu_per_message reference-after)" min)
for label in $(awk '{ sub("label=", "", $2); print $2 }' "$logs/results"); do
  echo "| $label | $(field "$label" rate) | $(ratio "$(field "$label" rate)" "$ref_rate") | $(field "$label" p50) | $(field "$label" p99) | $(ratio "$(field "$label" p99)" "$ref_p99") | $(field "$label" server_cpu) | $(cpu_per_message "$label") | $(ratio "$(cpu_per_message "$label")" "$ref_cpm") | $(field "$label" generator_cpu) | $(field "$label" heap_kb) |"
done
last=${variants[-1]%%:*}
rate=$(field "$last" rate); p99=$(field "$last" p99)
if [ -n "$ref_rate" ]; then
  r=$(ratio "$rate" "$ref_rate")
  summary_row push "delivered msgs/s, $CONNECTIONS connections" "$rate msgs/s" "$ref_rate msgs/s (bare Reactor Netty)" "$r" "≥ 0.80 of reference, ≥ 100,000 msgs/s" \
    "$( [ "$(met "$r" ">=" 0.8)" = yes ] && met "$rate" ">=" 100000 || echo no)"
  bound=$(awk -v p="$ref_p99" 'BEGIN { printf "%.0f", 1.5 * p }')
  summary_row push "p99 XADD to receipt" "$p99 ms" "$ref_p99 ms (bare Reactor Netty)" "$(ratio "$p99" "$ref_p99")" "≤ 1.5× reference ($bound ms) and ≤ 50 ms" \
    "$( [ "$(met "$p99" "<=" "$bound")" = yes ] && met "$p99" "<=" 50 || echo no)"
  summary_row push "server CPU per delivered message" "$(cpu_per_message "$last") µs" "$ref_cpm µs (bare Reactor Netty)" \
    "$(ratio "$(cpu_per_message "$last")" "$ref_cpm")" "- (the steadier figure on a shared machine)" "-"
else
  summary_row push "delivered msgs/s, $CONNECTIONS connections" "$rate msgs/s" "-" "-" "≥ 100,000 msgs/s" "$(met "$rate" ">=" 100000)"
  summary_row push "p99 XADD to receipt" "$p99 ms" "-" "-" "≤ 50 ms" "$(met "$p99" "<=" 50)"
fi
