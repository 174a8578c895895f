#!/usr/bin/env bash
# A warm `awsmfa credential-process` (a cached session, what the AWS CLI runs on every call in
# process mode) vs a bare `node -e 0`. Target ≤ 1.12×, and ≤ 1.25× with the key in each store (the
# warm path never opens a key store, so the keyring and the encrypted file cost nothing here).
source "$(dirname "$0")/lib.sh"
node "$CLI" login --profile demo --code "$(current_code)" >/dev/null
out=$(node "$CLI" credential-process --profile demo)
[[ $out == *'"SessionToken"'* ]] || { echo "warm credential-process printed no session" >&2; exit 1; }
compare warm 1.12 "warm credential-process / node -e 0" "node $CLI credential-process --profile demo" "node -e 0" --runs "${RUNS:-40}"
for src in keyring file; do
  # The session is cached already; only awsmfa_source changes. No Secret Service or passphrase is
  # set up on purpose: a warm path that opened the store would fail the output check below.
  sed -i "/^awsmfa_source/d" "$AWS_CONFIG_FILE" && printf 'awsmfa_source = %s\n' "$src" >>"$AWS_CONFIG_FILE"
  out=$(DBUS_SESSION_BUS_ADDRESS= AWSMFA_FILE_PASSPHRASE= node "$CLI" credential-process --profile demo)
  [[ $out == *'"SessionToken"'* ]] || { echo "warm credential-process ($src) printed no session" >&2; exit 1; }
  compare "warm-$src" 1.25 "warm credential-process, key in $src / node -e 0" "node $CLI credential-process --profile demo" "node -e 0" --runs "${RUNS:-40}"
done
