// /_mock/widgets/{widgetId}/integration and /support-requests over app.inject.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY } from '../helpers/build-test-app.js';
import { configureIntegration, createSupportRequest, createWidget } from '../helpers/integration-setup.js';
import { storeOf } from '../../src/app.js';

const sample = JSON.parse(readFileSync(new URL('../support-request/fixtures/integration-api-sample.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const integrationUrl = (widgetId: string, key = KEY) => `/_mock/widgets/${widgetId}/integration?api_key=${key}`;

describe('integration settings', () => {
  it('stores the settings with their defaults and never returns the token', async () => {
    const { app, clock } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const put = await app.inject({ method: 'PUT', url: integrationUrl(widgetId), payload: { url: 'https://receiver.example/hook', authToken: 'secret-1' } });
    expect(put.statusCode).toBe(200);
    const expected = {
      widgetId,
      url: 'https://receiver.example/hook',
      authHeader: 'Authentication',
      authTokenSet: true,
      format: 'json',
      transcriptEmail: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    };
    expect(put.json()).toEqual(expected);
    const get = await app.inject({ method: 'GET', url: integrationUrl(widgetId) });
    expect(get.json()).toEqual(expected);
    expect(get.body).not.toContain('secret-1');

    // PUT replaces the whole settings: the token left out is gone.
    await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/x', format: 'xml', authHeader: 'Authorization' });
    expect((await app.inject({ method: 'GET', url: integrationUrl(widgetId) })).json()).toMatchObject({ authTokenSet: false, format: 'xml', authHeader: 'Authorization' });

    expect((await app.inject({ method: 'DELETE', url: integrationUrl(widgetId) })).statusCode).toBe(204);
    const gone = await app.inject({ method: 'GET', url: integrationUrl(widgetId) });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('integration_not_found');
  });

  it('is only for the api_key that owns the widget', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    for (const method of ['PUT', 'GET', 'DELETE'] as const) {
      const res = await app.inject({ method, url: integrationUrl(widgetId, OTHER_KEY), ...(method === 'PUT' && { payload: { url: 'http://x.example/' } }) });
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.code).toBe('widget_not_found');
    }
    expect((await app.inject({ method: 'GET', url: `/_mock/widgets/${widgetId}/integration` })).json().error.code).toBe('missing_api_key');
    expect((await app.inject({ method: 'GET', url: integrationUrl(widgetId, 'nope') })).statusCode).toBe(401);
  });

  it.each([
    [{ url: 'ftp://receiver.example/' }, 'url', 'url'],
    [{ url: 'https://user:secret@receiver.example/hook' }, 'url', 'credentials'],
    [{ url: 'http://x.example/', authHeader: 'X-Token' }, 'authHeader', 'enum'],
    [{ url: 'http://x.example/', format: 'yaml' }, 'format', 'enum'],
    [{ url: 'http://x.example/', authToken: 'a\r\nInjected: 1' }, 'authToken', 'format'],
    [{ url: 'http://x.example/', transcriptEmail: 'nope' }, 'transcriptEmail', 'email'],
    [{ url: 'http://x.example/', extra: 1 }, 'extra', 'unknown_field'],
  ])('refuses %j in the error envelope', async (payload, field, rule) => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const res = await app.inject({ method: 'PUT', url: integrationUrl(widgetId), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field, rule })] });
  });
});

/** The JSON type of a value as the sample shows it; numbers split into integer and number. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Checks `doc` against the published sample field by field: every field the sample has is present with the
 * sample's type, recursively into objects and array elements. Returns one line per mismatch.
 */
function compareWithSample(expected: unknown, doc: unknown, path = ''): string[] {
  const want = jsonType(expected);
  const got = jsonType(doc);
  // The sample writes latitude 39.914700; a generated value may happen to be whole. Both are JSON numbers.
  if (want === 'number' && got === 'integer') return [];
  if (want !== got) return [`${path || '(root)'}: expected ${want}, got ${got}`];
  if (want === 'array') {
    const [first] = expected as unknown[];
    return first === undefined ? [] : (doc as unknown[]).flatMap((item, i) => compareWithSample(first, item, `${path}[${i}]`));
  }
  if (want === 'object') {
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      key in (doc as object) ? compareWithSample(value, (doc as Record<string, unknown>)[key], path ? `${path}.${key}` : key) : [`${path ? `${path}.` : ''}${key}: missing`],
    );
  }
  return [];
}

describe('support requests on demand', () => {
  it('answers 201 with a complete document that matches the published sample field by field, and queues its delivery', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/hook' });
    for (const type of ['chat', 'offline']) {
      const { supportRequest, deliveryId } = await createSupportRequest(app, widgetId, { type });
      expect(compareWithSample(sample, supportRequest)).toEqual([]);
      // Fields the sample lacks but the field table documents.
      expect(supportRequest).toMatchObject({ chat_ended_by: expect.any(String), labels: expect.any(Array), widget_id: widgetId, type });
      expect(supportRequest.url).toBe(`https://www.snapengage.com/viewcase?c=${supportRequest.id}`);
      expect(deliveryId).toMatch(/^dlv_/);
    }
  });

  it('finds a type mismatch against the sample (the comparison can fail)', () => {
    expect(compareWithSample(sample, { ...sample, created_at_seconds: '1412367271', transcripts: [{}] })).toEqual([
      'created_at_seconds: expected integer, got string',
      'transcripts[0].id: missing',
      'transcripts[0].date: missing',
      'transcripts[0].date_seconds: missing',
      'transcripts[0].date_milliseconds: missing',
      'transcripts[0].alias: missing',
      'transcripts[0].message: missing',
    ]);
  });

  it('applies overrides, agents from the widget, and is reproducible with MOCK_SEED', async () => {
    const docs = [];
    for (let run = 0; run < 2; run++) {
      const { app } = await buildTestApp({ config: { MOCK_SEED: '1234' } });
      const { widgetId } = await createWidget(app, { ownerEmail: 'same@example.com' });
      const { supportRequest } = await createSupportRequest(app, widgetId, { description: 'Printer on fire', requester_details: { name: 'Jo Tester' } });
      docs.push({ ...supportRequest, widget_id: 'x' });
      expect(supportRequest.description).toBe('Printer on fire');
      expect((supportRequest.requester_details as { name: string }).name).toBe('Jo Tester');
      const agentLines = (supportRequest.transcripts as Array<{ id: string }>).filter((t) => t.id !== '');
      expect(agentLines.every((t) => t.id === 'wc:jerome@example.com')).toBe(true);
    }
    expect(docs[0]).toEqual(docs[1]);
  });

  it('refuses invalid overrides in the error envelope', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const url = `/_mock/widgets/${widgetId}/support-requests?api_key=${KEY}`;
    const bad = await app.inject({ method: 'POST', url, payload: { type: 'email', chat_duration: -1, url: 'x' } });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['chat_duration', 'type', 'url']);
  });

  it('records the support request without a delivery when the widget has no integration settings', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const created = await app.inject({ method: 'POST', url: `/_mock/widgets/${widgetId}/support-requests?api_key=${KEY}` });
    expect(created.statusCode).toBe(201);
    expect(created.json().deliveryId).toBeNull();
    expect(storeOf(app).prepare('SELECT count(*) AS n FROM support_requests WHERE widget_id = ?').get(widgetId)).toEqual({ n: 1 });
    expect((await app.inject({ method: 'GET', url: `/_mock/deliveries?api_key=${KEY}` })).json()).toEqual({ deliveries: [] });
  });

  it("answers 404 for another api_key's widget", async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const res = await app.inject({ method: 'POST', url: `/_mock/widgets/${widgetId}/support-requests?api_key=${OTHER_KEY}` });
    expect(res.statusCode).toBe(404);
  });
});
