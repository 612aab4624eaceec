#!/bin/sh
# Installs what Payesh needs on a machine with only Node 20 and npm: pnpm, then the workspace.
# Idempotent: quick when everything is already there.
set -e
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "12.4.2" ]; then
  echo "setup: installing pnpm 12.4.2" >&2
  npm install -g -E pnpm@12.4.2 >/dev/null
fi
# Native addons (better-sqlite3, later) build against Node's own headers; nothing is downloaded.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
pnpm install --frozen-lockfile --reporter=silent
