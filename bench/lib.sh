# Shared by the benchmarks: a sandbox HOME with AWS files for the emulator's demo identity, the
# emulator itself, and `record`/`compare`, which turn repeated hyperfine runs into one checked figure.
# Source it; it cleans up on exit. `node` is whatever is first on PATH (run.sh puts Node 20 or 24 there).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI="$ROOT/dist/cli.js"
command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -f "$CLI" ] || (cd "$ROOT" && npm run build >/dev/null)
# Each figure is the median of REPEATS ratios, each from its own hyperfine run: one noisy run on a
# shared machine must not decide a figure alone.
REPEATS=${REPEATS:-3}
RESULTS=${BENCH_RESULTS:-/dev/null}   # run.sh collects one TSV line per figure here
NODE_LABEL=${NODE_LABEL:-$(node -v)}

BENCH_DIR=$(mktemp -d)
export HOME="$BENCH_DIR" AWS_CONFIG_FILE="$BENCH_DIR/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$BENCH_DIR/.aws/credentials"
export XDG_CACHE_HOME="$BENCH_DIR/.cache" XDG_DATA_HOME="$BENCH_DIR/.local/share" AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
# Node settings of the machine, not of awsmfa. NODE_EXTRA_CA_CERTS makes Node 20 read and parse a CA
# bundle at every start (60 ms here, twice a bare node): the same cost on both sides of every ratio,
# which would flatter every figure. NODE_OPTIONS could add anything.
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS

node "$CLI" emulator --port 0 --json >"$BENCH_DIR/emulator.json" 2>"$BENCH_DIR/emulator.err" &
EMU_PID=$!
trap 'kill $EMU_PID 2>/dev/null || true; rm -rf "$BENCH_DIR"' EXIT
for _ in $(seq 50); do [ -s "$BENCH_DIR/emulator.json" ] && break; sleep 0.1; done
json() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").split("\n")[0]); console.log(j[process.argv[2]])' "$BENCH_DIR/emulator.json" "$1"; }
export AWS_ENDPOINT_URL=$(json endpoint)
SERIAL=$(json mfaSerial)
KEY_ID=$(json accessKeyId)
SECRET=$(json secretAccessKey)
mkdir -p "$BENCH_DIR/.aws" && chmod 700 "$BENCH_DIR/.aws"
printf '[profile demo]\nmfa_serial = %s\nregion = us-east-1\n' "$SERIAL" >"$AWS_CONFIG_FILE"
printf '[demo-long-term]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$KEY_ID" "$SECRET" >"$AWS_SHARED_CREDENTIALS_FILE"
chmod 600 "$AWS_CONFIG_FILE" "$AWS_SHARED_CREDENTIALS_FILE"

switches() { node -e 'fetch(process.argv[1]+"/__emulator/switches",{method:"POST",body:process.argv[2]}).then(r=>{if(!r.ok)process.exit(1)})' "$AWS_ENDPOINT_URL" "$1"; }
current_code() { node -e 'fetch(process.argv[1]+"/__emulator/code").then(r=>r.json()).then(j=>console.log(j.code))' "$AWS_ENDPOINT_URL"; }
counter() { node -e 'fetch(process.argv[1]+"/__emulator/counters").then(r=>r.json()).then(j=>console.log(j[process.argv[2]]??0))' "$AWS_ENDPOINT_URL" "$1"; }
reset_counters() { node -e 'fetch(process.argv[1]+"/__emulator/reset",{method:"POST"}).then(r=>{if(!r.ok)process.exit(1)})' "$AWS_ENDPOINT_URL"; }

# hf_ratio JSON: median of the first command over the median of the second, from --export-json.
hf_ratio() { node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).results; console.log((r[0].median/r[1].median).toFixed(4))' "$1"; }

# record ID TARGET LABEL RATIO… : prints "LABEL: median (min–max) target ≤ T ok|OVER" and appends
# a TSV line to $RESULTS. TARGET "-" reports without checking. Returns 0 either way; run.sh decides.
record() {
  local id=$1 target=$2 label=$3; shift 3
  node -e '
    const [id, target, label, node, ...xs] = process.argv.slice(1);
    const r = xs.map(Number).sort((a, b) => a - b);
    const med = r[Math.floor(r.length / 2)];
    const ok = target === "-" || med <= Number(target);
    const f = (x) => (x < 0.1 ? x.toFixed(4) : x.toFixed(2));
    console.log(`${label} [${node}]: ${f(med)}× (min ${f(r[0])}, max ${f(r[r.length - 1])}, ${r.length} runs)` +
      (target === "-" ? "" : `  target ≤ ${target}  ${ok ? "ok" : "OVER TARGET"}`));
    require("fs").appendFileSync(process.env.RESULTS_FILE, [id, node, label, f(med), f(r[0]), f(r[r.length - 1]), target, ok ? "ok" : "over"].join("\t") + "\n");
  ' "$id" "$target" "$label" "$NODE_LABEL" "$@"
}
export RESULTS_FILE=$RESULTS

# hf JSON [hyperfine options and commands…]: one hyperfine run (-N: no shell in between), with
# RUNS and WARMUP where the caller gave none (hyperfine refuses a repeated --runs). Its warnings
# (outliers on a shared machine) would bury the figures: shown only on failure.
hf() {
  local json=$1 defaults=()
  shift
  [[ " $* " == *" --runs "* ]] || defaults+=(--runs "${RUNS:-20}")
  [[ " $* " == *" --warmup "* ]] || defaults+=(--warmup "${WARMUP:-3}")
  hyperfine -N --style none "${defaults[@]}" "$@" --export-json "$json" >/dev/null 2>"$BENCH_DIR/hf.err" ||
    { cat "$BENCH_DIR/hf.err" >&2; return 1; }
}

# compare ID TARGET LABEL SUBJECT BASELINE [hyperfine options…]: REPEATS hyperfine runs of the two
# commands side by side, one ratio of medians each, then record.
compare() {
  local id=$1 target=$2 label=$3 subject=$4 baseline=$5; shift 5
  local ratios=() i
  for i in $(seq "$REPEATS"); do
    # @CODE@: a code fresh for this repeat (a TOTP step lives 30 s; a repeat may outlast it).
    local code=""
    [[ "$subject$baseline" == *@CODE@* ]] && code=$(current_code)
    hf "$BENCH_DIR/$id.$i.json" "$@" -n subject "${subject//@CODE@/$code}" -n baseline "${baseline//@CODE@/$code}"
    ratios+=("$(hf_ratio "$BENCH_DIR/$id.$i.json")")
  done
  record "$id" "$target" "$label" "${ratios[@]}"
}

# floor ID LABEL BIG SMALL BASE [hyperfine options…]: the best ratio BASE's figure could reach,
# REPEATS times: BIG and SMALL are a minimal program on the big and the small input, BASE is the
# subject on the small one, all side by side: (BIG − SMALL + BASE) / BASE. Reported, not checked.
floor() {
  local id=$1 label=$2 big=$3 small=$4 base=$5; shift 5
  local ratios=() i
  for i in $(seq "$REPEATS"); do
    hf "$BENCH_DIR/$id.$i.json" "$@" -n big "$big" -n small "$small" -n base "$base"
    ratios+=("$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).results; console.log(((r[0].median-r[1].median+r[2].median)/r[2].median).toFixed(4))' "$BENCH_DIR/$id.$i.json")")
  done
  record "$id" - "$label" "${ratios[@]}"
}
