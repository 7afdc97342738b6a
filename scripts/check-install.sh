#!/usr/bin/env bash
# Installs this package as a user would, into fresh projects outside the repo, and runs the CLI and the harness from
# each: (1) the tarball `npm pack` makes (what the registry would serve), (2) the committed HEAD from a git URL (npm
# clones it, installs its dev dependencies, runs `prepare` to build dist/, packs and installs that). Also checks that
# the tarball holds only what it should, and that a strict TypeScript project (skipLibCheck off) compiles and runs a
# test against its types on each TypeScript it claims.
# Needs the registry (for dependencies); not part of `npm test`. usage: scripts/check-install.sh [tarball|git]...
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
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

# The harness from JavaScript, as a user's test would run it.
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
}

# The TypeScripts a consumer's strict compile is checked with: the oldest the package claims (peerDependencies, where
# the claim is made), the newest 5.x and 6.x, and the latest release (7.x today, the next major as soon as it is out).
ts_versions() {
  node -p "require('$repo/package.json').peerDependencies.typescript.replace(/^>=/, '')"
  printf '%s\n' 5.9 6.0 latest
}
typescripts="$work/typescripts" # each version under its own alias (ts-5.6, ...), installed once for every way
install_typescripts() {
  [ -d "$typescripts/node_modules" ] && return
  mkdir -p "$typescripts"
  local specs=() v
  for v in $(ts_versions); do [ "$v" = latest ] && specs+=("ts-$v@npm:typescript@latest") || specs+=("ts-$v@npm:typescript@~$v.0"); done
  (cd "$typescripts" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "${specs[@]}") >/dev/null ||
    fail "could not install TypeScript ${specs[*]}"
}

# A test a strict TypeScript user writes, with only the package installed (it brings what its types need): the
# harness, the Provisioning API's calls, the journal, the front desk and a bot. skipLibCheck is off, so every
# declaration the package reaches is checked, not only the ones the test names; each claimed TypeScript compiles it,
# and the latest one's output runs, so the types and what the package does agree.
check_types() { # project dir
  local dir=$1 v
  cat >"$dir/consumer.test.ts" <<'TS'
import assert from 'node:assert/strict';
import {
  botClient,
  startBot,
  startMock,
  type ConversationBotCalls,
  type ConversationMessage,
  type JournalEntry,
  type JsonValue,
  type MockHarness,
  type User,
  type UserExists,
  type Widget,
} from 'snapengage-mock';

const mock: MockHarness = await startMock({ startTime: Date.UTC(2026, 0, 5, 9) });
const bot = await startBot((req, res) => {
  res.json({ content: [{ type: 'message', text: `You said: ${req.body.text}` }] });
});
try {
  const user: User = await mock.users.create({ email: 'jim@example.com', name: 'Jim', password: '12345', accountType: 'biz' });
  const read: User | UserExists = await mock.users.get(user.email);
  assert.ok('name' in read && read.accountType === 'biz');
  const widget: Widget = await mock.widgets.create({
    email: user.email,
    agents: [{ agentId: 'jim@example.com', agentAlias: 'Jim', agentAvatar: 'https://example.com/jim.png', agentType: 'webclient' }],
  });
  const again: Widget = await mock.widgets.get(widget.uuid, user.email);
  assert.deepEqual(again.agents.map((a) => a.agentAlias), ['Jim']);

  // The journal: what the client sent, redacted, and what the mock answered.
  const [created]: JournalEntry[] = await mock.requests({ method: 'PUT', path: '/api/v1/user.json' });
  const sent: JsonValue | undefined = created?.body;
  assert.ok(typeof sent === 'object' && sent !== null && !Array.isArray(sent) && sent.password === '[redacted]');
  assert.equal(created?.response?.status, 201);

  // The front desk: Jim online takes a visitor's chat and answers it.
  await mock.agent.setStatus(widget.uuid, 'jim@example.com', 'online');
  const { caseId } = await mock.visitor.start({ widgetId: widget.uuid, visitorMessage: 'Hello?' });
  await mock.agent.accept(caseId, 'jim@example.com');
  await mock.agent.reply(caseId, 'Jim here.');
  const line: ConversationMessage = await mock.waitForMessage(caseId, 'Jim here.');
  const poll = await mock.visitor.poll(caseId, { index: line.index });
  assert.equal(poll.messageList[0]?.text, 'Jim here.');
  await mock.visitor.close(caseId);

  // A bot takes the widget's next chat.
  const bots = botClient(mock);
  await bots.set(widget.uuid, { url: bot.url, token: bot.token });
  const chat = await mock.visitor.start({ widgetId: widget.uuid, visitorMessage: 'Hi bot' });
  const calls: ConversationBotCalls = await bots.waitForAnswer(chat.caseId);
  assert.equal(calls.botCalls[0]?.state, 'answered');
} finally {
  await bot.close();
  await mock.close();
}
console.log('consumer test ok');
TS
  cat >"$dir/tsconfig.json" <<'JSON'
{
  "compilerOptions": { "module": "nodenext", "target": "es2022", "strict": true, "skipLibCheck": false, "outDir": "out" },
  "files": ["consumer.test.ts"]
}
JSON
  install_typescripts
  for v in $(ts_versions); do
    local tsc="$typescripts/node_modules/ts-$v/bin/tsc" version
    version=$(node "$tsc" --version | sed 's/^Version //')
    (cd "$dir" && node "$tsc" -p tsconfig.json --noEmit) || fail "$dir: a strict project on TypeScript $version does not compile (above)"
    echo "   strict consumer, skipLibCheck off, TypeScript $version: compiles"
  done
  (cd "$dir" && node "$typescripts/node_modules/ts-latest/bin/tsc" -p tsconfig.json && node out/consumer.test.js) >"$dir/consumer.log" 2>&1 &&
    grep -qx 'consumer test ok' "$dir/consumer.log" || { cat "$dir/consumer.log" >&2; fail "$dir: the compiled consumer test did not pass"; }
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
  check_types "$dir"
  echo "== install from $way: ok"
done
