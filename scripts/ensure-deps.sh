#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than the lockfile, and
# generates the IDL code. Sourced by start.sh and test.sh so each of the README's two commands
# works on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "waymark: '$1' is required ($2)" >&2; exit 1; }; }
need node "Node.js >= 20.19: apt-get install nodejs, or see README.md"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "waymark: Node.js >= 20.19 is required (found $(node --version))" >&2; exit 1; }

stamp=node_modules/.waymark-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "waymark: installing npm dependencies" >&2
  # `npm install` with the committed lockfile installs the locked versions. Not `npm ci`: the
  # npm 11 here writes lockfiles without other platforms' optional binaries, which its own
  # `npm ci` then refuses as out of sync.
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx nx run-many -t generate --output-style=stream-without-prefixes >/dev/null
