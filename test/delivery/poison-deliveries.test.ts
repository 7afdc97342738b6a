// Support requests the documents cannot render are refused up front, and an attempt that fails before it sends is a
// failed attempt like any other: it walks the ladder to the email instead of being re-claimed forever.
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_SECONDS } from '../../src/support-request/document-schema.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { advance, createSupportRequest, createWidget, getDelivery, integratedWidget } from '../helpers/integration-setup.js';
import { closedPortUrl } from '../helpers/webhook-receiver.js';
import { storeOf } from '../../src/app.js';

describe('poison deliveries', () => {
  it('refuses dates and durations SnapEngage\'s formats cannot express, naming the field', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const cases: Array<[object, string]> = [
      [{ created_at_seconds: 9_000_000_000_000 }, 'created_at_seconds'],
      [{ created_at_seconds: MAX_DOCUMENT_SECONDS + 1 }, 'created_at_seconds'],
      [{ chat_duration: 10_000_000 }, 'chat_duration'],
      [{ transcripts: [{ id: '', date: 'x', date_seconds: 1e15, date_milliseconds: 0, alias: 'v', message: 'm' }] }, 'transcripts.0.date_seconds'],
    ];
    for (const [body, field] of cases) {
      const res = await app.inject({ method: 'POST', url: `/_mock/widgets/${widgetId}/support-requests?api_key=${KEY}`, payload: body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.details, field).toEqual([expect.objectContaining({ field, rule: 'max' })]);
    }
    // The last second of year 9999 still renders, in JSON and in the XML.
    const { supportRequest } = await createSupportRequest(app, widgetId, { created_at_seconds: MAX_DOCUMENT_SECONDS, chat_duration: 60 });
    expect(supportRequest.created_at_date).toBe('Dec 31, 9999 11:59:59 PM');
  });

  it('an attempt whose document cannot be built is recorded as failed, walks the ladder and is emailed with the JSON attached', async () => {
    const { app } = await buildTestApp({ config: { RETRY_SCHEDULE: '1m' } });
    const { widgetId } = await integratedWidget(app, { url: await closedPortUrl(), format: 'xml' });
    const { deliveryId, supportRequest } = await createSupportRequest(app, widgetId);
    // A document stored by an older version, before the ranges were checked: the XML cannot render its date.
    storeOf(app).prepare('UPDATE support_requests SET document = json_set(document, \'$.created_at_seconds\', 9000000000000)').run();

    const { attempts } = await advance(app, 60_000);
    expect(attempts.map((a) => [a.outcome, a.error?.split(':')[0]])).toEqual([
      ['failed', 'render_error'],
      ['emailed', 'render_error'],
    ]);
    const delivery = await getDelivery(app, deliveryId);
    expect(delivery.status).toBe('emailed');
    expect(delivery.attempts[0]!.error).toMatch(/^render_error: the xml document could not be built/);
    const [email] = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json().emails;
    expect(email.attachments).toEqual([expect.objectContaining({ filename: `support-request-${supportRequest.id}.json`, contentType: 'application/json' })]);
    // Nothing is left to claim: another advance runs nothing.
    expect((await advance(app, 3_600_000)).attempts).toEqual([]);
  });
});
