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

/**
 * Whether the tree at `dir` needs a build: it has src/ and an input is newer than the oldest output every entry
 * point needs (a missing output counts as oldest). Without src/ there is nothing to build.
 */
export function isStale(dir) {
  if (!existsSync(join(dir, 'src'))) return false;
  const outputs = ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/cli-bundle.cjs', 'dist/ui/app.js', 'dist/widget/widget.js'].map((p) => join(dir, p));
  if (!outputs.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const inputs = ['src', 'ui', 'widget', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle-cli.js', 'scripts/bundle-ui.js', 'scripts/bundle-widget.js', 'package.json'];
  return inputs.some((p) => existsSync(join(dir, p)) && newest(join(dir, p)) > oldestOutput);
}

function build() {
  process.stderr.write('snapengage-mock: building dist/ (sources changed)…\n');
  const require = createRequire(import.meta.url);
  const run = (args) => {
    const { status } = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (status !== 0) process.exit(status ?? 1);
  };
  run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  run([at('scripts/bundle-cli.js')]);
  run([at('scripts/bundle-ui.js')]);
  run([at('scripts/bundle-widget.js')]);
}

// Its test imports isStale; only the command builds.
const invoked = process.argv[1] === fileURLToPath(import.meta.url);
if (invoked && existsSync(at('src')) && (process.argv.includes('--force') || isStale(root))) build();
