#!/usr/bin/env bash
# `make bench`: every benchmark, then docs/benchmarks.md from their results.
# Sizes come from the environment (see bench/harness.py, Sizes); a quick run, for example:
#   BENCH_PEOPLE=50000 BENCH_REQUESTS=20000 BENCH_MEMORY_ROWS=200000 bash bench/run.sh
# BENCH_ONLY="throughput accuracy" runs a subset; BENCH_DOC=PATH writes the page elsewhere.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WORK="${BENCH_WORK:-/tmp/statusbridge-bench}"
ONLY="${BENCH_ONLY:-throughput spark memory accuracy accounting ledger}"
started=$(date +%s)
failed=()

mkdir -p "$WORK/results"
# One world for the whole run, generated first if this generator has not made it yet.
if ! BENCH_WORLD="$("$PY" bench/harness.py)"; then
  echo "could not generate the synthetic world" >&2
  exit 1
fi
export BENCH_WORLD
for bench in $ONLY; do
  rm -f "$WORK/results/$bench.json"
  echo "== $bench ($(date +%H:%M:%S))"
  if ! "$PY" "bench/$bench.py"; then
    failed+=("$bench")
  fi
done

"$PY" bench/report.py --elapsed "$(( $(date +%s) - started ))" || failed+=("report")
echo "== make bench took $(( ($(date +%s) - started) / 60 )) min"
if (( ${#failed[@]} )); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
