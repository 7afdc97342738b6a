// The https listener of the command users run (dist/cli.js), checked with curl --cacert as the README shows it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { issueDevelopmentSet } from '../../src/tls/generate.js';
import { tempDir } from '../helpers/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  banner: string;
  url: string;
  httpsUrl: string | undefined;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function spawnCli(args: string[]): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string; banner: Promise<string> } {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--no-fixtures', ...args], {
    // The banner as text, as a terminal shows it (piped, it is a JSON line: test/process/log-format.test.ts).
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', LOG_FORMAT: 'pretty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The banner's last line.
      if (out.includes('  docs: ')) resolve(out);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before its banner: ${err}`)));
  });
  return { child, exited, stderr: () => err, banner };
}

async function start(args: string[]): Promise<Started> {
  const { child, exited, banner } = spawnCli(args);
  const text = await banner;
  return {
    child,
    banner: text,
    url: /listening on (http:\/\/\S+)/.exec(text)![1]!,
    httpsUrl: /https: +(https:\/\/\S+)/.exec(text)?.[1],
    exited,
  };
}

async function stop(server: Started): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

const curl = (...args: string[]) => run('curl', ['--silent', '--show-error', '--max-time', '20', ...args]);

/** The SHA-256 fingerprint of the certificate the listener presents. */
function fingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('snapengage-mock over https', () => {
  it('curl --cacert with the CA file the banner names reaches it by 127.0.0.1 and by localhost; without it, curl refuses', async () => {
    const dir = tempDir();
    const server = await start(['--https-port', '0', '--db', join(dir, 'mock.db')]);
    const caPath = join(dir, 'tls', 'ca.pem');
    expect(server.banner).toContain(`  https:    ${server.httpsUrl}`);
    expect(server.banner).toContain(`trust the CA in ${caPath} (curl --cacert ${caPath})`);
    expect(server.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(server.httpsUrl!).port;

    for (const url of [`${server.httpsUrl}/_mock/health`, `https://localhost:${port}/_mock/health`]) {
      const { stdout } = await curl('--cacert', caPath, url);
      expect(JSON.parse(stdout), url).toMatchObject({ status: 'ok' });
    }
    // The CA as served over http is the same file.
    const served = join(dir, 'served-ca.pem');
    await curl('--output', served, `${server.url}/_mock/tls/ca.pem`);
    expect((await curl('--cacert', served, `${server.httpsUrl}/api/v1/user.json?api_key=dev-api-key&email=nobody@example.com`, '--write-out', '%{http_code}', '--output', '/dev/null')).stdout).toBe('404');

    // 60: the peer certificate cannot be authenticated with the known CA certificates.
    await expect(curl(`${server.httpsUrl}/_mock/health`)).rejects.toMatchObject({ code: 60 });
    await stop(server);
  });

  it('reuses the generated certificate at the next start: same CA, same server certificate', async () => {
    const dir = tempDir();
    const args = ['--https-port', '0', '--db', join(dir, 'mock.db')];
    const first = await start(args);
    expect(first.banner).toContain('/_mock/tls/ca.pem (new)');
    const ca = (await curl(`${first.url}/_mock/tls/ca.pem`)).stdout;
    const print = await fingerprint(first.httpsUrl!);
    await stop(first);

    const second = await start(args);
    expect(second.banner).not.toContain('(new)');
    expect((await curl(`${second.url}/_mock/tls/ca.pem`)).stdout).toBe(ca);
    expect(await fingerprint(second.httpsUrl!)).toBe(print);
    await stop(second);
  });

  it('serves the certificate of --tls-cert/--tls-key, and has no CA to hand out then', async () => {
    const dir = tempDir();
    const { ca, server: issued } = await issueDevelopmentSet(['localhost', '127.0.0.1']);
    writeFileSync(join(dir, 'cert.pem'), issued.cert);
    writeFileSync(join(dir, 'key.pem'), issued.key);
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    const server = await start(['--https-port', '0', '--db', join(dir, 'mock.db'), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
    expect(server.banner).toContain(`  tls:      the certificate in ${join(dir, 'cert.pem')}`);
    const { stdout } = await curl('--cacert', join(dir, 'ca.pem'), `${server.httpsUrl}/_mock/health`);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'ok' });
    const res = await curl('--write-out', '\n%{http_code}', `${server.url}/_mock/tls/ca.pem`);
    expect(res.stdout).toMatch(/"code":"no_tls_ca"[\s\S]*\n404$/);
    await stop(server);
  });

  it('--tls-dir a symbolic link to an empty folder: the certificate is kept in that folder, reached through the link', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'certs'));
    symlinkSync(join(dir, 'certs'), join(dir, 'tls-link'));
    const server = await start(['--https-port', '0', '--db', ':memory:', '--tls-dir', join(dir, 'tls-link')]);
    const caPath = join(dir, 'tls-link', 'ca.pem');
    expect(server.banner).toContain(`trust the CA in ${caPath}`);
    expect(readdirSync(join(dir, 'certs')).sort()).toEqual(['ca-key.pem', 'ca.pem', 'server.pem']);
    const { stdout } = await curl('--cacert', caPath, `${server.httpsUrl}/_mock/health`);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'ok' });
    await stop(server);
  });

  it('--port 0 with no --https-port: https takes a free port too, so two start side by side; health names both ports', async () => {
    const [one, two] = await Promise.all([start(['--db', ':memory:']), start(['--db', ':memory:'])]);
    for (const server of [one!, two!]) {
      expect(server.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const { stdout } = await curl(`${server.url}/_mock/health`);
      expect(JSON.parse(stdout).ports).toEqual({ http: Number(new URL(server.url).port), https: Number(new URL(server.httpsUrl!).port) });
    }
    expect(new URL(one!.httpsUrl!).port).not.toBe(new URL(two!.httpsUrl!).port);
    expect([one!.httpsUrl, two!.httpsUrl]).not.toContain('https://127.0.0.1:8443');
    await Promise.all([stop(one!), stop(two!)]);
  });

  it('--https-port off: http only, and the banner says so', async () => {
    const server = await start(['--https-port', 'off', '--db', ':memory:']);
    expect(server.httpsUrl).toBeUndefined();
    expect(server.banner).toContain('  https:    off (HTTPS_PORT=off)');
    await stop(server);
  });

  it('an https port in use stops the start with exit code 2 and a message naming HTTPS_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const cli = spawnCli(['--https-port', String(port), '--db', ':memory:']);
      cli.banner.catch(() => undefined);
      expect(await cli.exited).toBe(2);
      expect(cli.stderr()).toContain(`HTTPS_PORT=${port}: 127.0.0.1:${port} is already in use; choose another HTTPS_PORT (0 picks a free one), or off`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
