#!/usr/bin/env bash
# Runs every benchmark in bench/; each prints its figures beside a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-services.sh
# The push benchmark runs the built api, worker and simulator as separate processes.
npx nx run-many -t build --projects=@kefu/api,@kefu/wechat-sim --outputStyle=stream
for bench in bench/*.ts; do
  echo "== $bench"
  npx tsx "$bench"
done
