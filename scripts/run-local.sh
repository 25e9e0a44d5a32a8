#!/usr/bin/env bash
# Builds the services and runs them as local processes against local Redis and PostgreSQL.
# Called by ./tickstream run, which selects JDK 25 and checks Redis and PostgreSQL first.
#   --simulated   the offline demo market instead of the real public APIs
#   --no-build    reuse the jars already built
# Logs: .run/<service>.log. Ctrl-C stops everything.
# Ports: INGEST_PORT, BACKUP_PORT, PUSH_PORT, QUERY_PORT, GATEWAY_PORT (8081-8084, 8080) and their actuator ports
# INGEST_MANAGEMENT_PORT ... GATEWAY_MANAGEMENT_PORT (9081-9084, 8090). Admin endpoints (/admin/** on the gateway
# and on every service) stay closed unless TICKSTREAM_ADMIN_APIKEY (or TICKSTREAM_ADMIN_JWTSECRET) is exported.
set -euo pipefail
cd "$(dirname "$0")/.."

profiles=""
build=1
for arg in "$@"; do
  case "$arg" in
    --simulated) profiles="simulated" ;;
    --no-build) build=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  echo "[run] building (tests skipped; ./tickstream test runs them)"
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -B -q -ntp -DskipTests package
fi

mkdir -p .run
pids=()
stopped=0
stop_all() {
  [ "$stopped" = 1 ] && return
  stopped=1
  echo "[run] stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

start() { # name port management-port jar
  local name=$1 port=$2 management=$3 jar=$4
  SPRING_PROFILES_ACTIVE=${SPRING_PROFILES_ACTIVE:-$profiles} PORT=$port MANAGEMENT_PORT=$management \
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -jar "$jar" >".run/$name.log" 2>&1 &
  pids+=($!)
  echo "[run] $name on :$port (pid $!, log .run/$name.log)"
}

wait_healthy() { # name management-port
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$2/actuator/health/readiness" >/dev/null 2>&1; then
      echo "[run] $1 ready: http://127.0.0.1:$2/actuator/health"
      return
    fi
    sleep 0.5
  done
  echo "[run] $1 did not become ready; see .run/$1.log" >&2
  tail -n 30 ".run/$1.log" >&2
  exit 1
}

INGEST_MANAGEMENT_PORT=${INGEST_MANAGEMENT_PORT:-9081}
BACKUP_MANAGEMENT_PORT=${BACKUP_MANAGEMENT_PORT:-9082}
PUSH_MANAGEMENT_PORT=${PUSH_MANAGEMENT_PORT:-9083}
QUERY_MANAGEMENT_PORT=${QUERY_MANAGEMENT_PORT:-9084}
# the gateway's routes and status page follow the ports chosen here
export INGEST_URI=http://127.0.0.1:${INGEST_PORT:-8081} BACKUP_URI=http://127.0.0.1:${BACKUP_PORT:-8082} \
  PUSH_URI=http://127.0.0.1:${PUSH_PORT:-8083} QUERY_URI=http://127.0.0.1:${QUERY_PORT:-8084} \
  INGEST_MANAGEMENT_URI=http://127.0.0.1:$INGEST_MANAGEMENT_PORT BACKUP_MANAGEMENT_URI=http://127.0.0.1:$BACKUP_MANAGEMENT_PORT \
  PUSH_MANAGEMENT_URI=http://127.0.0.1:$PUSH_MANAGEMENT_PORT QUERY_MANAGEMENT_URI=http://127.0.0.1:$QUERY_MANAGEMENT_PORT

start market-ingest-service "${INGEST_PORT:-8081}" "$INGEST_MANAGEMENT_PORT" market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar
start stream-backup-service "${BACKUP_PORT:-8082}" "$BACKUP_MANAGEMENT_PORT" stream-backup-service/target/stream-backup-service-0.1.0-SNAPSHOT.jar
# the query service reads the schema the backup service's migrations create
wait_healthy stream-backup-service "$BACKUP_MANAGEMENT_PORT"
start websocket-push-service "${PUSH_PORT:-8083}" "$PUSH_MANAGEMENT_PORT" websocket-push-service/target/websocket-push-service-0.1.0-SNAPSHOT.jar
start market-query-service "${QUERY_PORT:-8084}" "$QUERY_MANAGEMENT_PORT" market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar
start gateway "${GATEWAY_PORT:-8080}" "${GATEWAY_MANAGEMENT_PORT:-8090}" gateway/target/gateway-0.1.0-SNAPSHOT.jar
wait_healthy market-ingest-service "$INGEST_MANAGEMENT_PORT"
wait_healthy websocket-push-service "$PUSH_MANAGEMENT_PORT"
wait_healthy market-query-service "$QUERY_MANAGEMENT_PORT"
wait_healthy gateway "${GATEWAY_MANAGEMENT_PORT:-8090}"

echo "[run] dashboard: http://127.0.0.1:${GATEWAY_PORT:-8080}/   API: http://127.0.0.1:${GATEWAY_PORT:-8080}/api/v1/quotes"
echo "[run] streams: redis-cli XREVRANGE crypto:market_data + - COUNT 5"
echo "[run] archive: psql -h 127.0.0.1 -U postgres -d \${POSTGRES_DB:-postgres} -c 'select count(*) from tickstream.market_quotes'"
if [ -n "${TICKSTREAM_ADMIN_APIKEY:-}${TICKSTREAM_ADMIN_JWTSECRET:-}" ]; then
  echo "[run] admin: curl -H \"X-Admin-Key: \$TICKSTREAM_ADMIN_APIKEY\" http://127.0.0.1:${GATEWAY_PORT:-8080}/admin/ingest/sources"
else
  echo "[run] admin endpoints closed: export TICKSTREAM_ADMIN_APIKEY=\$(openssl rand -hex 24) before ./tickstream run to open them"
fi
echo "[run] Ctrl-C to stop"
wait
