#!/usr/bin/env bash
# Every benchmark, one after the other (figures printed, never timed tests). Called by ./tickstream bench;
# ./tickstream bench ingest|backup|query runs one. Record the figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
which=${1:-all}
case "$which" in
  ingest) bash bench-ingest.sh ;;
  backup) bash bench-backup.sh ;;
  query) bash bench-query.sh ;;
  all) bash bench-ingest.sh; echo; bash bench-backup.sh; echo; bash bench-query.sh ;;
  *) echo "usage: ./tickstream bench [ingest|backup|query]" >&2; exit 2 ;;
esac
