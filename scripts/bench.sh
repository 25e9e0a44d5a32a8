#!/usr/bin/env bash
# Every benchmark, one after the other (figures printed, never timed tests). Called by ./tickstream bench;
# ./tickstream bench ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology runs one.
# Each benchmark reports its headline figures through summary_row (scripts/bench-lib.sh); the run ends with
# one table of them (figure, reference measured in the same run, ratio, target, met), also written to
# target/bench-summary.md. Record the figures in docs/benchmarks.md.
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
mkdir -p ../target
export BENCH_SUMMARY=${BENCH_SUMMARY:-$(mktemp /tmp/bench-summary.XXXXXX.tsv)}
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
failed=()
for b in "${run[@]}"; do
  t0=$(date +%s)
  if [ "$which" = all ]; then bash "bench-$b.sh" || failed+=("$b"); else bash "bench-$b.sh" "$@" || failed+=("$b"); fi
  echo "== $b took $(( $(date +%s) - t0 )) s"; echo
done
{
  echo "### $(date -u '+%Y-%m-%d %H:%M') UTC, build $(git rev-parse --short HEAD), $(nproc) cores, load $load_before → $(cut -d' ' -f1-3 /proc/loadavg), $(( $(date +%s) - started )) s"
  echo
  print_summary "$BENCH_SUMMARY"
  [ ${#failed[@]} -eq 0 ] || { echo; echo "benchmarks that failed: ${failed[*]}"; }
} | tee ../target/bench-summary.md
[ ${#failed[@]} -eq 0 ]
