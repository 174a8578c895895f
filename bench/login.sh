#!/usr/bin/env bash
# `awsmfa login --force --code C` vs `aws sts get-session-token` (v2), both against the emulator:
# target ≤ 0.5×. Also reported against `node -e 0`, so the AWS CLI's slow start does not flatter us.
# The emulator accepts a code more than once here only (allowCodeReuse).
source "$(dirname "$0")/lib.sh"
switches '{"allowCodeReuse":true}'
# The AWS CLI needs the long-term key as a profile of its own; it is the same key awsmfa uses.
printf '[profile demo-long-term]\nregion = us-east-1\n' >>"$AWS_CONFIG_FILE"
# Before each run: a code fresh from the emulator in a file, and awsmfa's memory of used codes
# (a hash per device) forgotten. A code fixed per repeat ran out: a ±1-step TOTP window is only
# 30-60 s, and a repeat on a loaded machine took longer (the AWS CLI then exited 254).
cat >"$BENCH_DIR/fresh.sh" <<FRESH
rm -rf $XDG_CACHE_HOME/awsmfa/devices
node -e 'fetch(process.argv[1]+"/__emulator/code").then(r=>r.json()).then(j=>console.log(j.code))' "$AWS_ENDPOINT_URL" >"$BENCH_DIR/code"
FRESH
PREP="bash $BENCH_DIR/fresh.sh"
# Both sides read the code through the same small shell, so neither pays for it alone.
LOGIN="sh -c 'exec node $CLI login --profile demo --force --code \$(cat $BENCH_DIR/code)'"
AWS="sh -c 'exec /usr/bin/aws --endpoint-url $AWS_ENDPOINT_URL sts get-session-token --profile demo-long-term --serial-number $SERIAL --token-code \$(cat $BENCH_DIR/code)'"
NODE0="sh -c 'exec node -e 0 \$(cat $BENCH_DIR/code)'"
compare login-vs-aws 0.5 "login --force / aws sts get-session-token (v2)" "$LOGIN" "$AWS" --prepare "$PREP" --prepare "$PREP" --warmup 2 --runs "${RUNS:-15}"
compare login-vs-node - "login --force / node -e 0" "$LOGIN" "$NODE0" --prepare "$PREP" --prepare "$PREP" --warmup 2 --runs "${RUNS:-15}"
