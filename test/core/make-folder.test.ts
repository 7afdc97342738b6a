// `npx snapengage-mock` in a project makes ./data/ there (the store, the development CA's private key): a folder the
// mock creates holds a .gitignore of `*`, as Python's venv does, so `git add .` never picks them up; folders it did not
// create are left as they are, and a .gitignore that is there is never replaced.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { GITIGNORE } from '../../src/core/make-folder.js';
import { tlsDir } from '../../src/tls/material.js';
import { spawnServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A git repository, as a user's project is. */
function project(): string {
  const dir = tempDir();
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
const untracked = (dir: string) => git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
const ignored = (dir: string, path: string) => {
  try {
    git(dir, 'check-ignore', '-q', path);
    return true;
  } catch {
    return false;
  }
};

/** The mock with its store at `databasePath` and the https listener on (so its development CA is written), started and stopped. */
async function startAndStop(databasePath: string): Promise<void> {
  const server = await spawnServer({ DATABASE_PATH: databasePath, HTTPS_PORT: '0', FIXTURES: 'none' });
  server.child.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
}

describe('the data folder the mock creates', () => {
  it('holds a .gitignore of *: git sees nothing of the store or the CA key, after a restart too', async () => {
    const dir = project();
    await startAndStop(join(dir, 'data', 'snapengage-mock.db'));
    expect(readFileSync(join(dir, 'data', '.gitignore'), 'utf8')).toBe(GITIGNORE);
    expect(existsSync(join(dir, 'data', 'tls', 'ca-key.pem'))).toBe(true);
    expect(ignored(dir, 'data/tls/ca-key.pem')).toBe(true);
    expect(untracked(dir)).toEqual([]);
    await startAndStop(join(dir, 'data', 'snapengage-mock.db'));
    expect(untracked(dir)).toEqual([]);
  });

  it('made several levels deep: the outermost folder it made holds it', async () => {
    const dir = project();
    await startAndStop(join(dir, 'a', 'b', 'x.db'));
    expect(readFileSync(join(dir, 'a', '.gitignore'), 'utf8')).toBe(GITIGNORE);
    expect(existsSync(join(dir, 'a', 'b', '.gitignore'))).toBe(false);
    expect(untracked(dir)).toEqual([]);
  });

  it('that was there already gets nothing written into it; the tls/ folder the mock made keeps the CA key out of git', async () => {
    const dir = project();
    mkdirSync(join(dir, 'data'));
    await startAndStop(join(dir, 'data', 'x.db'));
    expect(existsSync(join(dir, 'data', '.gitignore'))).toBe(false);
    expect(readFileSync(join(dir, 'data', 'tls', '.gitignore'), 'utf8')).toBe(GITIGNORE);
    expect(ignored(dir, 'data/tls/ca-key.pem')).toBe(true);
    expect(untracked(dir)).toContain('?? data/x.db');
  });

  it('never replaces a .gitignore of the user', async () => {
    const dir = project();
    mkdirSync(join(dir, 'data', 'tls'), { recursive: true });
    writeFileSync(join(dir, 'data', '.gitignore'), 'mine\n');
    await startAndStop(join(dir, 'data', 'x.db'));
    expect(readFileSync(join(dir, 'data', '.gitignore'), 'utf8')).toBe('mine\n');
    // tls/ was the user's (empty) folder: the certificate went in, and nothing else.
    expect(existsSync(join(dir, 'data', 'tls', '.gitignore'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'tls', 'ca.pem'))).toBe(true);
  });

  it('is where the README says the CA key lives', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // The default DATABASE_PATH, and TLS_DIR beside it, as `npm start` and `npx snapengage-mock` use them.
    const key = `./${relative('.', join(tlsDir(loadConfig({}))!, 'ca-key.pem'))}`;
    expect(key).toBe('./data/tls/ca-key.pem');
    expect(readme).toContain(`\`${key}\``);
    expect(readme).toContain('holds a `.gitignore` of `*`');
  });
});
