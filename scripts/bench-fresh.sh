#!/usr/bin/env bash
# A fresh offline start, timed end to end (figures printed, never a timed test; issue 18): the backup, ingest
# (simulated market, the default 30 days of backfill unless BENCH_DEPTH says otherwise) and query services from
# their jars, on streams, keys and a PostgreSQL schema of their own. From the ingest service's start, every second,
# it asks the query service, for each of the ten default symbols, for a 1-minute candle from before the start
# (history backfilled, archived and rolled up) and for non-null sma20, ema50 and rsi14 (the dashboard's
# indicators), and prints when each symbol first had both, and when the backfill reported itself done.
# By default it stops once BTC has both (issue 18's figure: within a minute of start), or after BENCH_LIMIT_S
# (120 s), so `./tickstream bench` fits in 15 minutes; BENCH_LONG=1 waits for all ten symbols and the backfill's
# end (limit 900 s), as the figures before 2026-12-08.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
DEPTH=${BENCH_DEPTH:-30d}
LIMIT=${BENCH_LIMIT_S:-$(bench_long 120 900)}   # give up after this many seconds
ALL=${BENCH_LONG:-0}                            # 1: wait for every symbol and the backfill's end, not only BTC
PG_HOST=${TICKSTREAM_TEST_PG_HOST:-127.0.0.1}; PG_PORT=${TICKSTREAM_TEST_PG_PORT:-5432}
PG_DB=${TICKSTREAM_TEST_PG_DATABASE:-test}; PG_USER=${TICKSTREAM_TEST_PG_USER:-postgres}
SYMBOLS=(BTC ETH SOL XRP DOGE ADA LTC LINK DOT AVAX)
prefix="bench-fresh-$$"; schema="bench_fresh_$$"; key="bench-fresh-admin-key"
logs=target/bench-fresh; mkdir -p "$logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli --scan --pattern "*$prefix*" | xargs -r -n 500 redis-cli unlink >/dev/null
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD), depth $DEPTH"
bench_build -pl market-ingest-service,stream-backup-service,market-query-service -am -DskipTests package
common=(REDIS_HOST=127.0.0.1 REDIS_PORT=6379 POSTGRES_HOST="$PG_HOST" POSTGRES_PORT="$PG_PORT" POSTGRES_DB="$PG_DB"
        POSTGRES_USER="$PG_USER" TICKSTREAM_ADMIN_APIKEY="$key")
streams=(MARKETDATA="$prefix:md" DASHBOARD="$prefix:d" HEALTH="$prefix:h" TRADES="$prefix:tr" BARS="$prefix:bars")
run() { # name jar env...
  local name=$1 jar=$2; shift 2
  env "${common[@]}" "$@" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
ready() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

run backup stream-backup-service/target/stream-backup-service-0.1.0-SNAPSHOT.jar PORT=18982 MANAGEMENT_PORT=19982 \
  TICKSTREAM_BACKUP_SCHEMA_NAME="$schema" $(for s in "${streams[@]}"; do echo "TICKSTREAM_BACKUP_STREAMS_$s"; done)
ready http://127.0.0.1:19982/actuator/health/readiness
run ingest market-ingest-service/target/market-ingest-service-0.1.0-SNAPSHOT.jar PORT=18981 MANAGEMENT_PORT=19981 \
  SPRING_PROFILES_ACTIVE=simulated TICKSTREAM_INGEST_BACKFILL_DEPTH="$DEPTH" TICKSTREAM_INGEST_BACKFILL_KEYPREFIX="$prefix:backfill:" \
  TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM="$prefix:control" TICKSTREAM_INGEST_LEASE_KEYPREFIX="$prefix:lease:" \
  TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM="$prefix:md" TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM="$prefix:d" \
  TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM="$prefix:h" TICKSTREAM_INGEST_PUBLISH_TRADESSTREAM="$prefix:tr" \
  TICKSTREAM_INGEST_PUBLISH_BARSSTREAM="$prefix:bars"
started=$(date +%s%3N)
run query market-query-service/target/market-query-service-0.1.0-SNAPSHOT.jar PORT=18984 MANAGEMENT_PORT=19984 \
  POSTGRES_SCHEMA="$schema" TICKSTREAM_QUERY_STREAMS_CONTROL="$prefix:control" TICKSTREAM_QUERY_STREAMS_STATEKEYPREFIX="$prefix:query:state" \
  TICKSTREAM_QUERY_STREAMS_MARKETDATA="$prefix:md" TICKSTREAM_QUERY_STREAMS_DASHBOARD="$prefix:d" TICKSTREAM_QUERY_STREAMS_HEALTH="$prefix:h"

before=$(date -u -d "@$(( started / 1000 - 3600 ))" +%Y-%m-%dT%H:%M:%SZ)
declare -A done_at=()
backfill_done=""
while [ "${#done_at[@]}" -lt "${#SYMBOLS[@]}" ] || [ -z "$backfill_done" ]; do
  [ "$ALL" = 1 ] || [ -z "${done_at[BTC]:-}" ] || break
  now=$(date +%s%3N)
  [ $(( (now - started) / 1000 )) -gt "$LIMIT" ] && { echo "gave up after $LIMIT s"; break; }
  for s in "${SYMBOLS[@]}"; do
    [ -n "${done_at[$s]:-}" ] && continue
    history=$(curl -fs "http://127.0.0.1:18984/api/v1/quotes/$s/candles?interval=1m&limit=1&to=$before" 2>/dev/null | grep -c '"time"' || true)
    values=$(curl -fs "http://127.0.0.1:18984/api/v1/quotes/$s/indicators" 2>/dev/null || true)
    if [ "$history" -gt 0 ] && [[ $values == *'"sma20":"'* ]] && [[ $values == *'"ema50":"'* ]] && [[ $values == *'"rsi14":"'* ]]; then
      done_at[$s]=$(( $(date +%s%3N) - started ))
      printf '%-5s history and indicators after %6.1f s\n' "$s" "$(awk -v m="${done_at[$s]}" 'BEGIN {print m / 1000}')"
    fi
  done
  if [ -z "$backfill_done" ]; then
    state=$(curl -fs -H "X-Admin-Key: $key" http://127.0.0.1:18981/admin/backfill 2>/dev/null || true)
    if [ "$(grep -o '"state":"done"' <<<"$state" | wc -l)" -ge "${#SYMBOLS[@]}" ]; then
      backfill_done=$(( $(date +%s%3N) - started ))
      printf 'backfill reported done after %.1f s\n' "$(awk -v m="$backfill_done" 'BEGIN {print m / 1000}')"
    fi
  fi
  sleep 1
done
bars=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -At -c "SELECT count(*) FROM $schema.candles_1m WHERE origin <> 'live'" 2>/dev/null || echo "?")
echo "backfilled 1-minute candles in the archive at the end: $bars"

# summary: issue 18's "history and non-null indicators within a minute of start" (BTC, the dashboard's default)
secs() { awk -v m="$1" 'BEGIN {printf "%.1f", m / 1000}'; }
if [ -n "${done_at[BTC]:-}" ]; then
  summary_row fresh "offline start, $DEPTH backfill: BTC history + indicators after" "$(secs "${done_at[BTC]}") s" "-" "-" "< 60 s" \
    "$(met "$(secs "${done_at[BTC]}")" '<' 60)"
else
  summary_row fresh "offline start, $DEPTH backfill: BTC history + indicators after" "not within $LIMIT s" "-" "-" "< 60 s" no
fi
if [ "$ALL" = 1 ]; then
  last=0; for s in "${SYMBOLS[@]}"; do [ "${done_at[$s]:-0}" -gt "$last" ] && last=${done_at[$s]}; done
  all_ten="not within $LIMIT s"; [ "${#done_at[@]}" -eq "${#SYMBOLS[@]}" ] && all_ten="$(secs "$last") s"
  summary_row fresh "all ten symbols' history + indicators after" "$all_ten" "-" "-" "-" "-"
  summary_row fresh "backfill reported done after" "$([ -n "$backfill_done" ] && echo "$(secs "$backfill_done") s" || echo "not within $LIMIT s")" "-" "-" "-" "-"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
