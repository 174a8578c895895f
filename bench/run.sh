#!/usr/bin/env bash
# npm run bench: every benchmark on Node 20 (the machine's node) and on Node 24. Each figure is the
# median of REPEATS ratios (min and max printed); a figure over its target makes this exit 1.
# Options: BENCH_ONLY="warm scale" runs a subset; NODES="20" skips Node 24; WRITE_RESULTS=1 rewrites
# bench/RESULTS.md from this run. Kept out of npm test: timings on a shared machine are not a test.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
(cd "$ROOT" && npm run build >/dev/null)
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
declare -A BIN=([20]="$(dirname "$(command -v node)")")
for v in ${NODES:-20 24}; do
  [ "$v" = 24 ] && BIN[24]=$("$ROOT/scripts/node24.sh")
  export PATH="${BIN[$v]}:$PATH" NODE_LABEL="node $("${BIN[$v]}/node" -v)" BENCH_RESULTS=$RESULTS
  echo "== $NODE_LABEL"
  for b in ${BENCH_ONLY:-warm parallel login scale hook}; do bash "$b.sh"; done
done
over=$(awk -F'\t' '$8 == "over"' "$RESULTS" | wc -l)
if [ "${WRITE_RESULTS:-}" = 1 ]; then
  {
    echo "# Benchmark results"
    echo
    echo "Written by \`WRITE_RESULTS=1 npm run bench\` on $(date -u +%Y-%m-%d), commit $(git -C "$ROOT" rev-parse --short HEAD),"
    echo "$(nproc) cores, $(uname -sr). Each figure is the median of ${REPEATS:-3} ratios, each from its own"
    echo "hyperfine run of the command and its baseline side by side; min and max beside it. Node runs"
    echo "with NODE_EXTRA_CA_CERTS and NODE_OPTIONS unset (bench/lib.sh)."
    echo
    echo "| figure | node | median | min | max | target | |"
    echo "|---|---|---|---|---|---|---|"
    awk -F'\t' '{ t = $7 == "-" ? "(reported)" : "≤ " $7; printf "| %s | %s | %s× | %s× | %s× | %s | %s |\n", $3, $2, $4, $5, $6, t, $8 == "over" ? "**over**" : $8 }' "$RESULTS"
  } >"$ROOT/bench/RESULTS.md"
  echo "wrote bench/RESULTS.md"
fi
echo "$(wc -l <"$RESULTS") figures, $over over target"
[ "$over" = 0 ]
