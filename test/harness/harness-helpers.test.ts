// Every harness helper, typed from the API's schemas, driving a webhook receiver end to end. It compiles with no
// casts: `d.attempts.length`, `email.attachments[0].size`, `advance.attempts[0].outcome` are typed fields.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MockClientError,
  startMock,
  type AdvancedAttempt,
  type Delivery,
  type Email,
  type IntegrationSettings,
  type MockHarness,
  type SupportRequest,
} from '../../src/index.js';
import { startReceiver } from '../../src/process/receive.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));
const WIDGET = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90'; // the demo widget
const START = Date.UTC(2026, 0, 5, 9);

describe('the harness helpers', () => {
  let mock: MockHarness;
  const receivers: Array<{ close(): void }> = [];
  const receiver = async (failFirst: number, status = 200) => {
    const { server, url } = await startReceiver({ port: 0, status, failFirst }, () => {});
    receivers.push({ close: () => (server.close(), server.closeAllConnections()) });
    return `${url}/hook`;
  };
  beforeAll(async () => {
    mock = await startMock({ fixtures: DEMO, startTime: START });
  });
  afterAll(async () => {
    receivers.forEach((r) => r.close());
    await mock.close();
  });
  beforeEach(() => mock.reset({ fixtures: true }));

  it('integration settings: set, get, remove', async () => {
    const url = await receiver(0);
    const settings: IntegrationSettings = await mock.integration.set(WIDGET, { url, authToken: 'tok', authHeader: 'Authorization' });
    expect(settings).toMatchObject({ widgetId: WIDGET, url, authHeader: 'Authorization', authTokenSet: true, format: 'json' });
    expect(await mock.integration.get(WIDGET)).toEqual(settings);
    await mock.integration.remove(WIDGET);
    const missing = await mock.integration.get(WIDGET).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MockClientError);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('a support request, its attempts by clock advance (by and to), waiting for it, and redelivering it', async () => {
    await mock.integration.set(WIDGET, { url: await receiver(1) });
    const created = await mock.createSupportRequest(WIDGET, { type: 'chat', description: 'Printer on fire' });
    const doc: SupportRequest = created.supportRequest;
    expect(doc).toMatchObject({ type: 'chat', description: 'Printer on fire', widget_id: WIDGET });
    const id = created.deliveryId;
    expect(id).toMatch(/^dlv_/);
    if (id === null) return;

    const first: AdvancedAttempt[] = (await mock.advanceClock(0)).attempts;
    expect(first.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([[1, 'failed', 500]]);
    const second = await mock.advanceClockTo(new Date(START + 30_000));
    expect(second.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[2, 'delivered']]);
    expect(second.iso).toBe('2026-01-05T09:00:30.000Z');

    const settled: Delivery = await mock.waitForDelivery(id, 5_000);
    expect(settled.status).toBe('delivered');
    expect(settled.attempts.length).toBe(2);
    expect(settled.attempts[1]?.statusCode).toBe(200);
    expect((await mock.deliveries({ widget_id: WIDGET, status: 'delivered' })).map((d) => d.id)).toEqual([id]);

    const again = await mock.redeliver(id);
    expect(again).toMatchObject({ redeliveryOf: id, status: 'pending', supportRequestId: doc.id });
    await mock.advanceClockTo('2026-01-05T09:01:00Z');
    expect((await mock.delivery(again.id)).status).toBe('delivered');
  });

  it('the fallback email, with the document it carries as an attachment', async () => {
    await mock.integration.set(WIDGET, { url: await receiver(0, 500), transcriptEmail: 'qa@example.com' });
    const { supportRequest, deliveryId } = await mock.createSupportRequest(WIDGET, { type: 'offline' });
    await mock.advanceClock(3 * 3_600_000);
    const [email]: Email[] = await mock.emails({ delivery_id: deliveryId ?? undefined });
    expect(email).toMatchObject({ deliveryId, to: 'qa@example.com', supportRequestId: supportRequest.id });
    expect(email?.attachments[0]?.contentType).toBe('application/json');

    const attachment = await mock.emailAttachment(email!.id);
    expect(attachment.contentType).toBe('application/json');
    expect(Buffer.byteLength(attachment.content)).toBe(email!.attachments[0]!.size);
    expect(JSON.parse(attachment.content)).toMatchObject({ id: supportRequest.id, type: 'offline' });
    await expect(mock.emailAttachment(email!.id, 5)).rejects.toMatchObject({ status: 404, body: { error: { code: 'attachment_not_found' } } });
    await expect(mock.emailAttachment('eml_nope')).rejects.toMatchObject({ status: 404, body: { error: { code: 'email_not_found' } } });
  });

  it('journal, faults and reset', async () => {
    const fault = await mock.faults.add({ method: 'GET', path: '/api/v1/user.json', status: 503, count: 1 });
    expect((await mock.faults.list()).map((f) => f.id)).toEqual([fault.id]);
    const res = await fetch(`${mock.url}/api/v1/user.json?api_key=${mock.apiKey}&email=ada@example.com`);
    expect(res.status).toBe(503);
    expect((await mock.requests()).map((r) => r.status)).toEqual([503]);
    expect(await mock.faults.clear()).toBe(0);
    expect((await mock.reset()).scope).toBe('api_key');
    expect(await mock.requests()).toEqual([]);
  });
});
