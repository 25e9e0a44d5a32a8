#!/usr/bin/env bash
# Every benchmark, one after the other (figures printed, never timed tests). Called by ./tickstream bench;
# ./tickstream bench ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology runs one. Record the figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
which=${1:-all}
case "$which" in
  ingest) bash bench-ingest.sh ;;
  feeds) bash bench-feeds.sh ;;
  backup) bash bench-backup.sh ;;
  query) bash bench-query.sh ;;
  history) bash bench-history.sh ;;
  reports) bash bench-reports.sh ;;
  push) bash bench-push.sh ;;
  gateway) bash bench-gateway.sh ;;
  http) bash bench-http.sh ;;
  fresh) bash bench-fresh.sh ;;
  topology) bash bench-topology.sh ;;
  all) for b in ingest feeds backup query history reports push gateway http fresh topology; do bash "bench-$b.sh"; echo; done ;;
  *) echo "usage: ./tickstream bench [ingest|feeds|backup|query|history|reports|push|gateway|http|fresh|topology]" >&2; exit 2 ;;
esac
