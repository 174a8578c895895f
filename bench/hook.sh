#!/usr/bin/env bash
# The shell hook's two costs, each as a ratio to a baseline measured the same way:
# 1) Idle prompt: one call of the hook function in a folder with a trusted .awsmfa, vs one
#    `eval "$(direnv export bash)"` in a folder with an allowed .envrc — both repeated inside one
#    bash loop, minus the same loop doing nothing. Target ≤ 0.05×.
# 2) Change path: one `cd` into a configured folder plus the prompt hook (which runs awsmfa),
#    vs one bare `node -e 0`, both repeated in a bash loop. Target ≤ 1.5×.
source "$(dirname "$0")/lib.sh"
command -v direnv >/dev/null || { echo "bench needs direnv (apt-get install direnv)" >&2; exit 1; }

mkdir -p "$BENCH_DIR/bin" "$BENCH_DIR/a" "$BENCH_DIR/b" "$BENCH_DIR/.config/direnv"
printf '#!/bin/sh\nexec node %q "$@"\n' "$CLI" >"$BENCH_DIR/bin/awsmfa"
chmod +x "$BENCH_DIR/bin/awsmfa"
export PATH="$BENCH_DIR/bin:$PATH" XDG_CONFIG_HOME="$BENCH_DIR/.config"
printf 'profile = demo\nregion = eu-west-1\n' >"$BENCH_DIR/a/.awsmfa"
printf 'profile = other\n' >"$BENCH_DIR/b/.awsmfa"
printf 'export AWS_PROFILE=demo\n' >"$BENCH_DIR/a/.envrc"
awsmfa allow "$BENCH_DIR/a" 2>/dev/null
awsmfa allow "$BENCH_DIR/b" 2>/dev/null
(cd "$BENCH_DIR/a" && direnv allow . 2>/dev/null)

IDLE_N=${IDLE_N:-20000}
DIRENV_N=${DIRENV_N:-50}
CD_N=${CD_N:-20}
# One loop script for every case, so the loop and setup overhead is identical and subtracts out.
cat >"$BENCH_DIR/loop.sh" <<'LOOP'
mode=$1 n=$2 dir=$3
eval "$(awsmfa hook bash)"
cd "$dir" && __awsmfa_hook && eval "$(direnv export bash 2>/dev/null)"
case $mode in
  none) for ((i = 0; i < n; i++)); do :; done ;;
  hook) for ((i = 0; i < n; i++)); do __awsmfa_hook; done ;;
  direnv) for ((i = 0; i < n; i++)); do eval "$(direnv export bash 2>/dev/null)"; done ;;
  cd) for ((i = 0; i < n; i++)); do
        if ((i % 2)); then cd "$dir/../a"; else cd "$dir/../b"; fi
        __awsmfa_hook
      done ;;
  node) for ((i = 0; i < n; i++)); do node -e 0; done ;;
esac
[[ $AWS_PROFILE == demo || $AWS_PROFILE == other ]] || { echo "hook did not apply" >&2; exit 1; }
LOOP

L="bash --norc --noprofile $BENCH_DIR/loop.sh"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$BENCH_DIR/idle.json" \
  -n "loop only" "$L none $IDLE_N $BENCH_DIR/a" \
  -n "hook idle ×$IDLE_N" "$L hook $IDLE_N $BENCH_DIR/a" \
  -n "loop only (direnv)" "$L none $DIRENV_N $BENCH_DIR/a" \
  -n "direnv export ×$DIRENV_N" "$L direnv $DIRENV_N $BENCH_DIR/a"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$BENCH_DIR/cd.json" \
  -n "loop only" "$L none $CD_N $BENCH_DIR/a" \
  -n "cd + hook ×$CD_N" "$L cd $CD_N $BENCH_DIR/a" \
  -n "node -e 0 ×$CD_N" "$L node $CD_N $BENCH_DIR/a"

node -e '
const fs = require("fs");
const r = (f) => JSON.parse(fs.readFileSync(f, "utf8")).results.map((x) => x.mean);
const [n1, hook, n2, direnv] = r(process.argv[1]);
const [n3, cd, node] = r(process.argv[2]);
const [iN, dN, cN] = process.argv.slice(3).map(Number);
const per = (t, base, n) => (t - base) / n;
const h = per(hook, n1, iN), d = per(direnv, n2, dN), c = per(cd, n3, cN), z = per(node, n3, cN);
const us = (s) => (s * 1e6).toFixed(1) + " µs";
console.log(`idle hook: ${us(h)} per prompt; direnv export: ${us(d)} per prompt`);
console.log(`idle prompt ratio (hook / direnv export): ${(h / d).toFixed(4)}  (target ≤ 0.05)`);
console.log(`cd + hook: ${us(c)}; node -e 0: ${us(z)}`);
console.log(`cd ratio (cd into a configured folder / node -e 0): ${(c / z).toFixed(2)}  (target ≤ 1.5)`);
' "$BENCH_DIR/idle.json" "$BENCH_DIR/cd.json" "$IDLE_N" "$DIRENV_N" "$CD_N"
