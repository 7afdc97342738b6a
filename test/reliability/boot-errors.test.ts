// Boot failures a user can cause and fix: each exits 2 with one line naming the setting and what to do, never a stack
// trace and never a hang (issue 9, item 10). The built CLI is run as users run it.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { issueCa, issueDevelopmentSet } from '../../src/tls/generate.js';
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
    const result = await runCliToExit({ DATABASE_PATH: path }, { honourFileModes: true });
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

/** A port something else holds for the rest of the test. */
async function takenPort(): Promise<number> {
  const taken = createServer();
  servers.push(taken);
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  return (taken.address() as AddressInfo).port;
}

// The https listener is on by default, and its certificate folder (tls/ beside the database) is made at start: these
// run with it on, as users do.
describe('with the https listener on', () => {
  const https = { HTTPS_PORT: '0' };

  it('a database folder this user cannot write: names DATABASE_PATH, and makes no tls/ there', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const line = expectBootFailure(await runCliToExit({ ...https, DATABASE_PATH: join(dir, 'x.db') }, { honourFileModes: true }), 'DATABASE_PATH');
    expect(line).toMatch(/writable by this user/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a database under /proc: fails at once, before anything is made for https', async () => {
    const line = expectBootFailure(await runCliToExit({ ...https, DATABASE_PATH: '/proc/nope/x.db' }), 'DATABASE_PATH');
    expect(line).toContain('cannot create the folder /proc/nope');
  });

  it('a database the mock cannot use leaves neither tls/ nor a lock file beside it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'garbage.db'), 'not a database, just text long enough to have a header\n'.repeat(20));
    expectBootFailure(await runCliToExit({ ...https, DATABASE_PATH: join(dir, 'garbage.db') }), 'DATABASE_PATH');
    expect(readdirSync(dir)).toEqual(['garbage.db']);
  });

  it('a start that fails after making its certificate (the https port in use) leaves neither tls/ nor a lock file', async () => {
    const dir = tempDir();
    const port = await takenPort();
    expectBootFailure(await runCliToExit({ HTTPS_PORT: String(port), DATABASE_PATH: join(dir, 'x.db') }), 'HTTPS_PORT');
    expect(readdirSync(dir).filter((name) => name === 'tls' || name.endsWith('-lock'))).toEqual([]);
  });

  describe('a TLS_DIR the mock cannot use: names TLS_DIR, and leaves no lock file beside the database', () => {
    const cases: Array<[string, (dir: string) => string, RegExp]> = [
      ['a file', (dir) => (writeFileSync(join(dir, 'file'), ''), join(dir, 'file')), /is a file, not a folder/],
      ['a symbolic link to nothing', (dir) => (symlinkSync(join(dir, 'nowhere'), join(dir, 'link')), join(dir, 'link')), /symbolic link to .*nowhere, which does not exist/],
      ['a symbolic link to a file', (dir) => (writeFileSync(join(dir, 'file'), ''), symlinkSync(join(dir, 'file'), join(dir, 'link')), join(dir, 'link')), /which is a file, not a folder/],
      ['a symbolic link that loops', (dir) => (symlinkSync(join(dir, 'b'), join(dir, 'a')), symlinkSync(join(dir, 'a'), join(dir, 'b')), join(dir, 'a')), /cannot be followed \(ELOOP/],
      ['a path no file system can hold (no hang)', () => '/proc/nope/tls', /cannot create the folder \/proc\/nope/],
      ['inside a folder this user cannot write', (dir) => (mkdirSync(join(dir, 'locked'), { mode: 0o555 }), join(dir, 'locked', 'tls')), /cannot write the development certificate there \(EACCES/],
    ];
    for (const [what, make, message] of cases) {
      it(what, async () => {
        const dir = tempDir();
        const store = tempDir();
        const tlsDir = make(dir);
        const result = await runCliToExit({ ...https, DATABASE_PATH: join(store, 'x.db'), TLS_DIR: tlsDir }, { honourFileModes: true });
        expect(expectBootFailure(result, 'TLS_DIR')).toMatch(message);
        expect(readdirSync(store).filter((name) => name.endsWith('-lock'))).toEqual([]);
      });
    }
  });

  it('TLS_CERT with a 512-bit key: names TLS_CERT and what the TLS stack says', async () => {
    const dir = tempDir();
    const weak = issueCa(generateKeyPairSync('rsa', { modulusLength: 512, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }));
    writeFileSync(join(dir, 'cert.pem'), weak.cert);
    writeFileSync(join(dir, 'key.pem'), weak.key);
    const result = await runCliToExit({ ...https, DATABASE_PATH: join(dir, 'x.db'), TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') });
    expect(expectBootFailure(result, 'TLS_CERT')).toContain('refuses this certificate and key (ee key too small)');
    expect(readdirSync(dir).sort()).toEqual(['cert.pem', 'key.pem', 'x.db']);
  });

  it('TLS_KEY that is not the key of TLS_CERT: names both', async () => {
    const dir = tempDir();
    const [one, other] = await Promise.all([issueDevelopmentSet(['localhost']), issueDevelopmentSet(['localhost'])]);
    writeFileSync(join(dir, 'cert.pem'), one.server.cert);
    writeFileSync(join(dir, 'key.pem'), other.server.key);
    const result = await runCliToExit({ ...https, DATABASE_PATH: ':memory:', TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') });
    expect(expectBootFailure(result, 'TLS_KEY')).toContain(`is not the private key of TLS_CERT=${join(dir, 'cert.pem')}`);
  });
});
