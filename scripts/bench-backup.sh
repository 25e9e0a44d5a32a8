#!/usr/bin/env bash
# Backup benchmark (figures printed, never a timed test): archive throughput beside psql's COPY (issue 23's
# reference) and psql's multi-row INSERT of the same rows, on the same PostgreSQL, in the same run: the writer
# alone (bound-array insert against COPY through a staging table, alternated) and the archiver catching up a
# pre-filled stream (its catch-up time). Uses the test servers
# (TICKSTREAM_TEST_REDIS_*/TICKSTREAM_TEST_PG_*, default local), in a schema and streams of its own.
# BENCH_ENTRIES: rows per measurement (default 50,000; 100,000 with BENCH_LONG=1, as the figures before 2026-12-08).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$(dirname "$0")/.."
N=${BENCH_ENTRIES:-$(bench_long 50000 100000)}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), build $(git rev-parse --short HEAD), $N entries"
# compiled in the reactor (sibling modules from their target/classes): nothing is installed into ~/.m2
bench_build -pl stream-backup-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cp="stream-backup-service/target/classes:stream-backup-service/target/test-classes:$(cat stream-backup-service/target/bench.classpath)"

out=$(mktemp /tmp/bench-backup.XXXXXX.txt)
"$JAVA_HOME/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  -Dlogging.level.root=WARN io.tickstream.backup.archive.ArchiveBenchmark "$N" 2>&1 \
  | grep -E "^(reference|baseline|writer|archiver)" | tee "$out"

# summary: against psql's COPY of the same rows (issue 23: ≥ 0.4); the writer with COPY at batch 2,000 (mean of the
# two rounds), and the archiver end to end with its default batch (500, which the default keeps on the insert path)
# and with COPY at 2,000
copy=$(num "$(grep -Eo '= [0-9]+ rows/s' <<<"$(grep '^reference psql COPY' "$out")")")
insert=$(num "$(grep -Eo '= [0-9]+ rows/s' <<<"$(grep '^baseline psql' "$out")")")
ref="psql COPY $(group "$copy") rows/s"
mean=$(grep -E '^writer COPY +batch 2000' "$out" | grep -Eo ': [0-9]+ rows/s' | grep -Eo '[0-9]+' | awk '{s += $1} END {printf "%.0f", s / NR}')
r=$(ratio "$mean" "$copy")
summary_row backup "writer, COPY, batch 2,000 (mean of 2 rounds): rows/s" "$(group "$mean")/s" "$ref" "$r" "≥ 0.4" "$(met "$r" '>=' 0.4)"
mean=$(grep -E '^writer insert +batch 2000' "$out" | grep -Eo ': [0-9]+ rows/s' | grep -Eo '[0-9]+' | awk '{s += $1} END {printf "%.0f", s / NR}')
r=$(ratio "$mean" "$copy")
summary_row backup "writer, insert, batch 2,000 (mean of 2 rounds): rows/s" "$(group "$mean")/s" "$ref" "$r" "-" "-"
for variant in "insert batch 500" "COPY batch 2000"; do
  line=$(grep -E "^archiver ${variant% batch*} +batch ${variant##* }:" "$out")
  rate=$(num "$(grep -Eo '= [0-9]+ entries/s' <<<"$line")")
  r=$(ratio "$rate" "$copy")
  label="archiver catch-up (stream → PostgreSQL → XACK), ${variant/2000/2,000}"
  [ "$variant" = "insert batch 500" ] && label="$label (the default)"
  summary_row backup "$label: rows/s" "$(group "$rate")/s" "$ref" "$r" "≥ 0.4" "$(met "$r" '>=' 0.4)"
done
summary_row backup "reference beside it: psql multi-row INSERT" "$(group "$insert") rows/s" "$ref" "$(ratio "$insert" "$copy")" "-" "-"
rm -f "$out"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
