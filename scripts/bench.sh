#!/usr/bin/env bash
# Every benchmark, one after the other (figures printed, never timed tests). Called by ./tickstream bench;
# ./tickstream bench ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology runs one.
# Each benchmark reports its headline figures through summary_row (scripts/bench-lib.sh); the run ends with
# one table of them (figure, reference measured in the same run, ratio, target, met), also written to
# target/bench-summary.md, and the time each benchmark took. Record the figures in docs/benchmarks.md.
#
# The whole run builds every module once up front (jars, test classes, each module's target/bench.classpath)
# and exports BENCH_BUILT=1, so the scripts skip their own builds; a single benchmark builds what it needs.
# Durations default to what aims to fit the whole run in 15 minutes on 2 cores (measured: docs/benchmarks.md); BENCH_LONG=1 gives every script its
# longer variant (the one the older figures in docs/benchmarks.md were measured with).
#   BENCH_SKIP="push gateway"  leaves those benchmarks out of a whole run (said so in the summary)
# Run it under the shared lock, other engineers' benchmarks use the same ports:
#   flock /tmp/tickstream-bench.lock ./tickstream bench
set -euo pipefail
cd "$(dirname "$0")"
source ./bench-lib.sh
which=${1:-all}
all=(ingest feeds backup query history reports push gateway http fresh topology)
case "$which" in
  all) run=("${all[@]}") ;;
  ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology) run=("$which"); shift ;;
  *) echo "usage: ./tickstream bench [ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology]" >&2; exit 2 ;;
esac
skipped=()
if [ -n "${BENCH_SKIP:-}" ]; then
  kept=()
  for b in "${run[@]}"; do
    if [[ " $BENCH_SKIP " == *" $b "* ]]; then skipped+=("$b"); else kept+=("$b"); fi
  done
  run=("${kept[@]}")
fi
mkdir -p ../target
export BENCH_SUMMARY=${BENCH_SUMMARY:-$(mktemp /tmp/bench-summary.XXXXXX.tsv)}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
failed=()
times=()

# one build for every benchmark of a whole run
if [ "$which" = all ] && [ -z "${BENCH_BUILT:-}" ]; then
  t0=$(date +%s)
  build_log=../target/bench-build.log
  echo "== build: every module once (jars, test classes, target/bench.classpath of each module; log $build_log)"
  if ! (cd .. && ./mvnw -B -q -ntp -pl '!deploy-checks' -DskipTests package dependency:build-classpath \
          -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath) >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2; echo "build failed" >&2; exit 1
  fi
  if [[ " ${run[*]} " == *" gateway "* ]]; then
    # bench-gateway.sh runs RawProxy.java on the gateway's classpath (runtime scope; the test scope written here holds
    # it) and, in its long variant, the minimal Spring Cloud Gateway of scripts/bench-gateway/scg-minimal
    cp ../gateway/target/bench.classpath ../gateway/target/bench-classpath.txt
    cp ../gateway/target/bench.classpath ../target/bench-gateway-classpath.txt
    if [ "${BENCH_LONG:-0}" = 1 ] && ! (cd .. && ./mvnw -B -q -ntp -f scripts/bench-gateway/scg-minimal/pom.xml -DskipTests package) >>"$build_log" 2>&1; then
      tail -n 30 "$build_log" >&2; echo "build failed" >&2; exit 1
    fi
  fi
  export BENCH_BUILT=1
  times+=("build $(( $(date +%s) - t0 ))")
  echo "== build took $(( $(date +%s) - t0 )) s"; echo
fi

for b in "${run[@]}"; do
  t0=$(date +%s)
  if [ "$which" = all ]; then bash "bench-$b.sh" || failed+=("$b"); else bash "bench-$b.sh" "$@" || failed+=("$b"); fi
  times+=("$b $(( $(date +%s) - t0 ))")
  echo "== $b took $(( $(date +%s) - t0 )) s"; echo
done
{
  echo "### $(date -u '+%Y-%m-%d %H:%M') UTC, build $(git rev-parse --short HEAD), $(nproc) cores, load $load_before → $(cut -d' ' -f1-3 /proc/loadavg), $(( $(date +%s) - started )) s"
  echo
  print_summary "$BENCH_SUMMARY"
  echo
  echo "| step | seconds |"
  echo "|---|---|"
  for t in "${times[@]}"; do echo "| ${t% *} | ${t##* } |"; done
  echo "| **total** | **$(( $(date +%s) - started ))** |"
  [ ${#skipped[@]} -eq 0 ] || { echo; echo "benchmarks left out (BENCH_SKIP): ${skipped[*]}"; }
  [ ${#failed[@]} -eq 0 ] || { echo; echo "benchmarks that failed: ${failed[*]}"; }
} | tee ../target/bench-summary.md
[ ${#failed[@]} -eq 0 ]
