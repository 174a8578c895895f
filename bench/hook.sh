#!/usr/bin/env bash
# The shell hook at an idle prompt, against direnv's own hook in the same shell, in two places:
#   "configured": a folder with a trusted .awsmfa (and an allowed .envrc for direnv);
#   "deep": 5 levels below a folder tree with no .awsmfa/.envrc anywhere up to /, so the walk is long.
# Per prompt = (loop calling the hook N times − the same loop doing nothing) / N, for both tools.
# Targets (hook / direnv): bash and zsh ≤ 0.03×, fish ≤ 0.04×.
# Also: one `cd` into a configured folder (which runs awsmfa) vs one `node -e 0`, in bash: ≤ 1.5×.
source "$(dirname "$0")/lib.sh"
for p in direnv zsh fish; do command -v $p >/dev/null || { echo "bench needs $p" >&2; exit 1; }; done

mkdir -p "$BENCH_DIR/bin" "$BENCH_DIR/a" "$BENCH_DIR/b" "$BENCH_DIR/.config/direnv"
# Nothing above DEEP has an .awsmfa or .envrc (mktemp -d is under /tmp).
DEEP="$BENCH_DIR/u/1/2/3/4/5"
mkdir -p "$DEEP"
printf '#!/bin/sh\nexec node %q "$@"\n' "$CLI" >"$BENCH_DIR/bin/awsmfa"
chmod +x "$BENCH_DIR/bin/awsmfa"
export PATH="$BENCH_DIR/bin:$PATH" XDG_CONFIG_HOME="$BENCH_DIR/.config"
printf 'profile = demo\nregion = eu-west-1\n' >"$BENCH_DIR/a/.awsmfa"
printf 'profile = other\n' >"$BENCH_DIR/b/.awsmfa"
printf 'export AWS_PROFILE=demo\n' >"$BENCH_DIR/a/.envrc"
awsmfa allow "$BENCH_DIR/a" 2>/dev/null
awsmfa allow "$BENCH_DIR/b" 2>/dev/null
(cd "$BENCH_DIR/a" && direnv allow . 2>/dev/null)

IDLE_N=${IDLE_N:-5000}
DIRENV_N=${DIRENV_N:-40}

# loop.SHELL MODE N DIR: one script per shell; modes none | hook | direnv.
cat >"$BENCH_DIR/loop.bash" <<'LOOP'
mode=$1 n=$2
eval "$(awsmfa hook bash)"
cd "$3" && __awsmfa_hook && eval "$(direnv export bash 2>/dev/null)"
case $mode in
  none) for ((i = 0; i < n; i++)); do :; done ;;
  hook) for ((i = 0; i < n; i++)); do __awsmfa_hook; done ;;
  direnv) for ((i = 0; i < n; i++)); do eval "$(direnv export bash 2>/dev/null)"; done ;;
esac
LOOP
cat >"$BENCH_DIR/loop.zsh" <<'LOOP'
mode=$1 n=$2
eval "$(awsmfa hook zsh)"
cd "$3" && __awsmfa_hook && eval "$(direnv export zsh 2>/dev/null)"
case $mode in
  none) for ((i = 0; i < n; i++)); do :; done ;;
  hook) for ((i = 0; i < n; i++)); do __awsmfa_hook; done ;;
  direnv) for ((i = 0; i < n; i++)); do eval "$(direnv export zsh 2>/dev/null)"; done ;;
esac
LOOP
cat >"$BENCH_DIR/loop.fish" <<'LOOP'
set mode $argv[1]; set n $argv[2]
awsmfa hook fish | source
cd $argv[3]; __awsmfa_hook; direnv export fish 2>/dev/null | source
switch $mode
  case none
    for i in (seq $n); end
  case hook
    for i in (seq $n); __awsmfa_hook; end
  case direnv
    for i in (seq $n); direnv export fish 2>/dev/null | source; end
end
LOOP
run() { # shell → command line for loop.SHELL
  case $1 in
    bash) echo "bash --norc --noprofile $BENCH_DIR/loop.bash" ;;
    zsh) echo "zsh -f $BENCH_DIR/loop.zsh" ;;
    fish) echo "fish --no-config $BENCH_DIR/loop.fish" ;;
  esac
}
# per-prompt ratio from one hyperfine JSON holding: none(N), hook(N), none(D), direnv(D)
idle_ratio() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results.map((x) => x.median);
    const [n1, hook, n2, direnv] = r, [iN, dN] = process.argv.slice(2).map(Number);
    console.log((((hook - n1) / iN) / ((direnv - n2) / dN)).toFixed(5));
  ' "$1" "$IDLE_N" "$DIRENV_N"
}
for sh in bash zsh fish; do
  L=$(run $sh)
  for where in configured deep; do
    dir=$BENCH_DIR/a; [ $where = deep ] && dir=$DEEP
    target=0.03; [ $sh = fish ] && target=0.04
    ratios=()
    for i in $(seq "$REPEATS"); do
      hf "$BENCH_DIR/idle.$sh.$where.$i.json" --warmup 1 --runs "${RUNS:-5}" \
        "$L none $IDLE_N $dir" "$L hook $IDLE_N $dir" "$L none $DIRENV_N $dir" "$L direnv $DIRENV_N $dir"
      ratios+=("$(idle_ratio "$BENCH_DIR/idle.$sh.$where.$i.json")")
    done
    record "idle-$sh-$where" "$target" "idle $sh prompt ($where) / direnv's $sh hook" "${ratios[@]}"
  done
done

# cd into a configured folder: the hook runs awsmfa once (after a change), vs one bare node start.
CD_N=${CD_N:-20}
cat >"$BENCH_DIR/cd.bash" <<'LOOP'
mode=$1 n=$2 dir=$3
eval "$(awsmfa hook bash)"
cd "$dir" && __awsmfa_hook
case $mode in
  none) for ((i = 0; i < n; i++)); do :; done ;;
  cd) for ((i = 0; i < n; i++)); do
        if ((i % 2)); then cd "$dir/../a"; else cd "$dir/../b"; fi
        __awsmfa_hook
      done
      [[ $AWS_PROFILE == demo || $AWS_PROFILE == other ]] || { echo "hook did not apply" >&2; exit 1; } ;;
  node) for ((i = 0; i < n; i++)); do node -e 0; done ;;
esac
LOOP
ratios=()
for i in $(seq "$REPEATS"); do
  C="bash --norc --noprofile $BENCH_DIR/cd.bash"
  hf "$BENCH_DIR/cd.$i.json" --warmup 1 --runs "${RUNS:-5}" \
    "$C none $CD_N $BENCH_DIR/a" "$C cd $CD_N $BENCH_DIR/a" "$C node $CD_N $BENCH_DIR/a"
  ratios+=("$(node -e 'const [n, cd, node] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results.map((x) => x.median); console.log(((cd - n) / (node - n)).toFixed(4))' "$BENCH_DIR/cd.$i.json")")
done
record cd-bash 1.5 "cd into a configured folder (bash) / node -e 0" "${ratios[@]}"
