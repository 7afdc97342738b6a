// Boot failures a user can cause and fix: each exits 2 with one line naming the setting and what to do, never a stack
// trace and never a hang (issue 9, item 10). The built CLI is run as users run it.
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { expectBootFailure, runCliToExit } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A real store, written and closed cleanly by the mock (so the main file holds everything). */
function storeFile(dir: string): string {
  const path = join(dir, 'good.db');
  openDatabase(path).close();
  return path;
}

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('a database file the mock cannot use', () => {
  it('garbage: names DATABASE_PATH and says it is not a SQLite database', async () => {
    const path = join(tempDir(), 'garbage.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough to have a header\n'.repeat(20));
    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: path }), 'DATABASE_PATH');
    expect(line).toContain(path);
    expect(line).toContain('not a SQLite database');
  });

  it('truncated: says it is damaged and to restore or move it', async () => {
    const dir = tempDir();
    const good = storeFile(dir);
    const path = join(dir, 'truncated.db');
    writeFileSync(path, readFileSync(good).subarray(0, 5000));
    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: path }), 'DATABASE_PATH');
    expect(line).toMatch(/damaged.*restore it from a copy/);
  });

  it('read-only: says so and who needs write access', async () => {
    const dir = tempDir();
    const path = join(dir, 'read-only.db');
    copyFileSync(storeFile(dir), path);
    chmodSync(path, 0o444);
    // Root writes through any file mode, so as root the mock runs as nobody (65534), for whom the mode holds.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o777);
    const result = await runCliToExit({ DATABASE_PATH: path }, asRoot ? { uid: 65534, gid: 65534 } : {});
    const line = expectBootFailure(result, 'DATABASE_PATH');
    expect(line).toMatch(/read-only.*make both writable by this user/);
  });

  it('written by a newer version: names both schema versions', async () => {
    const path = join(tempDir(), 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: path }), 'DATABASE_PATH');
    expect(line).toContain(`schema version ${migrations.length + 1} is newer than this snapengage-mock knows (${migrations.length})`);
  });
});

describe('a database folder that cannot be created', () => {
  it('under /proc: fails at once instead of spinning at 100% CPU in a recursive mkdir', async () => {
    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: '/proc/nope/x.db' }), 'DATABASE_PATH');
    expect(line).toContain('cannot create the folder /proc/nope');
  });

  it('where a file is in the way: names the folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const line = expectBootFailure(await runCliToExit({ DATABASE_PATH: join(dir, 'file', 'sub', 'x.db') }), 'DATABASE_PATH');
    expect(line).toContain(`cannot create the folder ${join(dir, 'file')}`);
  });
});

describe('an address the mock cannot listen on', () => {
  it('a port in use: names PORT and the fix', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const line = expectBootFailure(await runCliToExit({ PORT: String(port), DATABASE_PATH: ':memory:' }), 'PORT');
    expect(line).toContain(`127.0.0.1:${port} is already in use`);
    expect(line).toContain('PORT (0 picks a free one)');
  });

  it('an unknown host: names HOST', async () => {
    const line = expectBootFailure(await runCliToExit({ HOST: 'no-such-host.invalid', DATABASE_PATH: ':memory:' }), 'HOST');
    expect(line).toContain('cannot resolve this name');
  });
});
