// `npm start`, `npm test` and `prepare` build only when a source is newer than dist/: the second start is fast.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build script, without types
import { isStale } from '../../scripts/build-if-stale.js';
import { tempDir } from '../helpers/temp-dir.js';

const stale = isStale as (dir: string) => boolean;

function tree(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'src/db'), { recursive: true });
  mkdirSync(join(dir, 'dist/ui'), { recursive: true });
  mkdirSync(join(dir, 'dist/widget'), { recursive: true });
  mkdirSync(join(dir, 'ui/src'), { recursive: true });
  mkdirSync(join(dir, 'widget/src'), { recursive: true });
  writeFileSync(join(dir, 'ui/src/main.ts'), '');
  writeFileSync(join(dir, 'widget/src/main.ts'), '');
  writeFileSync(join(dir, 'src/cli.ts'), '');
  writeFileSync(join(dir, 'src/db/open.ts'), '');
  writeFileSync(join(dir, 'package.json'), '{}');
  const past = new Date(Date.now() - 60_000);
  for (const p of ['src/cli.ts', 'src/db/open.ts', 'src/db', 'src', 'ui/src/main.ts', 'ui/src', 'ui', 'widget/src/main.ts', 'widget/src', 'widget', 'package.json']) utimesSync(join(dir, p), past, past);
  const built = new Date(Date.now() - 30_000);
  for (const p of ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/cli-bundle.cjs', 'dist/ui/app.js', 'dist/widget/widget.js']) {
    writeFileSync(join(dir, p), '');
    utimesSync(join(dir, p), built, built);
  }
  return dir;
}

describe('build-if-stale', () => {
  it('skips the build when dist/ is newer than every source', () => {
    expect(stale(tree())).toBe(false);
  });

  it('builds when a source file, even a nested one, changed after dist/', () => {
    const dir = tree();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src/db/open.ts'), later, later);
    expect(stale(dir)).toBe(true);
  });

  it("builds when the inspector page's source changed after dist/ui/", () => {
    const dir = tree();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'ui/src/main.ts'), later, later);
    expect(stale(dir)).toBe(true);
  });

  it("builds when the JavaScript widget's source changed after dist/widget/, or its bundle is missing", () => {
    const dir = tree();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'widget/src/main.ts'), later, later);
    expect(stale(dir)).toBe(true);
    const missing = tree();
    rmSync(join(missing, 'dist/widget/widget.js'));
    expect(stale(missing)).toBe(true);
  });

  it('builds when a source file was deleted (its folder changed) or an output is missing', () => {
    const deleted = tree();
    rmSync(join(deleted, 'src/db/open.ts'));
    expect(stale(deleted)).toBe(true);
    const missing = tree();
    rmSync(join(missing, 'dist/cli.js'));
    expect(stale(missing)).toBe(true);
  });

  it('does nothing without src/ (an installed package, the Docker dependency layer)', () => {
    const dir = tree();
    rmSync(join(dir, 'src'), { recursive: true });
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(stale(dir)).toBe(false);
  });
});
