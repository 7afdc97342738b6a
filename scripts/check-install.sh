#!/usr/bin/env bash
# Installs this package as a user would, into fresh projects outside the repo, and runs the CLI and the harness from
# each: (1) the tarball `npm pack` makes (what the registry would serve), (2) the committed HEAD from a git URL (npm
# clones it, installs its dev dependencies, runs `prepare` to build dist/, packs and installs that). Also checks that
# the tarball holds only what it should, and that its types resolve for a TypeScript user.
# Needs the registry (for dependencies); not part of `npm test`. usage: scripts/check-install.sh [tarball|git]...
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tsc="$repo/node_modules/typescript/bin/tsc"
work=$(mktemp -d "${TMPDIR:-/tmp}/snapengage-mock-install.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
ways=("$@"); [ ${#ways[@]} -gt 0 ] || ways=(tarball git)

fail() { echo "check-install: $*" >&2; exit 1; }

# The CLI: --version, then a server on a free port whose banner names its URL, asked for a demo user.
check_cli() { # project dir
  local dir=$1 log="$1/cli.log" url="" i
  local bin="$dir/node_modules/.bin/snapengage-mock"
  "$bin" --version | grep -qx "$(node -p "require('$repo/package.json').version")" ||
    fail "$dir: snapengage-mock --version"
  # The bin itself (not npx), so the pid is the server's and SIGTERM reaches it.
  (cd "$dir" && exec "$bin" --port 0 --https-port off --db :memory: --log-level warn) >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for i in $(seq 1 100); do
    url=$(sed -n 's/.* listening on \(http:[^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "$dir: the CLI exited before listening"; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; fail "$dir: no URL in the banner"; }
  curl -fsS "$url/api/v1/user.json?api_key=dev-api-key&email=ada@example.com" | grep -q '"email":"ada@example.com"' ||
    fail "$dir: the demo user was not served"
  kill -TERM "$pid"; wait "$pid" || fail "$dir: the CLI did not stop cleanly on SIGTERM"
}

# The harness, from JavaScript (run) and TypeScript (types resolve through the package's exports).
check_harness() { # project dir
  local dir=$1
  cat >"$dir/harness.mjs" <<'JS'
import { startMock } from 'snapengage-mock';
const mock = await startMock();
const res = await fetch(`${mock.url}/api/v1/user.json?api_key=${mock.apiKey}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'jim@example.com', name: 'Jim', password: '12345', phone: '555', accountType: 'enterprise' }),
});
if (res.status !== 201 && res.status !== 200) throw new Error(`create user answered ${res.status}`);
const journal = await mock.requests();
if (journal.length !== 1) throw new Error(`journal holds ${journal.length} requests, expected 1`);
await mock.close();
console.log('harness ok');
JS
  (cd "$dir" && node harness.mjs) | grep -qx 'harness ok' || fail "$dir: the harness did not run"
  cat >"$dir/harness.ts" <<'TS'
import { startMock, type MockHarness, type ClockAdvance } from 'snapengage-mock';
const mock: MockHarness = await startMock({ startTime: 0 });
const advanced: ClockAdvance = await mock.advanceClock(1000);
const now: number = advanced.now;
export { now };
TS
  cat >"$dir/tsconfig.json" <<'JSON'
{ "compilerOptions": { "module": "nodenext", "target": "es2022", "strict": true, "noEmit": true, "skipLibCheck": true, "types": [] }, "files": ["harness.ts"] }
JSON
  (cd "$dir" && node "$tsc" -p tsconfig.json) || fail "$dir: the package's types do not resolve for a TypeScript user"
}

# npm install of the package, failing on an engine warning: the user's project applies none of this package's
# overrides, so a dependency that claims a newer Node than package.json's engines shows here and nowhere else.
install_into() { # project dir, what to install
  local log="$1/install.log"
  (cd "$1" && npm install --no-audit --no-fund --loglevel=warn "$2") >"$log" 2>&1 || { cat "$log" >&2; fail "$1: npm install $2 failed"; }
  ! grep -A4 EBADENGINE "$log" >&2 || fail "$1: a dependency wants another Node than $(node --version) (EBADENGINE above)"
}

new_project() { # name
  local dir="$work/$1"; mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm pkg set type=module >/dev/null)
  echo "$dir"
}

for way in "${ways[@]}"; do
  echo "== install from $way"; SECONDS=0
  dir=$(new_project "$way")
  case $way in
    tarball)
      tgz=$(cd "$repo" && npm pack --silent --json=false --pack-destination "$work" | tail -1)
      # Exactly what a user needs: the build, the demo data, the OpenAPI document, README, LICENSE, package.json.
      listing=$(tar tzf "$work/$tgz")
      unexpected=$(grep -Ev '^package/(dist/|fixtures/|openapi/|README\.md$|LICENSE$|package\.json$)' <<<"$listing" || true)
      [ -z "$unexpected" ] || fail "the tarball holds files it should not: $unexpected"
      for f in LICENSE README.md dist/index.js dist/cli.js fixtures/demo.json openapi/openapi.json; do
        grep -qx "package/$f" <<<"$listing" || fail "the tarball has no $f"
      done
      install_into "$dir" "$work/$tgz" ;;
    git)
      # What `npm install git+https://…` does, from the commit checked out here (uncommitted edits are not in it).
      install_into "$dir" "git+file://$repo" ;;
    *) fail "unknown way: $way (tarball or git)" ;;
  esac
  echo "   installed in ${SECONDS}s"
  [ -f "$dir/node_modules/snapengage-mock/dist/index.js" ] || fail "$way: no dist/ in the installed package"
  check_cli "$dir"
  check_harness "$dir"
  echo "== install from $way: ok"
done
