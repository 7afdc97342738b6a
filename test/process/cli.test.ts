// The `snapengage-mock` command, run as users run it: `node dist/cli.js` (built by `npm test`'s pretest step).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the URL from the banner. */
  url(): Promise<string>;
  exited: Promise<number | null>;
  /** Resolves once stdout contains `text`. */
  printed(text: string): Promise<void>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  // Only what the test sets: no PORT/HOST/… leaking in from the developer's shell.
  const child = spawn(process.execPath, [CLI, ...args], {
    // HTTPS off unless asked for: parallel tests would meet on its default port, 8443 (test/tls/ covers it).
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTPS_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  const watchers: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    watchers.forEach((w) => w());
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(text) && resolve();
      watchers.push(check);
      check();
      void exited.then(() => reject(new Error(`exited before printing ${text}\nstdout: ${out}\nstderr: ${err}`)));
    });
  const url = () => printed(' listening on ').then(() => /listening on (http:\/\/\S+)/.exec(out)![1]!);
  return { child, stdout: () => out, stderr: () => err, url, exited, printed };
}

describe('snapengage-mock (the CLI)', () => {
  it('--help lists a flag for every setting, with its environment variable, and exits 0', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    const help = cli.stdout();
    expect(help).toMatch(/^snapengage-mock \d+\.\d+\.\d+/);
    for (const [flag, env] of [
      ['--port', 'PORT'],
      ['--host', 'HOST'],
      ['--database-path, --db', 'DATABASE_PATH'],
      ['--snapengage-api-keys, --api-keys', 'SNAPENGAGE_API_KEYS'],
      ['--log-level', 'LOG_LEVEL'],
      ['--clock', 'CLOCK'],
      ['--fixtures', 'FIXTURES'],
      ['--journal-limit', 'JOURNAL_LIMIT'],
      ['--shutdown-timeout-ms', 'SHUTDOWN_TIMEOUT_MS'],
    ]) {
      expect(help).toMatch(new RegExp(`${flag}.*\\[env ${env}\\]`));
    }
    expect(help).toContain('--no-fixtures');
  });

  it('--version prints the version', async () => {
    const cli = run(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('refuses an unknown flag or a bad value with a message and exit code 2', async () => {
    const unknown = run(['--prot', '0']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toMatch(/Unknown option '--prot'.*\n.*--help/);
    const bad = run(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--port "eighty": must be a number');
  });

  it('with --port 0 prints the URL it bound, which answers; flags win over the environment', async () => {
    const db = join(tempDir(), 'mock.db');
    const cli = run(['--port', '0', '--api-keys', 'flag-key', '--db', db, '--clock', 'virtual'], {
      PORT: '1',
      SNAPENGAGE_API_KEYS: 'env-key',
      CLOCK: 'real',
    });
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:1$/);
    const health = await (await fetch(`${url}/_mock/health`)).json();
    expect(health).toMatchObject({ status: 'ok', clock: { mode: 'virtual' } });
    expect((await fetch(`${url}/api/v1/user.json?api_key=flag-key&email=a@example.com`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/user.json?api_key=env-key&email=a@example.com`)).status).toBe(401);
    expect(existsSync(db)).toBe(true);
    // Not the default key: no demo data to load, and the banner says so.
    expect(cli.stdout()).toContain('"fixtures":"none"');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('the default sandbox starts with the demo data; --no-fixtures starts empty', async () => {
    const dir = tempDir();
    const sandbox = run(['--port', '0', '--db', join(dir, 'a.db')]);
    const ada = async (url: string) => (await fetch(`${url}/api/v1/user.json?api_key=dev-api-key&email=ada@example.com`)).status;
    expect(await ada(await sandbox.url())).toBe(200);
    expect(sandbox.stdout()).toMatch(/"fixtures":"[^"]*fixtures\/demo\.json"/);
    const empty = run(['--port', '0', '--db', join(dir, 'b.db'), '--no-fixtures']);
    expect(await ada(await empty.url())).toBe(404);
    sandbox.child.kill('SIGTERM');
    empty.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
    expect(await empty.exited).toBe(0);
  });

  it('on SIGTERM finishes the request in flight, closes the database cleanly and exits 0', { timeout: 120_000 }, async () => {
    const db = join(tempDir(), 'mock.db');
    const cli = run(['--port', '0', '--db', db, '--no-fixtures', '--log-level', 'debug']);
    const url = await cli.url();
    // A stall far longer than the shutdown bound: shutdown must release it, not wait it out.
    const fault = await fetch(`${url}/_mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PUT', path: '/api/v1/user.json', latencyMs: 60_000 }),
    });
    expect(fault.status).toBe(201);
    const inFlight = fetch(`${url}/api/v1/user.json?api_key=dev-api-key`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@example.com', name: 'Late', password: 'pass-word', accountType: 'biz' }),
    });
    await cli.printed('"url":"/api/v1/user.json?api_key=[redacted]"');
    const signalled = performance.now();
    cli.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(201);
    expect(await cli.exited).toBe(0);
    // Released, not waited out (the stall is 60 s; half that is a bound no busy machine comes near); and the client's
    // keep-alive socket is told to close, so nothing holds the exit.
    expect(performance.now() - signalled).toBeLessThan(30_000);
    expect(cli.stdout()).toContain('"msg":"stopped"');
    // A clean close checkpoints the WAL and removes it; the write is in the main file.
    expect(existsSync(`${db}-wal`)).toBe(false);
    const store = new Database(db, { readonly: true });
    try {
      expect(store.prepare('SELECT email FROM users').all()).toEqual([{ email: 'late@example.com' }]);
    } finally {
      store.close();
    }
  });

  it('past SHUTDOWN_TIMEOUT_MS cuts what is still running and exits 1', async () => {
    const cli = run(['--port', '0', '--db', ':memory:', '--no-fixtures', '--shutdown-timeout-ms', '200'], { LOG_LEVEL: 'debug' });
    const url = await cli.url();
    // Stalls injected by faults are released at shutdown; a body that never finishes arriving is not.
    const { request } = await import('node:http');
    const { port } = new URL(url);
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/api/v1/user.json?api_key=dev-api-key', headers: { 'content-type': 'application/json', 'content-length': '100' } });
    req.on('error', () => {});
    req.write('{"email":');
    await cli.printed('incoming request');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(1);
    expect(cli.stdout()).toContain('shutdown took too long');
    req.destroy();
  });
});
