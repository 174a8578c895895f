#!/usr/bin/env bash
# 16 `credential-process` calls started at once on an empty cache (a burst of AWS CLI processes):
# one refresh, one code, one GetSessionToken, everyone gets the session.
# - vs 16 bare `node -e 0` started at once: target ≤ 1.25× (16 processes on 2 cores cannot start
#   faster than those 16 nodes whatever awsmfa does).
# - vs a single refresh with the same code source: reported.
# - 16 warm calls (the cache answers all) vs the same 16 bare nodes: reported, the floor.
# Every run checks each process's exit code and output, and the emulator's GetSessionToken count.
source "$(dirname "$0")/lib.sh"
# mfa_process is oathtool with the emulator device's seed: what a user with a soft TOTP secret runs,
# and a code source that costs next to nothing, so the figure is awsmfa's own cost. (A `node -e
# fetch(…)` source costs about 4× a bare node in CPU by itself and would measure that instead.)
printf 'mfa_process = oathtool --totp -b %s\n' "$(json seedBase32)" >>"$AWS_CONFIG_FILE"
command -v oathtool >/dev/null || { echo "bench needs oathtool (apt-get install oathtool)" >&2; exit 1; }
switches '{"allowCodeReuse":true}'
EMU_HOST=${AWS_ENDPOINT_URL#http://}; EMU_PORT=${EMU_HOST##*:}; EMU_HOST=${EMU_HOST%%:*}; EMU_PORT=${EMU_PORT%%/*}
cat >"$BENCH_DIR/par.sh" <<PAR
set -u
n=\$1 out=$BENCH_DIR/out
# \$out is made once, below: each output file is truncated when its process starts, so a file
# left from an earlier run cannot pass the checks (no rm and mkdir forked in the timed run).
# Started and waited for without a fork of bash (no seq, no \$(jobs -p)): as in bare.sh.
pids=()
for ((i = 1; i <= n; i++)); do node $CLI credential-process --profile demo >\$out/\$i 2>\$out/\$i.err & pids+=(\$!); done
fail=0
for p in "\${pids[@]}"; do wait \$p || fail=1; done
[ \$fail = 0 ] || { echo "a credential-process failed" >&2; cat \$out/*.err >&2; exit 1; }
# Checked inside the timed run, with bash builtins only: a \`node -e fetch(…)\` here cost about
# 2.5 bare nodes, a tenth of the baseline, on the subject's side alone.
for ((i = 1; i <= n; i++)); do
  IFS= read -r -d '' o <\$out/\$i || true
  [[ \$o == *'"SessionToken"'* ]] || { echo "process \$i printed no session" >&2; exit 1; }
done
exec 3<>/dev/tcp/$EMU_HOST/$EMU_PORT
printf 'GET /__emulator/counters HTTP/1.0\\r\\nHost: $EMU_HOST\\r\\n\\r\\n' >&3
IFS= read -r -d '' reply <&3 || true
[[ \$reply == *'"GetSessionToken":1'[,}]* ]] || { echo "expected 1 GetSessionToken: \${reply##*\$'\\n'}" >&2; exit 1; }
PAR
mkdir -p "$BENCH_DIR/out"
cat >"$BENCH_DIR/bare.sh" <<'BARE'
for ((i = 1; i <= 16; i++)); do node -e 0 & done; wait
BARE
# Before each timed run: an empty cache and zeroed emulator counters.
cat >"$BENCH_DIR/prep.sh" <<PREP
rm -rf $XDG_CACHE_HOME/awsmfa
node -e 'fetch(process.argv[1]+"/__emulator/reset",{method:"POST"}).then(r=>{if(!r.ok)process.exit(1)})' "$AWS_ENDPOINT_URL"
PREP
PREP="bash $BENCH_DIR/prep.sh"
ratios=()
for i in $(seq "$REPEATS"); do
  hf "$BENCH_DIR/par.$i.json" --warmup 1 --runs "${RUNS_PAR:-10}" \
    --prepare "$PREP" -n "16 parallel refreshes" "bash $BENCH_DIR/par.sh 16" \
    --prepare "true" -n "16 parallel node -e 0" "bash $BENCH_DIR/bare.sh"
  ratios+=("$(hf_ratio "$BENCH_DIR/par.$i.json")")
done
record parallel 1.25 "16 parallel cold refreshes / 16 parallel node -e 0" "${ratios[@]}"
compare parallel-vs-one - "16 parallel cold refreshes / 1 refresh" "bash $BENCH_DIR/par.sh 16" "bash $BENCH_DIR/par.sh 1" \
  --prepare "$PREP" --warmup 1 --runs "${RUNS_PAR:-10}"
# The floor of the first figure: the same 16 processes when the cache can answer them all (no
# claim, no wait, no refresh). What the target leaves for one refresh and 15 waits is the gap.
compare parallel-warm - "16 parallel warm calls / 16 parallel node -e 0 (the floor)" "bash $BENCH_DIR/par.sh 16" "bash $BENCH_DIR/bare.sh" \
  --warmup 1 --runs "${RUNS_PAR:-10}"
