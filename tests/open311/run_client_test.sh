#!/usr/bin/env bash
# ctest entry: installs the client test's npm packages from the committed lock file when needed
# (npm ci), then runs the node:test suite against the given hotline binary.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
HOTLINE_BIN="$1" node --test client.test.mjs
