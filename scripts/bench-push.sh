#!/usr/bin/env bash
# Push service benchmark: prints figures, never a pass/fail test. Starts the service (fat jar) on its
# own port with its own stream keys on the local Redis, opens N WebSocket connections from one load
# generator process (PushLoadGenerator, test scope), appends quotes at a fixed rate and measures
# delivered messages/s, XADD->receipt latency, CPU of both processes and server heap per idle connection.
#   scripts/bench-push.sh [--connections=10000] [--updates-per-second=24] [--duration=30s] ...
# Everything after the script name goes to the generator (see its javadoc); BENCH_SERVER_OPTS adds JVM
# options to the server (e.g. -XX:StartFlightRecording=filename=/tmp/push.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
REDIS_HOST=${TICKSTREAM_TEST_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${TICKSTREAM_TEST_REDIS_PORT:-6379}
PORT=${BENCH_PORT:-18083}
CONNECTIONS=10000
for arg in "$@"; do case $arg in --connections=*) CONNECTIONS=${arg#*=};; esac; done

need=$((CONNECTIONS + 500))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || {
    echo "ERROR: open files limit is $(ulimit -n) (hard $(ulimit -Hn)); $CONNECTIONS connections need $need per process."
    echo "       raise it (ulimit -n $need, or /etc/security/limits.conf) and run again."
    exit 2
  }
fi

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), ulimit -n $(ulimit -n)"
# package in one reactor (nothing installed in the shared ~/.m2): the classpath then names the reactor's jars
./mvnw -B -q -ntp -pl websocket-push-service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="websocket-push-service/target/test-classes:websocket-push-service/target/classes:$(cat websocket-push-service/target/bench.classpath)"

prefix="bench:push:$$"
server_log=$(mktemp /tmp/bench-push-server.XXXXXX.log)
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL "$prefix:market_data" "$prefix:dashboard" "$prefix:health" "$prefix:epoch" >/dev/null || true
}
trap cleanup EXIT

MANAGEMENT_PORT=$((PORT + 1000))
PORT=$PORT MANAGEMENT_PORT=$MANAGEMENT_PORT REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT \
TICKSTREAM_PUSH_STREAMS_MARKETDATA="$prefix:market_data" \
TICKSTREAM_PUSH_STREAMS_DASHBOARD="$prefix:dashboard" \
TICKSTREAM_PUSH_STREAMS_HEALTH="$prefix:health" \
TICKSTREAM_PUSH_STREAMS_TRADES="$prefix:trades" \
TICKSTREAM_PUSH_STREAMS_EPOCHKEY="$prefix:epoch" \
TICKSTREAM_PUSH_SESSION_MAXCONNECTIONSPERIP=$((CONNECTIONS + 100)) \
TICKSTREAM_PUSH_SESSION_HANDSHAKESPERSECOND=5000 \
TICKSTREAM_PUSH_SESSION_HANDSHAKEBURST=5000 \
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC ${BENCH_SERVER_OPTS:-} -jar websocket-push-service/target/websocket-push-service-0.1.0-SNAPSHOT.jar >"$server_log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "server died:"; tail -30 "$server_log"; exit 1; }
  sleep 0.5
done
echo "== server pid $server_pid on port $PORT (log $server_log)"

"$JAVA_HOME/bin/java" -Xms1g -Xmx2g -XX:+UseParallelGC -cp "$cp" io.tickstream.push.load.PushLoadGenerator \
  --url="ws://127.0.0.1:$PORT/ws" --actuator="http://127.0.0.1:$MANAGEMENT_PORT/actuator" --server-pid="$server_pid" \
  --redis="redis://$REDIS_HOST:$REDIS_PORT" --stream="$prefix:market_data" "$@"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
