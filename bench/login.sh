#!/usr/bin/env bash
# awsmfa login --force --code C  vs  aws sts get-session-token (v2), both against the emulator.
# Target: ratio ≤ 0.5. The emulator accepts a code more than once here only (allowCodeReuse).
source "$(dirname "$0")/lib.sh"
switches '{"allowCodeReuse":true}'
CODE=$(current_code)
# The AWS CLI needs the long-term key as a profile of its own; it is the same key awsmfa uses.
printf '[profile demo-long-term]\nregion = us-east-1\n' >>"$AWS_CONFIG_FILE"
# awsmfa itself refuses to resend a code it used (it remembers a hash of it); --prepare forgets it.
hyperfine -N --warmup 2 --runs "${RUNS:-15}" --export-json "$BENCH_DIR/login.json" \
  --prepare "rm -rf $XDG_CACHE_HOME/awsmfa/devices" \
  -n "awsmfa login" "node $CLI login --profile demo --force --code $CODE" \
  -n "aws sts get-session-token" "/usr/bin/aws --endpoint-url $AWS_ENDPOINT_URL sts get-session-token --profile demo-long-term --serial-number $SERIAL --token-code $CODE"
echo "login ratio (awsmfa / aws v2): $(ratio "$BENCH_DIR/login.json")  (target ≤ 0.5)"
