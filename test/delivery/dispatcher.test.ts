// The webhook dispatcher against real receivers on port 0, driven by the virtual clock.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { supportRequestSchema } from '../../src/support-request/document-schema.js';
import { buildTestApp, KEY, type ConfigOverrides } from '../helpers/build-test-app.js';
import { advance, configureIntegration, createSupportRequest, createWidget, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { closedPortUrl, startReceiver } from '../helpers/webhook-receiver.js';

async function arrange(settings: Record<string, unknown>, config: ConfigOverrides = {}) {
  const test = await buildTestApp({ config });
  return { ...test, ...(await integratedWidget(test.app, settings)) };
}

describe('a receiver that answers 200', () => {
  it('gets the document once, as JSON, and the delivery is delivered on the first attempt', async () => {
    const rx = await startReceiver();
    const { app, clock, widgetId } = await arrange({ url: rx.url });
    const created = await createSupportRequest(app, widgetId);
    expect(rx.requests).toHaveLength(0); // nothing runs on its own under the virtual clock

    const { attempts } = await advance(app, 0);
    expect(attempts).toEqual([{ deliveryId: created.deliveryId, attempt: 1, at: clock.now(), outcome: 'delivered', statusCode: 200 }]);
    expect(rx.requests).toHaveLength(1);
    const [req] = rx.requests;
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body: unknown = JSON.parse(req!.body);
    expect(supportRequestSchema.parse(body)).toEqual(created.supportRequest);

    const delivery = await getDelivery(app, created.deliveryId);
    expect(delivery).toMatchObject({ status: 'delivered', settledAt: clock.now(), nextAttemptAt: null, emailId: null });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, responseBodyStart: 'ok', outcome: 'delivered' }),
    ]);
  });
});

describe('the success rule', () => {
  it('retries a 201 by default (SnapEngage documents HTTP 200) and a 500, then delivers on the 200 that follows', async () => {
    const rx = await startReceiver();
    rx.script({ status: 201 }, { status: 500, body: 'boom' });
    const { app, clock, widgetId } = await arrange({ url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    const start = clock.now();

    expect((await advance(app, 0)).attempts).toMatchObject([{ attempt: 1, outcome: 'failed', statusCode: 201, error: expect.stringMatching(/^not_200:/) }]);
    expect((await getDelivery(app, deliveryId)).nextAttemptAt).toBe(start + 30_000);
    expect((await advance(app, 29_999)).attempts).toEqual([]);
    expect((await advance(app, 1)).attempts).toMatchObject([{ attempt: 2, at: start + 30_000, outcome: 'failed', statusCode: 500 }]);
    expect((await advance(app, 60_000)).attempts).toMatchObject([{ attempt: 3, at: start + 90_000, outcome: 'delivered' }]);

    const delivery = await getDelivery(app, deliveryId);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map((a) => [a.statusCode, a.outcome])).toEqual([[201, 'failed'], [500, 'failed'], [200, 'delivered']]);
    expect(delivery.attempts[1]).toMatchObject({ error: 'http_status: status 500', responseBodyStart: 'boom' });
    // Every attempt carried the same document.
    expect(new Set(rx.requests.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);
  });

  it('accepts any 2xx with WEBHOOK_SUCCESS=2xx', async () => {
    const rx = await startReceiver({ status: 204 });
    const { app, widgetId } = await arrange({ url: rx.url }, { WEBHOOK_SUCCESS: '2xx' });
    await createSupportRequest(app, widgetId);
    expect((await advance(app, 0)).attempts).toMatchObject([{ outcome: 'delivered', statusCode: 204 }]);
  });

  it('records a redirect as a failure and never follows it', async () => {
    const target = await startReceiver();
    const rx = await startReceiver({ redirect: target.url, status: 307 });
    const { app, widgetId } = await arrange({ url: rx.url });
    await createSupportRequest(app, widgetId);
    const [attempt] = (await advance(app, 0)).attempts;
    expect(attempt).toMatchObject({ outcome: 'failed', statusCode: 307 });
    expect(attempt!.error).toBe(`redirect: status 307 to ${target.url}; redirects are not followed`);
    expect(target.requests).toHaveLength(0);
  });

  it('keeps only the start of a large response body', async () => {
    const rx = await startReceiver({ status: 503, body: 'x'.repeat(200_000) });
    const { app, widgetId } = await arrange({ url: rx.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    expect((await getDelivery(app, deliveryId)).attempts[0]!.responseBodyStart).toBe('x'.repeat(1024));
  });
});

describe('the auth token', () => {
  it('goes in the Authentication header by default, and never into a response or a log line', async () => {
    const rx = await startReceiver();
    const token = 'se-token-5f3c9a';
    const { app, logs, widgetId } = await arrange({ url: rx.url, authToken: token });
    const settings = await app.inject({ method: 'GET', url: `/_mock/widgets/${widgetId}/integration?api_key=${KEY}` });
    expect(settings.json()).toMatchObject({ authHeader: 'Authentication', authTokenSet: true });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    expect(rx.requests[0]!.headers.authentication).toBe(token);
    expect(rx.requests[0]!.headers.authorization).toBeUndefined();

    const seen = [
      settings.body,
      (await app.inject({ method: 'GET', url: `/_mock/deliveries/${deliveryId}?api_key=${KEY}` })).body,
      (await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}` })).body,
      ...logs,
    ].join('\n');
    expect(seen).not.toContain(token);
  });

  it('goes in Authorization when configured so, and no auth header is sent without a token', async () => {
    const rx = await startReceiver();
    const { app, widgetId } = await arrange({ url: rx.url, authToken: 'Bearer abc123', authHeader: 'Authorization' });
    await createSupportRequest(app, widgetId);
    await advance(app, 0);
    await configureIntegration(app, widgetId, { url: rx.url });
    await createSupportRequest(app, widgetId);
    await advance(app, 0);
    expect(rx.requests.map((r) => [r.headers.authorization, r.headers.authentication])).toEqual([
      ['Bearer abc123', undefined],
      [undefined, undefined],
    ]);
  });
});

describe('the legacy XML format', () => {
  it('POSTs the <case> document as raw XML', async () => {
    const rx = await startReceiver();
    const { app, widgetId } = await arrange({ url: rx.url, format: 'xml' });
    const { supportRequest, deliveryId } = await createSupportRequest(app, widgetId, { type: 'chat' });
    await advance(app, 0);
    const [req] = rx.requests;
    expect(req!.headers['content-type']).toBe('application/xml; charset=utf-8');
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(req!.body) as {
      case: Record<string, unknown> & { source_id: { '#text': string; '@_type': string }; transcripts: { transcript: unknown[] } };
    };
    expect(parsed.case.id).toBe(supportRequest.id);
    expect(parsed.case.source_id).toEqual({ '#text': String(supportRequest.source_id), '@_type': 'integer' });
    expect(parsed.case.widget_id).toBeUndefined();
    expect(parsed.case.transcripts.transcript).toHaveLength((supportRequest.transcripts as unknown[]).length);
    expect((await getDelivery(app, deliveryId)).format).toBe('xml');
  });
});

describe('transport failures', () => {
  it('times out a receiver that never answers, within WEBHOOK_TIMEOUT_MS', async () => {
    const rx = await startReceiver({ hang: true });
    const { app, widgetId } = await arrange({ url: rx.url }, { WEBHOOK_TIMEOUT_MS: '150' });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    expect((await advance(app, 0)).attempts).toMatchObject([{ outcome: 'failed', error: 'timeout: no complete response within 150 ms' }]);
    const [attempt] = (await getDelivery(app, deliveryId)).attempts;
    expect(attempt!.statusCode).toBeNull();
    // The deadline, not the receiver, ended it (the error says so); a timer never fires early, however busy the machine.
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('records a refused connection and a reset socket as failed attempts', async () => {
    const rx = await startReceiver({ reset: true });
    const { app, widgetId } = await arrange({ url: await closedPortUrl() });
    const other = await integratedWidget(app, { url: rx.url });
    await createSupportRequest(app, widgetId);
    await createSupportRequest(app, other.widgetId);
    const errors = (await advance(app, 0)).attempts.map((a) => a.error);
    expect(errors).toEqual([
      'connection_refused: nothing is listening at the integration URL',
      'connection_reset: the receiver closed the connection before answering',
    ]);
  });
});

describe('the whole ladder under the virtual clock', () => {
  it('retries for about 2 hours, then emails the support request and flags the delivery emailed', async () => {
    const rx = await startReceiver({ status: 500 });
    const { app, clock, widgetId, ownerEmail } = await arrange({ url: rx.url });
    const { deliveryId, supportRequest } = await createSupportRequest(app, widgetId);
    const start = clock.now();

    // Virtual time: a ladder that slept in real time would take 2 hours; the test's timeout (a minute) ends that.
    const { attempts } = await advance(app, 3 * 3_600_000);

    const offsets = [0, 30, 90, 210, 450, 930, 1830, 3630, 5430, 7230].map((s) => start + s * 1000);
    expect(attempts.map((a) => a.at)).toEqual(offsets);
    expect(attempts.map((a) => a.outcome)).toEqual([...Array(9).fill('failed'), 'emailed']);
    expect(rx.requests).toHaveLength(10);

    const delivery = await getDelivery(app, deliveryId);
    expect(delivery).toMatchObject({ status: 'emailed', settledAt: start + 7_230_000, nextAttemptAt: null });
    const emails = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json<{ emails: Array<Record<string, unknown>> }>();
    expect(emails.emails).toHaveLength(1);
    expect(emails.emails[0]).toMatchObject({
      id: delivery.emailId,
      deliveryId,
      supportRequestId: supportRequest.id,
      widgetId,
      to: ownerEmail,
      from: 'snapengage-mock@example.com',
      subject: expect.stringMatching(/^SnapEngage chat from /),
      attachments: [{ filename: `support-request-${supportRequest.id}.json`, contentType: 'application/json', size: expect.any(Number) }],
      smtp: { sent: false },
    });
    expect(emails.emails[0]!.text).toContain('Transcript:');
    // Nothing more happens to a settled delivery.
    expect((await advance(app, 24 * 3_600_000)).attempts).toEqual([]);
  });

  it('emails the integration transcriptEmail first, then the widget destinationEmail, then the owner', async () => {
    const rx = await startReceiver({ status: 500 });
    const { app } = await buildTestApp({ config: { RETRY_SCHEDULE: 'none' } });
    const a = await createWidget(app, { destinationEmail: 'dest-a@example.com' });
    const b = await createWidget(app, { destinationEmail: 'dest-b@example.com' });
    const c = await createWidget(app);
    await configureIntegration(app, a.widgetId, { url: rx.url, transcriptEmail: 'Transcripts@Example.com' });
    await configureIntegration(app, b.widgetId, { url: rx.url });
    await configureIntegration(app, c.widgetId, { url: rx.url });
    for (const w of [a, b, c]) await createSupportRequest(app, w.widgetId);
    expect((await advance(app, 0)).attempts.map((s) => s.outcome)).toEqual(['emailed', 'emailed', 'emailed']);
    const emails = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json<{ emails: Array<{ to: string; widgetId: string }> }>();
    const byWidget = Object.fromEntries(emails.emails.map((e) => [e.widgetId, e.to]));
    expect(byWidget).toEqual({ [a.widgetId]: 'transcripts@example.com', [b.widgetId]: 'dest-b@example.com', [c.widgetId]: c.ownerEmail });
  });
});

describe('settings changed mid-ladder', () => {
  it('sends retries to the integration URL as it is now, and fails them while the settings are removed', async () => {
    const broken = await startReceiver({ status: 502 });
    const fixed = await startReceiver();
    const { app, widgetId } = await arrange({ url: broken.url });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    await advance(app, 0);
    await app.inject({ method: 'DELETE', url: `/_mock/widgets/${widgetId}/integration?api_key=${KEY}` });
    expect((await advance(app, 30_000)).attempts).toMatchObject([{ attempt: 2, outcome: 'failed', error: expect.stringMatching(/^no_integration:/) }]);
    await configureIntegration(app, widgetId, { url: fixed.url });
    expect((await advance(app, 60_000)).attempts).toMatchObject([{ attempt: 3, outcome: 'delivered' }]);
    const delivery = await getDelivery(app, deliveryId);
    expect(delivery.url).toBe(fixed.url);
    expect(fixed.requests).toHaveLength(1);
  });
});
