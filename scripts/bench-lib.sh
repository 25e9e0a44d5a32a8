#!/usr/bin/env bash
# Shared by the bench-*.sh scripts (source it). Every benchmark reports its headline figures through
# summary_row, so `./tickstream bench` can end with one table: each figure, its reference measured in the
# same run, the ratio, the target and whether it was met. Outside `./tickstream bench` (BENCH_SUMMARY unset)
# the rows are only printed.
#
#   summary_row <benchmark> <figure> <value> <reference> <ratio> <target> <met: yes|no|->
#
# value and reference carry their unit ("61,204 msgs/s", "17.3 ms"); ratio is value/reference as the
# target states it (e.g. "0.38"), "-" where a figure has no reference; target as written in the issue
# ("≥ 0.4 of psql COPY", "≤ 50 ms"). Fields must not contain tabs.

summary_row() {
  if [ "$#" -ne 7 ]; then
    echo "summary_row: 7 fields expected (benchmark figure value reference ratio target met), got $#: $*" >&2
    return 2
  fi
  local line
  line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$@")
  echo "== summary: ${line//$'\t'/ | }"
  if [ -n "${BENCH_SUMMARY:-}" ]; then
    printf '%s\n' "$line" >>"$BENCH_SUMMARY"
  fi
}

# ratio a b [digits]: a/b with awk (bash has no floats); "-" when b is empty or zero.
ratio() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == "" || b + 0 == 0) print "-"; else printf "%.*f\n", d, a / b }'
}

# met <value> <op> <bound>: prints yes or no (op is one of <= >= < >).
met() {
  awk -v v="$1" -v op="$2" -v b="$3" 'BEGIN {
    ok = (op == "<=" ? v <= b : op == ">=" ? v >= b : op == "<" ? v < b : v > b)
    print (ok ? "yes" : "no") }'
}

# print_summary <file>: the table at the end of `./tickstream bench`, in Markdown (paste into docs/benchmarks.md).
print_summary() {
  local file=$1
  echo "| benchmark | figure | value | reference | ratio | target | met |"
  echo "|---|---|---|---|---|---|---|"
  [ -s "$file" ] && awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$file"
  return 0
}

# bench_build <maven arguments...>: the script's own build, skipped when scripts/bench.sh has built every module
# once already (BENCH_BUILT=1: `./mvnw -DskipTests package dependency:build-classpath -Dmdep.includeScope=test
# -Dmdep.outputFile=target/bench.classpath` over the reactor, so each module has its jar, its test classes and its
# target/bench.classpath). Run from the repository's root. Nothing is installed into ~/.m2.
bench_build() {
  if [ "${BENCH_BUILT:-}" = 1 ]; then
    echo "== build: skipped (BENCH_BUILT=1, built once by scripts/bench.sh)"
    return 0
  fi
  ./mvnw -B -q -ntp "$@" >/dev/null
}

# bench_long <short> <long>: the default (short, to fit `./tickstream bench` in 15 minutes) or, with BENCH_LONG=1,
# the longer variant the earlier figures in docs/benchmarks.md were measured with.
bench_long() {
  if [ "${BENCH_LONG:-0}" = 1 ]; then echo "$2"; else echo "$1"; fi
}

# num "70,047" → 70047 (figures as printed, thousands separators and units dropped).
num() {
  printf '%s\n' "$1" | tr -d ',' | grep -Eo -- '-?[0-9]+(\.[0-9]+)?' | head -n 1
}

# group 70047.3 → 70,047 (a whole number with thousands separators, for a summary row).
group() {
  awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); n = ""; neg = (substr(s, 1, 1) == "-"); if (neg) s = substr(s, 2)
    while (length(s) > 3) { n = "," substr(s, length(s) - 2) n; s = substr(s, 1, length(s) - 3) }
    print (neg ? "-" : "") s n }'
}

# to_ms 850.00us|3.27ms|1.20s → milliseconds (wrk's latency units), two decimals.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}

# bench_cleanup: ends the processes a benchmark started (the array pids) and removes the Redis keys holding its
# $prefix; set both, then `trap bench_cleanup EXIT`.
bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli --scan --pattern "*$prefix*" | xargs -r redis-cli del >/dev/null
}
