#!/usr/bin/env bash
# `awsmfa login --force --code C` vs `aws sts get-session-token` (v2), both against the emulator:
# target ≤ 0.5×. Also reported against `node -e 0`, so the AWS CLI's slow start does not flatter us.
# The emulator accepts a code more than once here only (allowCodeReuse).
source "$(dirname "$0")/lib.sh"
switches '{"allowCodeReuse":true}'
# The AWS CLI needs the long-term key as a profile of its own; it is the same key awsmfa uses.
printf '[profile demo-long-term]\nregion = us-east-1\n' >>"$AWS_CONFIG_FILE"
# awsmfa refuses to resend a code it used (it remembers a hash of it); --prepare forgets it.
PREP="rm -rf $XDG_CACHE_HOME/awsmfa/devices"
LOGIN="node $CLI login --profile demo --force --code @CODE@"
compare login-vs-aws 0.5 "login --force / aws sts get-session-token (v2)" "$LOGIN" \
  "/usr/bin/aws --endpoint-url $AWS_ENDPOINT_URL sts get-session-token --profile demo-long-term --serial-number $SERIAL --token-code @CODE@" \
  --prepare "$PREP" --prepare "true" --warmup 2 --runs "${RUNS:-15}"
compare login-vs-node - "login --force / node -e 0" "$LOGIN" "node -e 0" --prepare "$PREP" --prepare "true" --warmup 2 --runs "${RUNS:-15}"
