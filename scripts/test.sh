#!/usr/bin/env bash
# Every test: lint, types, unit and integration tests on the real PostgreSQL and Redis, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
npx nx run-many -t lint typecheck test e2e --outputStyle=stream "$@"
