#!/usr/bin/env bash
# A warm `awsmfa credential-process` (a cached session, what the AWS CLI runs on every call in
# process mode) vs a bare `node -e 0`. Target ≤ 1.12×.
source "$(dirname "$0")/lib.sh"
node "$CLI" login --profile demo --code "$(current_code)" >/dev/null
out=$(node "$CLI" credential-process --profile demo)
[[ $out == *'"SessionToken"'* ]] || { echo "warm credential-process printed no session" >&2; exit 1; }
compare warm 1.12 "warm credential-process / node -e 0" "node $CLI credential-process --profile demo" "node -e 0" --runs "${RUNS:-40}"
