#!/usr/bin/env bash
# Runs the README's vitest example in a fresh project outside the repo that installs this package from its folder,
# as a new user would. Needs the registry for vitest; not part of `npm test`. usage: scripts/check-readme-example.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
(cd "$repo" && npm run build --silent)
dir=$(mktemp -d "${TMPDIR:-/tmp}/snapengage-mock-example.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# The first ```ts block of the test-double section is the example.
awk '/<!-- section: test double/{s=1} s&&/^```ts$/{c=1;next} c&&/^```$/{exit} c{print}' "$repo/README.md" >"$dir/mock.test.ts"
[ -s "$dir/mock.test.ts" ] || { echo "no example found in README.md" >&2; exit 1; }
cd "$dir"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$repo" vitest@4 >/dev/null
npx vitest run
