#!/usr/bin/env bash
# Runs every benchmark; each prints its ratio. Numbers are ratios to a baseline on the same machine.
set -euo pipefail
cd "$(dirname "$0")"
for b in login.sh credential-process.sh hook.sh; do
  [ -f "$b" ] && bash "$b"
done
