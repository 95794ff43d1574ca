#!/usr/bin/env bash
# npm test: every check and every test. Installs npm dependencies if needed; the integration
# tests start real Kafka and Elasticsearch themselves (libs/test-infra) unless KAFKA_BROKERS /
# ELASTICSEARCH_URL point at running ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-deps.sh
started=$(date +%s)
step() { echo; echo "==> $*"; }

step "lint (ESLint, module boundaries)"
npx eslint . --max-warnings 0
step "typecheck (tsc, strict)"
npx tsc -p tsconfig.json --noEmit
step "build apps"
npx nx run-many -t build --output-style=stream-without-prefixes >/dev/null
step "deployment files (compose.yaml, Dockerfile, Helm chart; scripts/validate-deploy.sh)"
bash scripts/validate-deploy.sh
results=$(mktemp -d)
trap 'node tools/test-summary.mjs "$results/unit.json" "$results/int.json"; rm -rf "$results"' EXIT
step "unit tests"
npx jest -c jest.config.js --ci --json --outputFile="$results/unit.json"
step "integration tests (real Kafka and Elasticsearch)"
npx jest -c jest.int.config.js --ci --json --outputFile="$results/int.json"
echo
echo "==> all checks and tests passed in $(( $(date +%s) - started ))s"
