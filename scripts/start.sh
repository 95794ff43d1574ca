#!/usr/bin/env bash
# npm start [-- app]: installs what is needed, builds the app if its sources changed, runs it.
# Configuration comes from the environment (docs/configuration.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
app=${1:-all-in-one}
source scripts/ensure-deps.sh
npx nx run "$app:build" --output-style=stream-without-prefixes >/dev/null
exec node --enable-source-maps "dist/apps/$app/main.js"
