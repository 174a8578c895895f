# Shared by the benchmarks: a sandbox HOME with AWS files for the emulator's demo identity, the
# emulator itself, and ratio reporting from hyperfine's JSON. Source it; it cleans up on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI="$ROOT/dist/cli.js"
command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -f "$CLI" ] || (cd "$ROOT" && npm run build >/dev/null)

BENCH_DIR=$(mktemp -d)
export HOME="$BENCH_DIR" AWS_CONFIG_FILE="$BENCH_DIR/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$BENCH_DIR/.aws/credentials"
export XDG_CACHE_HOME="$BENCH_DIR/.cache" XDG_DATA_HOME="$BENCH_DIR/.local/share" AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

node "$CLI" emulator --port 0 --json >"$BENCH_DIR/emulator.json" 2>"$BENCH_DIR/emulator.err" &
EMU_PID=$!
trap 'kill $EMU_PID 2>/dev/null || true; rm -rf "$BENCH_DIR"' EXIT
for _ in $(seq 50); do [ -s "$BENCH_DIR/emulator.json" ] && break; sleep 0.1; done
json() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").split("\n")[0]); console.log(j[process.argv[2]])' "$BENCH_DIR/emulator.json" "$1"; }
export AWS_ENDPOINT_URL=$(json endpoint)
SERIAL=$(json mfaSerial)
SEED=$(json seedBase32)
mkdir -p "$BENCH_DIR/.aws" && chmod 700 "$BENCH_DIR/.aws"
printf '[profile demo]\nmfa_serial = %s\nregion = us-east-1\n' "$SERIAL" >"$AWS_CONFIG_FILE"
printf '[demo-long-term]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$(json accessKeyId)" "$(json secretAccessKey)" >"$AWS_SHARED_CREDENTIALS_FILE"
chmod 600 "$AWS_CONFIG_FILE" "$AWS_SHARED_CREDENTIALS_FILE"

switches() { node -e 'fetch(process.argv[1]+"/__emulator/switches",{method:"POST",body:process.argv[2]}).then(r=>{if(!r.ok)process.exit(1)})' "$AWS_ENDPOINT_URL" "$1"; }
current_code() { node -e 'fetch(process.argv[1]+"/__emulator/code").then(r=>r.json()).then(j=>console.log(j.code))' "$AWS_ENDPOINT_URL"; }

# ratio FILE: mean of the first command over the mean of the second, from hyperfine --export-json.
ratio() { node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).results; console.log((r[0].mean/r[1].mean).toFixed(2))' "$1"; }
