// An integration URL that reaches the mock itself is refused, and no receiver behaviour can make one advance loop.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { advance, configureIntegration, createSupportRequest, createWidget, getDelivery } from '../helpers/integration-setup.js';
import { closedPortUrl } from '../helpers/webhook-receiver.js';

async function listening() {
  const test = await buildTestApp({ listen: true, config: { RETRY_SCHEDULE: '1m' } });
  return { ...test, port: Number(new URL(test.url).port) };
}

const putIntegration = (app: Awaited<ReturnType<typeof listening>>['app'], widgetId: string, url: string) =>
  app.inject({ method: 'PUT', url: `/_mock/widgets/${widgetId}/integration?api_key=${KEY}`, payload: { url } });

describe('self-delivery', () => {
  it('PUT integration refuses a URL that reaches one of the mock\'s own listeners, by address or by name', async () => {
    const { app, port } = await listening();
    const { widgetId } = await createWidget(app);
    for (const url of [
      `http://127.0.0.1:${port}/_mock/deliveries/dlv_x/redeliver?api_key=${KEY}`,
      `http://localhost:${port}/api/v1/user.json`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
    ]) {
      const res = await putIntegration(app, widgetId, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'self_delivery', details: [{ field: 'url', rule: 'self_delivery' }] });
      expect(res.json().error.message).toMatch(/reaches the mock itself/);
    }
    // Another port on the same host is somebody else's receiver.
    expect((await putIntegration(app, widgetId, `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/hook`)).statusCode).toBe(200);
  });

  it('checks again at attempt time: a URL stored before the listener moved onto it fails and walks the ladder to the email', async () => {
    const test = await buildTestApp({ config: { RETRY_SCHEDULE: '1m' } });
    // Stored while the app listened nowhere (as after a restart on another port), then the app listens on it.
    const url = await closedPortUrl('/_mock/health');
    const { widgetId } = await createWidget(test.app);
    await configureIntegration(test.app, widgetId, { url });
    await test.app.listen({ port: Number(new URL(url).port), host: '127.0.0.1' });

    const { deliveryId } = await createSupportRequest(test.app, widgetId);
    const { attempts } = await advance(test.app, 60_000);
    expect(attempts.map((a) => [a.outcome, a.error?.split(':')[0]])).toEqual([
      ['failed', 'self_delivery'],
      ['emailed', 'self_delivery'],
    ]);
    expect((await getDelivery(test.app, deliveryId)).status).toBe('emailed');
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
