#!/usr/bin/env bash
# The collector benchmark without npm (see bench/README.md).
#
#   bash bench/collector.sh [bench/collector.ts options…]        one run, e.g. --granularity partition
#   bash bench/collector.sh series [runs] [options…]              alternates --granularity trace and partition
#                                                                 `runs` times each (default 3), saves the raw
#                                                                 output to bench/results/collector-<date>.txt
#                                                                 (or $COLLECTOR_BENCH_OUT) and prints the summary tables
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" != series ]]; then
  exec node bench/run-ts.cjs bench/collector.ts "$@"
fi
shift
runs="${1:-3}"
[[ $# -gt 0 ]] && shift
out="${COLLECTOR_BENCH_OUT:-bench/results/collector-$(date -u +%F).txt}"
mkdir -p "$(dirname "$out")"
# Build once, so every run of the series measures the same collector (--no-build: reuse the last build).
[[ " $* " == *" --no-build "* ]] || node bench/run-ts.cjs bench/collector.ts --build-only
echo "### collector series $(date -u +%FT%TZ): $runs × (trace, partition), options: $*; commit $(git rev-parse --short HEAD) plus the working tree, built $(date -u -r bench/.work/collector/main.js +%FT%TZ)" | tee -a "$out"
for ((i = 1; i <= runs; i++)); do
  for granularity in trace partition; do
    echo "=== run $i/$runs granularity $granularity ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), jest processes $(pgrep -fc 'node .*jest' || true))" | tee -a "$out"
    node bench/run-ts.cjs bench/collector.ts --granularity "$granularity" --no-build "$@" 2>&1 | tee -a "$out"
  done
done
node bench/run-ts.cjs bench/collector-summary.ts "$out"
