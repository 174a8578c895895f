#!/usr/bin/env bash
# Large generated AWS files (organisations with thousands of accounts): 5, 5,000 and 50,000
# profiles in the config, and as many sections in the credentials file. Each figure compares the
# same command on a big sandbox against a 5-profile one, side by side.
#   status               5,000 / 5 ≤ 1.3     50,000 / 5 ≤ 4     (and the floor under both, reported)
#   login --force        5,000 / 5 ≤ 1.3     50,000 / 5 ≤ 4, peak RSS ≤ 2×
#   credential-process   5,000 / 5 ≤ 1.2     (warm)
source "$(dirname "$0")/lib.sh"
switches '{"allowCodeReuse":true}'
CODE=$(current_code)

# sandbox N: a HOME whose config holds the demo MFA profile plus N-1 role profiles that use it
# (the usual shape of a generated org config), and whose credentials file holds N-1 other keys.
sandbox() {
  local n=$1 d=$BENCH_DIR/s$1
  mkdir -p "$d/.aws" "$d/.cache" && chmod 700 "$d/.aws"
  # The key through the environment, never argv (where any process of the machine can read it).
  KEY_ID=$KEY_ID SECRET=$SECRET node -e '
    const fs = require("fs"), [dir, n, serial] = process.argv.slice(1), { KEY_ID: id, SECRET: secret } = process.env;
    const cfg = [`[profile demo]\nmfa_serial = ${serial}\nregion = us-east-1\n`];
    const cred = [`[demo-long-term]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`];
    for (let i = 1; i < Number(n); i++) {
      const acct = String(100000000000 + i);
      cfg.push(`# account ${i}\n[profile acct-${i}]\nrole_arn = arn:aws:iam::${acct}:role/Admin\nsource_profile = demo\nregion = eu-west-1\n`);
      cred.push(`[other-${i}]\naws_access_key_id = AKIAEXAMPLE${String(i).padStart(9, "0")}\naws_secret_access_key = ${"x".repeat(40)}\n`);
    }
    fs.writeFileSync(dir + "/.aws/config", cfg.join("\n"), { mode: 0o600 });
    fs.writeFileSync(dir + "/.aws/credentials", cred.join("\n"), { mode: 0o600 });
  ' "$d" "$n" "$SERIAL"
  # env(1) runs the command with this sandbox's HOME and files, without a shell in between.
  echo "env HOME=$d AWS_CONFIG_FILE=$d/.aws/config AWS_SHARED_CREDENTIALS_FILE=$d/.aws/credentials XDG_CACHE_HOME=$d/.cache"
}
S5=$(sandbox 5); S5K=$(sandbox 5000); S50K=$(sandbox 50000)
for s in "$S5" "$S5K" "$S50K"; do $s node "$CLI" login --profile demo --code "$CODE" >/dev/null; done

# The device record would make awsmfa refuse the reused code; forget it before each login.
PREP5="rm -rf $BENCH_DIR/s5/.cache/awsmfa/devices"
LOGIN="node $CLI login --profile demo --force --code @CODE@"
STATUS="node $CLI status"
CP="node $CLI credential-process --profile demo"

compare status-5k 1.3 "status, 5,000 / 5 profiles" "$S5K $STATUS" "$S5 $STATUS" --runs "${RUNS:-15}"
compare status-50k 4 "status, 50,000 / 5 profiles" "$S50K $STATUS" "$S5 $STATUS" --warmup 1 --runs "${RUNS_BIG:-5}"
# How close status can get at all: a script that only reads the two files and prints status's very
# rows (bench/status-floor.cjs), its extra time at scale added to awsmfa's status at 5 profiles.
FLOOR="node $ROOT/bench/status-floor.cjs"
floor status-5k-floor "status, 5,000 / 5 profiles: the floor (reading and printing only)" "$S5K $FLOOR" "$S5 $FLOOR" "$S5 $STATUS" --runs "${RUNS:-15}"
floor status-50k-floor "status, 50,000 / 5 profiles: the floor (reading and printing only)" "$S50K $FLOOR" "$S5 $FLOOR" "$S5 $STATUS" --warmup 1 --runs "${RUNS_BIG:-5}"
compare login-5k 1.3 "login --force, 5,000 / 5 profiles" "$S5K $LOGIN" "$S5 $LOGIN" \
  --prepare "rm -rf $BENCH_DIR/s5000/.cache/awsmfa/devices" --prepare "$PREP5" --runs "${RUNS:-15}"
compare login-50k 4 "login --force, 50,000 / 5 profiles" "$S50K $LOGIN" "$S5 $LOGIN" \
  --prepare "rm -rf $BENCH_DIR/s50000/.cache/awsmfa/devices" --prepare "$PREP5" --warmup 1 --runs "${RUNS_BIG:-5}"
compare cp-5k 1.2 "warm credential-process, 5,000 / 5 profiles" "$S5K $CP" "$S5 $CP" --runs "${RUNS:-20}"

# Peak RSS (GNU time's %M, KiB) of login --force, 50,000 vs 5 profiles; the highest of REPEATS runs each.
rss() {
  local s=$1 n=$2 max=0 i kb
  for i in $(seq "$REPEATS"); do
    rm -rf "$BENCH_DIR/s$n/.cache/awsmfa/devices"
    /usr/bin/time -f %M -o "$BENCH_DIR/rss" $s ${LOGIN//@CODE@/$(current_code)} >/dev/null 2>&1
    kb=$(tail -1 "$BENCH_DIR/rss")
    ((kb > max)) && max=$kb
  done
  echo "$max"
}
r5=$(rss "$S5" 5); r50k=$(rss "$S50K" 50000)
echo "peak RSS of login --force: $((r50k / 1024)) MiB with 50,000 profiles, $((r5 / 1024)) MiB with 5"
record rss-50k 2 "login --force peak RSS, 50,000 / 5 profiles" "$(node -e "console.log(($r50k/$r5).toFixed(4))")"
