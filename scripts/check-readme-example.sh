#!/usr/bin/env bash
# Runs the README's vitest examples in a fresh project outside the repo that installs this package from its folder,
# as a new user would. Needs the registry for vitest; not part of `npm test`. usage: scripts/check-readme-example.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
(cd "$repo" && npm run build --silent)
dir=$(mktemp -d "${TMPDIR:-/tmp}/snapengage-mock-example.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# Every ```ts block of the test-double section is an example: example-1.test.ts, example-2.test.ts, ...
awk -v dir="$dir" '/<!-- section: test double/{s=1} /<!-- \/section: test double/{s=0}
  s&&/^```ts$/{n++; c=1; next} c&&/^```$/{c=0; next} c{print > (dir "/example-" n ".test.ts")}' "$repo/README.md"
[ -s "$dir/example-2.test.ts" ] || { echo "expected two examples in README.md's test-double section" >&2; exit 1; }
cd "$dir"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$repo" vitest@4 >/dev/null
npx vitest run
