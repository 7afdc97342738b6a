// The import rules of src/ (.dependency-cruiser.cjs): folders in layers that import one way, no cycle, routes that
// call services rather than repositories. Checked here so a change that breaks one fails `npm test`.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs dependency-cruiser over `dir`/src with the project's rules; its report and whether it passed. */
function cruise(dir: string): { ok: boolean; report: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { ok: run.status === 0, report: `${run.stdout}${run.stderr}` };
}

/** A copy of the rules and the sources, to break a rule in without touching the real tree. */
function copyOfTree(): string {
  const dir = tempDir();
  for (const path of ['src', 'tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  return dir;
}

describe('the folders of src/', () => {
  it('each open with a README saying what it holds and what it may import', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const missing = folders.filter((folder) => {
      const path = join(ROOT, 'src', folder, 'README.md');
      return !existsSync(path) || !/^Imports /m.test(readFileSync(path, 'utf8'));
    });
    expect(missing).toEqual([]);
  });
});

describe('the import rules', () => {
  it('hold for src/', () => {
    const { ok, report } = cruise(ROOT);
    expect(report).toContain('no dependency violations');
    expect(ok).toBe(true);
  });

  it('catch each kind of break: a lower folder importing a feature, two features importing each other, a route importing a repository, a folder with no layer', () => {
    const dir = copyOfTree();
    appendFileSync(join(dir, 'src/db/open.ts'), "\nexport { UsersService } from '../provisioning/users-service.js';\n");
    appendFileSync(join(dir, 'src/accounts/credentials.ts'), "\nexport { LogsService } from '../logs/logs-service.js';\n");
    appendFileSync(join(dir, 'src/provisioning/users-routes.ts'), "\nexport { UsersRepository } from '../db/users-repository.js';\n");
    cpSync(join(dir, 'src/core/durations.ts'), join(dir, 'src/stray/durations.ts'));
    appendFileSync(join(dir, 'src/core/config.ts'), "\nexport { parseDuration as strayDuration } from '../stray/durations.js';\n");
    const { ok, report } = cruise(dir);
    expect(ok).toBe(false);
    expect(report).toContain('layer-db: src/db/open.ts → src/provisioning/users-service.ts');
    expect(report).toContain('layer-accounts: src/accounts/credentials.ts → src/logs/logs-service.ts');
    expect(report).toContain('routes-use-services: src/provisioning/users-routes.ts → src/db/users-repository.ts');
    expect(report).toContain('every-folder-has-a-layer: src/core/config.ts → src/stray/durations.ts');
  });
});
