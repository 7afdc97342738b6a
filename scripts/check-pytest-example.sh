#!/usr/bin/env bash
# Runs the pytest example (examples/python) against the built CLI. pytest comes from the machine's python3 when it
# has it, else from Debian's python3-pytest (PyPI is not reachable from CI). usage: scripts/check-pytest-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-if-stale.js
python=python3
if ! python3 -m pytest --version >/dev/null 2>&1; then
  if ! /usr/bin/python3 -m pytest --version >/dev/null 2>&1; then
    echo "pytest is missing: installing Debian's python3-pytest"
    (apt-get update -qq && apt-get install -y -qq python3-pytest) >/dev/null
  fi
  python=/usr/bin/python3
fi
"$python" -m pytest --version
SNAPENGAGE_MOCK="node dist/cli.js" "$python" -m pytest examples/python -q -p no:cacheprovider
