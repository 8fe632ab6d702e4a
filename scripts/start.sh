#!/usr/bin/env bash
# Builds and starts the whole system in one process: api, worker and the console at http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-services.sh
npx nx run-many -t build --projects=@kefu/api,@kefu/admin --outputStyle=stream
exec node apps/api/dist/main.js
