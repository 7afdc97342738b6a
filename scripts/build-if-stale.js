// Builds dist/ only when a source is newer than it, so a second `npm start` (or `npm test`, or the `prepare` that
// `npm ci` runs) costs a few file stats instead of a 20-30 s tsc + esbuild run. `--force` always builds.
// Without src/ (the Docker dependency layer, an installed tarball) there is nothing to build and it does nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);

/** Newest mtime under a path; folders count too, so a deleted or renamed source file also makes dist stale. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** Oldest of the outputs every entry point needs; missing means stale. */
function oldestOutput() {
  const outputs = ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js'].map((p) => at(p));
  if (!outputs.every((p) => existsSync(p))) return -Infinity;
  return Math.min(...outputs.map((p) => statSync(p).mtimeMs));
}

if (!existsSync(at('src'))) process.exit(0);
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle-cli.js', 'package.json'].filter((p) => existsSync(at(p)));
const stale = process.argv.includes('--force') || Math.max(...inputs.map((p) => newest(at(p)))) > oldestOutput();
if (!stale) process.exit(0);

process.stderr.write('snapengage-mock: building dist/ (sources changed)…\n');
const require = createRequire(import.meta.url);
const run = (args) => {
  const { status } = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
run([at('scripts/bundle-cli.js')]);
