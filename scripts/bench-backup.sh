#!/usr/bin/env bash
# Backup benchmark (figures printed, never a timed test): archive throughput beside psql's COPY (issue 23's
# reference) and psql's multi-row INSERT of the same rows, on the same PostgreSQL, in the same run: the writer
# alone (bound-array insert against COPY through a staging table, alternated) and the archiver catching up a
# pre-filled stream (its catch-up time). Uses the test servers
# (TICKSTREAM_TEST_REDIS_*/TICKSTREAM_TEST_PG_*, default local), in a schema and streams of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_ENTRIES:-100000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD), $N entries"
# compiled in the reactor (sibling modules from their target/classes): nothing is installed into ~/.m2
./mvnw -B -q -ntp -pl stream-backup-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="stream-backup-service/target/classes:stream-backup-service/target/test-classes:$(cat stream-backup-service/target/bench.classpath)"

"$JAVA_HOME/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  -Dlogging.level.root=WARN io.tickstream.backup.archive.ArchiveBenchmark "$N" 2>&1 \
  | grep -E "^(reference|baseline|writer|archiver)" 
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
