// Where the https certificate comes from: given files, or a development CA kept in TLS_DIR and reused.
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';
import { issueDevelopmentSet } from '../../src/tls/generate.js';
import { loadTlsMaterial, tlsDir, tlsHosts } from '../../src/tls/material.js';
import { tempDir } from '../helpers/temp-dir.js';

const config = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...env });

describe('the https settings', () => {
  it.each([
    [{}, 8443],
    [{ HTTPS_PORT: '0' }, 0],
    [{ HTTPS_PORT: 'off' }, 'off'],
    // PORT=0 asks for a free port: https takes one too, unless HTTPS_PORT is given.
    [{ PORT: '0' }, 0],
    [{ PORT: '0', HTTPS_PORT: '8443' }, 8443],
    [{ PORT: '0', HTTPS_PORT: 'off' }, 'off'],
  ])('HTTPS_PORT %j is %j', (env, expected) => {
    expect(config(env).HTTPS_PORT).toBe(expected);
  });

  it.each([
    [{ HTTPS_PORT: 'no' }, /HTTPS_PORT="no": must be a port number \(0 picks a free one\) or off/],
    [{ HTTPS_PORT: '70000' }, /HTTPS_PORT="70000": must be between 0 and 65535/],
    [{ PORT: '9000', HTTPS_PORT: '9000' }, /HTTPS_PORT="9000": must differ from PORT/],
    [{ TLS_CERT: 'cert.pem' }, /^ {2}TLS_KEY is not set: needed with TLS_CERT: TLS_CERT and TLS_KEY go together \(give both files or neither\)$/m],
    [{ TLS_KEY: 'key.pem' }, /^ {2}TLS_CERT is not set: needed with TLS_KEY: TLS_KEY and TLS_CERT go together \(give both files or neither\)$/m],
    [{ TLS_HOSTS: 'ok.example,bad name' }, /TLS_HOSTS="ok.example,bad name": must be host names or IP addresses/],
  ])('refuses %j with a message naming it', (env, message) => {
    expect(() => config(env)).toThrow(message);
  });

  it('covers the loopback names, HOST when it names one interface, and TLS_HOSTS; keeps them beside the database', () => {
    expect(tlsHosts(config({ HOST: '0.0.0.0', TLS_HOSTS: 'Mock.Internal, 10.1.2.3' }))).toEqual(['localhost', '127.0.0.1', '::1', 'mock.internal', '10.1.2.3']);
    expect(tlsHosts(config({ HOST: '192.168.1.5' }))).toEqual(['localhost', '127.0.0.1', '::1', '192.168.1.5']);
    expect(tlsDir(config({ DATABASE_PATH: '/data/snapengage-mock.db' }))).toBe('/data/tls');
    expect(tlsDir(config({ DATABASE_PATH: ':memory:' }))).toBeUndefined();
    expect(tlsDir(config({ DATABASE_PATH: ':memory:', TLS_DIR: '/tmp/x' }))).toBe('/tmp/x');
  });
});

describe('the development certificate in TLS_DIR', () => {
  it('is generated at the first start, keys readable by the owner only, and reused as is later', async () => {
    const dir = join(tempDir(), 'tls');
    const first = await loadTlsMaterial(config({ TLS_DIR: dir }));
    expect(first.source).toBe('generated');
    expect(first.caPath).toBe(join(dir, 'ca.pem'));
    expect(readFileSync(first.caPath!, 'utf8')).toBe(first.ca);
    expect(statSync(join(dir, 'ca-key.pem')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'server.pem')).mode & 0o077).toBe(0);
    const server = new X509Certificate(first.cert);
    expect(server.checkIssued(new X509Certificate(first.ca!))).toBe(true);

    const again = await loadTlsMaterial(config({ TLS_DIR: dir }));
    expect(again).toMatchObject({ source: 'reused', ca: first.ca, cert: first.cert, key: first.key });
  });

  it('a new TLS_HOSTS name gets a new server certificate from the same CA, so trusting ca.pem once is enough', async () => {
    const dir = join(tempDir(), 'tls');
    const first = await loadTlsMaterial(config({ TLS_DIR: dir }));
    const renewed = await loadTlsMaterial(config({ TLS_DIR: dir, TLS_HOSTS: 'mock.internal' }));
    expect(renewed.source).toBe('renewed');
    expect(renewed.ca).toBe(first.ca);
    expect(renewed.cert).not.toBe(first.cert);
    expect(new X509Certificate(renewed.cert).checkHost('mock.internal')).toBe('mock.internal');
    expect(new X509Certificate(renewed.cert).checkIssued(new X509Certificate(first.ca!))).toBe(true);
    // Written for the next start.
    expect((await loadTlsMaterial(config({ TLS_DIR: dir, TLS_HOSTS: 'mock.internal' }))).source).toBe('reused');
  });

  it('two mocks starting together on one folder end up with one CA', async () => {
    const dir = join(tempDir(), 'tls');
    const [a, b] = await Promise.all([loadTlsMaterial(config({ TLS_DIR: dir })), loadTlsMaterial(config({ TLS_DIR: dir }))]);
    expect(a.ca).toBe(b.ca);
    expect(a.ca).toBe(readFileSync(join(dir, 'ca.pem'), 'utf8'));
  });

  it('a damaged CA is an error that says what to do, never a silent new CA', async () => {
    const dir = join(tempDir(), 'tls');
    await loadTlsMaterial(config({ TLS_DIR: dir }));
    writeFileSync(join(dir, 'ca-key.pem'), 'not a key');
    const load = loadTlsMaterial(config({ TLS_DIR: dir }));
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow(`TLS_DIR=${dir}: ca.pem and ca-key.pem are not a readable certificate and its key; delete the folder`);
  });
});

describe('TLS_CERT and TLS_KEY', () => {
  async function givenFiles() {
    const dir = tempDir();
    const { ca, server } = await issueDevelopmentSet(['given.example']);
    const other = await issueDevelopmentSet(['other.example']);
    const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), otherKey: join(dir, 'other-key.pem') };
    writeFileSync(paths.cert, server.cert + ca.cert);
    writeFileSync(paths.key, server.key);
    writeFileSync(paths.otherKey, other.server.key);
    return { paths, server };
  }

  it('are served as given, and the mock claims no CA for them', async () => {
    const { paths, server } = await givenFiles();
    const material = await loadTlsMaterial(config({ TLS_CERT: paths.cert, TLS_KEY: paths.key }));
    expect(material).toMatchObject({ source: 'given', key: server.key, ca: undefined, caPath: undefined });
    expect(material.cert.startsWith(server.cert)).toBe(true);
  });

  it('a key that is not the certificate\'s, or a missing file, stops the start with a message naming the setting', async () => {
    const { paths } = await givenFiles();
    await expect(loadTlsMaterial(config({ TLS_CERT: paths.cert, TLS_KEY: paths.otherKey }))).rejects.toThrow(
      `TLS_KEY=${paths.otherKey} is not the private key of TLS_CERT=${paths.cert}`,
    );
    await expect(loadTlsMaterial(config({ TLS_CERT: `${paths.cert}.missing`, TLS_KEY: paths.key }))).rejects.toThrow(
      `TLS_CERT=${paths.cert}.missing: cannot read it (ENOENT)`,
    );
    await expect(loadTlsMaterial(config({ TLS_CERT: paths.key, TLS_KEY: paths.key }))).rejects.toThrow(`TLS_CERT=${paths.key}: not a PEM certificate`);
  });
});
