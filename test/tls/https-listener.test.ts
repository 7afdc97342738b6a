// The https listener in-process: the same app and store over TLS, trusted through the served CA by Node's own TLS
// stack, telling routes it is TLS, refused as a webhook target, and closed with the app.
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { request as httpsRequest } from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { arrivedOverTls } from '../../src/http/over-tls.js';
import { startMock, type MockHarness } from '../../src/index.js';
import { attachHttpsListener } from '../../src/tls/https-listener.js';
import { loadTlsMaterial } from '../../src/tls/material.js';
import { createWidget } from '../helpers/integration-setup.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function mock(config: Record<string, string> = {}): Promise<MockHarness> {
  const started = await startMock({ config });
  closers.push(() => started.close());
  return started;
}

function trusting(ca: string | undefined): Agent {
  const agent = new Agent({ connect: { ca } });
  closers.push(() => agent.close());
  return agent;
}

/** The certificate the listener presents, without judging it. */
function peerCertificate(url: string, servername: string): Promise<PeerCertificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('the https listener', () => {
  it('serves the same app and store as the http one, to a client trusting the CA served at /_mock/tls/ca.pem', async () => {
    const m = await mock();
    expect(m.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const served = await request(`${m.url}/_mock/tls/ca.pem`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/x-pem-file');
    const ca = await served.body.text();
    expect(ca).toBe(m.ca);
    expect(new X509Certificate(ca).ca).toBe(true);

    const created = await request(`${m.url}/api/v1/user.json?api_key=${m.apiKey}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tls@example.com', name: 'Tee', password: 'secret-pass', accountType: 'biz' }),
    });
    expect(created.statusCode).toBe(201);
    await created.body.dump();
    const read = await request(`${m.httpsUrl}/api/v1/user.json?api_key=${m.apiKey}&email=tls@example.com`, { dispatcher: trusting(ca) });
    expect(read.statusCode).toBe(200);
    expect(await read.body.json()).toMatchObject({ email: 'tls@example.com', name: 'Tee' });
    // One journal too: the https call is listed beside the http one.
    expect((await m.requests()).map((r) => r.method)).toEqual(['PUT', 'GET']);
  });

  it('node:https verifies it with { ca } and refuses it without', async () => {
    const m = await mock();
    const get = (options: { ca?: string }) =>
      new Promise<number>((resolve, reject) => {
        httpsRequest(`${m.httpsUrl}/_mock/health`, options, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .once('error', reject)
          .end();
      });
    expect(await get({ ca: m.ca })).toBe(200);
    await expect(get({})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(request(`${m.httpsUrl}/_mock/health`)).rejects.toThrow();
  });

  it('presents a certificate for localhost, 127.0.0.1, ::1 and TLS_HOSTS, signed by the served CA', async () => {
    const m = await mock({ TLS_HOSTS: 'mock.internal,10.0.0.7' });
    const peer = new X509Certificate((await peerCertificate(m.httpsUrl!, 'localhost')).raw);
    const ca = new X509Certificate(m.ca!);
    expect(peer.checkIssued(ca) && peer.verify(ca.publicKey)).toBe(true);
    expect(peer.checkHost('localhost')).toBe('localhost');
    expect(peer.checkHost('mock.internal')).toBe('mock.internal');
    expect(peer.checkHost('example.com')).toBeUndefined();
    for (const ip of ['127.0.0.1', '::1', '10.0.0.7']) expect(peer.checkIP(ip), ip).toBe(ip);
    // Verified by name, as a client reaching it through that name would.
    const res = await request(`${m.httpsUrl}/_mock/health`, { dispatcher: new Agent({ connect: { ca: m.ca, servername: 'mock.internal' } }) });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });

  it('the harness makes its certificate once per process: a second start presents the same one', async () => {
    const [a, b] = [await mock(), await mock()];
    expect(a.httpsUrl).not.toBe(b.httpsUrl);
    expect(b.ca).toBe(a.ca);
    expect((await peerCertificate(b.httpsUrl!, 'localhost')).fingerprint256).toBe((await peerCertificate(a.httpsUrl!, 'localhost')).fingerprint256);
  });

  it('is refused as a webhook target like the http listener', async () => {
    const m = await mock();
    const { widgetId } = await createWidget(m.app, { key: m.apiKey });
    const port = new URL(m.httpsUrl!).port;
    for (const url of [`${m.httpsUrl}/hook`, `https://localhost:${port}/hook`]) {
      const res = await m.app.inject({ method: 'PUT', url: `/_mock/widgets/${widgetId}/integration?api_key=${m.apiKey}`, payload: { url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('self_delivery');
    }
  });

  it('closes a connection whose TLS handshake stalls after REQUEST_TIMEOUT_MS, like any other idle socket', async () => {
    const m = await mock({ REQUEST_TIMEOUT_MS: '300' });
    const socket = connectTcp(Number(new URL(m.httpsUrl!).port), '127.0.0.1');
    closers.push(async () => socket.destroy());
    await once(socket, 'connect');
    const closed = once(socket, 'close');
    const started = performance.now();
    // Half a ClientHello: a handshake record that announces 512 bytes, of which 6 arrive.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
    // A bound far from both the goal (0.3 s) and Node's own handshake timeout (120 s), so a hang fails fast.
    const guard = new AbortController();
    const outcome = await Promise.race([closed.then(() => 'closed'), delay(10_000, 'still open', { signal: guard.signal })]);
    guard.abort();
    expect(outcome).toBe('closed');
    expect(performance.now() - started).toBeGreaterThan(250);
  });

  it('HTTPS_PORT=off: no https listener, and /_mock/tls/ca.pem says why', async () => {
    const m = await mock({ HTTPS_PORT: 'off' });
    expect(m.httpsUrl).toBeUndefined();
    expect(m.ca).toBeUndefined();
    expect(m.app.httpsServer).toBeUndefined();
    const res = await request(`${m.url}/_mock/tls/ca.pem`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ error: { code: 'no_tls_ca', message: expect.stringContaining('HTTPS_PORT=off') } });
  });
});

describe('a route on the app', () => {
  async function appWithProbe() {
    const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', HTTPS_PORT: '0' });
    const tls = await loadTlsMaterial(config);
    const app = await buildApp(config, { tls });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const slowEntered = new Promise<void>((resolve) => (entered = resolve));
    app.get('/probe', async (req) => ({ tls: arrivedOverTls(req), protocol: req.protocol }));
    app.get('/slow', async () => {
      entered();
      await released;
      return { done: true };
    });
    const https = attachHttpsListener(app, tls);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const httpsUrl = `https://127.0.0.1:${await https.listen(0, '127.0.0.1')}`;
    const httpUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    closers.push(() => app.close());
    return { app, httpUrl, httpsUrl, dispatcher: trusting(tls.ca), release, slowEntered };
  }

  it('can tell a request came over TLS (request.protocol, arrivedOverTls), and X-Forwarded-Proto cannot fake it', async () => {
    const { httpUrl, httpsUrl, dispatcher } = await appWithProbe();
    const over = await request(`${httpsUrl}/probe`, { dispatcher });
    expect(await over.body.json()).toEqual({ tls: true, protocol: 'https' });
    const plain = await request(`${httpUrl}/probe`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(await plain.body.json()).toEqual({ tls: false, protocol: 'http' });
  });

  it('close() stops the https listener too, after letting its request in flight finish', async () => {
    const { app, httpsUrl, dispatcher, release, slowEntered } = await appWithProbe();
    const inFlight = request(`${httpsUrl}/slow`, { dispatcher });
    await slowEntered;
    const closed = app.close();
    release();
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ done: true });
    await closed;
    expect(app.httpsServer!.listening).toBe(false);
    await expect(request(`${httpsUrl}/probe`, { dispatcher: trusting(undefined) })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
