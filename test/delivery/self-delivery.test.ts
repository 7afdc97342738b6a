// An integration URL that reaches the mock itself is refused, by any address of this host; a connection that reaches it
// anyway is refused before anything is sent; redeliveries are capped whoever asks; no receiver can make one advance loop.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SelfTarget } from '../../src/delivery/self-target.js';
import { WebhookClient } from '../../src/delivery/webhook-client.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { advance, configureIntegration, createSupportRequest, createWidget, getDelivery } from '../helpers/integration-setup.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

async function listening(host = '127.0.0.1', config: Record<string, string> = {}) {
  const test = await buildTestApp({ config: { RETRY_SCHEDULE: '1m', ...config } });
  await test.app.listen({ port: 0, host });
  return { ...test, port: (test.app.server.address() as AddressInfo).port };
}

const putIntegration = (app: App, widgetId: string, url: string) =>
  app.inject({ method: 'PUT', url: `/_mock/widgets/${widgetId}/integration?api_key=${KEY}`, payload: { url } });

/** The URLs of `urls` that PUT integration accepted (it must refuse every one with 400 self_delivery). */
async function accepted(app: App, widgetId: string, urls: string[]): Promise<string[]> {
  const through: string[] = [];
  for (const url of urls) {
    const res = await putIntegration(app, widgetId, url);
    if (res.statusCode !== 400) through.push(`${url}: ${res.statusCode}`);
    else expect(res.json().error, url).toMatchObject({ code: 'self_delivery', details: [{ field: 'url', rule: 'self_delivery' }] });
  }
  return through;
}

/** Every address of this host's interfaces that a URL can name (link-local ones need a zone id, which URLs cannot carry). */
const interfaceHosts = (): string[] =>
  Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.address.startsWith('fe80:'))
    .map((i) => (i.family === 'IPv6' ? `[${i.address}]` : i.address));

/** The unspecified addresses, as a URL may write them: each connects to this host. */
const unspecified = ['0.0.0.0', '0', '[::]', '[::ffff:0.0.0.0]', '[::ffff:0:0]'];

describe('self-delivery', () => {
  it('PUT integration refuses a URL that reaches one of the mock\'s own listeners: by address, name, unspecified or mapped form', async () => {
    const { app, port } = await listening();
    const { widgetId } = await createWidget(app);
    const redeliver = `/_mock/deliveries/dlv_x/redeliver?api_key=${KEY}`;
    const hosts = ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '2130706433', '0x7f.1', ...unspecified];
    expect(await accepted(app, widgetId, hosts.map((h) => `http://${h}:${port}${redeliver}`))).toEqual([]);
    const res = await putIntegration(app, widgetId, `http://0.0.0.0:${port}${redeliver}`);
    expect(res.json().error.message).toMatch(/reaches the mock itself/);
    // Another port on the same host is somebody else's receiver, and so is another loopback address on this port: a
    // listener on 127.0.0.1 is not reached through 127.0.0.2.
    expect((await putIntegration(app, widgetId, `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/hook`)).statusCode).toBe(200);
    expect((await putIntegration(app, widgetId, `http://127.0.0.2:${port}/hook`)).statusCode).toBe(200);
  });

  it('with the mock on 0.0.0.0, every address of this host reaches it: loopback range, each interface, unspecified, names', async () => {
    const { app, port } = await listening('0.0.0.0');
    const { widgetId } = await createWidget(app);
    const hosts = ['127.0.0.1', '127.0.0.2', '127.255.255.254', 'localhost', '[::1]', '[::ffff:127.0.0.1]', ...unspecified, ...interfaceHosts()];
    expect(await accepted(app, widgetId, hosts.map((h) => `http://${h}:${port}/_mock/health`))).toEqual([]);
    // Not this host: somebody else's receiver (TEST-NET-3, never assigned to an interface).
    expect((await putIntegration(app, widgetId, `http://203.0.113.9:${port}/hook`)).statusCode).toBe(200);
  });

  it('checks again at attempt time: a URL stored before the listener moved onto it fails and walks the ladder to the email', async () => {
    const { app, port } = await listening();
    const { widgetId } = await createWidget(app);
    // Stored while the mock listened elsewhere (as before a restart onto this port), then the mock listens on it again.
    app.ctx.self.setListeners([]);
    await configureIntegration(app, widgetId, { url: `http://0.0.0.0:${port}/_mock/health` });
    app.ctx.self.setListeners(app.addresses().filter((a) => typeof a !== 'string'));

    const { deliveryId } = await createSupportRequest(app, widgetId);
    const { attempts } = await advance(app, 60_000);
    expect(attempts.map((a) => [a.outcome, a.error?.split(':')[0]])).toEqual([
      ['failed', 'self_delivery'],
      ['emailed', 'self_delivery'],
    ]);
    expect((await getDelivery(app, deliveryId)).status).toBe('emailed');
  });

  it('a connection that reaches the mock is refused before anything is sent, whatever its name resolved to when checked', async () => {
    let received = 0;
    const server = createServer((req, res) => {
      received++;
      req.resume().on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    // A name that resolves elsewhere when the URL is checked, and here when the attempt connects (DNS rebinding).
    const self = new SelfTarget(async () => ['203.0.113.9']);
    self.setListeners([{ address: '127.0.0.1', port }]);
    expect(await self.check(`http://rebound.example:${port}/hook`)).toBeUndefined();

    const client = new WebhookClient({ timeoutMs: 5_000, refusePeer: (address, p) => self.peer(address, p) });
    onTestFinished(() => client.close());
    const res = await client.post({ url: `http://127.0.0.1:${port}/hook`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res).toMatchObject({ statusCode: null, error: expect.stringMatching(/^self_delivery: .*127\.0\.0\.1:\d+.*; not sent$/) });
    expect(received).toBe(0);
    // Somebody else's port is posted to as ever.
    const other = new WebhookClient({ timeoutMs: 5_000, refusePeer: () => undefined });
    onTestFinished(() => other.close());
    expect((await other.post({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}' })).statusCode).toBe(200);
    expect(received).toBe(1);
  });

  it('redeliveries of one support request stop at DELIVERY_MAX_REDELIVERIES, even when a receiver asks for one on every call', async () => {
    const { app, port } = await listening('127.0.0.1', { RETRY_SCHEDULE: 'none', DELIVERY_MAX_REDELIVERIES: '3' });
    const { widgetId } = await createWidget(app);
    const receiver = await startReceiver();
    await configureIntegration(app, widgetId, { url: receiver.url });
    const { supportRequest, deliveryId: first } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    expect((await getDelivery(app, first)).status).toBe('delivered');

    // Now a receiver that asks the mock to redeliver that delivery each time it is called: the loop a self-delivery
    // makes, by a way no address check can see (a proxy, a tunnel).
    const answers: Array<[number, string]> = [];
    const looping = createServer((req, res) => {
      req.resume().on('end', () => {
        void fetch(`http://127.0.0.1:${port}/_mock/deliveries/${first}/redeliver?api_key=${KEY}`, { method: 'POST' })
          .then(async (r) => answers.push([r.status, r.status === 202 ? '' : ((await r.json()) as { error: { message: string } }).error.message]))
          .finally(() => res.writeHead(200).end('ok'));
      });
    });
    await new Promise<void>((resolve) => looping.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => looping.close(() => resolve())));
    await configureIntegration(app, widgetId, { url: `http://127.0.0.1:${(looping.address() as AddressInfo).port}/hook` });
    const redeliver = await app.inject({ method: 'POST', url: `/_mock/deliveries/${first}/redeliver?api_key=${KEY}` });
    expect(redeliver.statusCode).toBe(202);

    for (let round = 0; round < 6; round++) await advance(app, 0);
    const all = await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}&support_request_id=${supportRequest.id}&limit=100` });
    expect(all.json().deliveries).toHaveLength(1 + 3);
    expect(answers).toEqual([[202, ''], [202, ''], [409, expect.stringMatching(/redelivered 3 times; DELIVERY_MAX_REDELIVERIES=3 allows no more/)]]);
  });

  it('every advance ends: deliveries that a receiver creates by calling the mock back run on the next advance', async () => {
    const { app, port } = await listening();
    const { widgetId } = await createWidget(app);
    // A receiver that answers 200 and asks the mock for a new support request each time it is called.
    let calls = 0;
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        void fetch(`http://127.0.0.1:${port}/_mock/widgets/${widgetId}/support-requests?api_key=${KEY}`, { method: 'POST' })
          .then((r) => r.arrayBuffer())
          .finally(() => res.writeHead(200).end('ok'));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    await configureIntegration(app, widgetId, { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
    await createSupportRequest(app, widgetId);

    for (let round = 1; round <= 3; round++) {
      const { attempts } = await advance(app, 0);
      expect(attempts.map((a) => a.outcome)).toEqual(['delivered']);
      expect(calls).toBe(round);
    }
  });
});
