#!/usr/bin/env bash
# Runs the pytest example (examples/python) as Python users run it: `npx snapengage-mock` from a project that has the
# package installed (a throw-away project whose node_modules links to this checkout, so no registry is needed), then
# fails if any process it started is still running (a server left listening after the tests). pytest comes from the
# machine's python3 when it has it, else from Debian's python3-pytest (PyPI is not reachable from CI).
# usage: scripts/check-pytest-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
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

# Every process the example starts inherits this variable, however it is started (npx, its shell, the server, in a
# session of their own): what is left of them afterwards is found by it.
marker="check-pytest-example-$$-$RANDOM"
leftovers() { grep -lsa "SNAPENGAGE_MOCK_CHECK=$marker" /proc/[0-9]*/environ | cut -d/ -f3 || true; }
project=$(mktemp -d)
cleanup() {
  for pid in $(leftovers); do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$project"
}
trap cleanup EXIT
mkdir -p "$project/node_modules/.bin"
echo '{"name":"pytest-example","private":true}' >"$project/package.json"
ln -s "$root" "$project/node_modules/snapengage-mock"
ln -s ../snapengage-mock/dist/cli.js "$project/node_modules/.bin/snapengage-mock"

status=0
(cd "$project" && SNAPENGAGE_MOCK_CHECK=$marker npm_config_update_notifier=false "$python" -m pytest "$root/examples/python" -q -p no:cacheprovider) || status=$?
left=$(leftovers)
if [ -n "$left" ]; then
  echo "the pytest example left processes running:"
  ps -o pid,ppid,args -p "$(echo $left | tr ' ' ',')" || true
  status=1
fi
exit $status
