#!/usr/bin/env bash
# Runs every benchmark in bench/; each prints its figures beside a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
for bench in bench/*.ts; do
  echo "== $bench"
  npx tsx "$bench"
done
