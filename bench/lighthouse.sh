#!/usr/bin/env bash
# Lighthouse (mobile, default throttling) against the production server on
# SQLite with the demo content; writes "## Lighthouse (mobile)" in bench/RESULTS.md.
#
#   bash bench/lighthouse.sh [--runs N] [--no-write]
#
# Installs the pinned lighthouse into bench/node_modules (gitignored) when it
# is missing, then hands over to bench/lighthouse.py, which prepares the
# database, starts gunicorn on 127.0.0.1, runs Lighthouse with Debian's
# chromium and stops the server at the end, also on error.
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTHOUSE_VERSION=12.8.2  # 13.x needs node >= 22.19; Debian 12 ships node 20
export LIGHTHOUSE_VERSION
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

installed="$(node -p "try { require('./bench/node_modules/lighthouse/package.json').version } catch (e) { '' }" 2>/dev/null || true)"
if [ "$installed" != "$LIGHTHOUSE_VERSION" ]; then
  echo "installing lighthouse@$LIGHTHOUSE_VERSION into bench/node_modules"
  timeout 600 npm install --prefix bench --no-save --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi
command -v "$CHROME_PATH" >/dev/null || { echo "no chromium at $CHROME_PATH (apt-get install chromium)"; exit 1; }

exec timeout 1800 .venv/bin/python bench/lighthouse.py "$@"
