// The email fallback relayed over SMTP (SMTP_URL) to a real SMTP server started by the test.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { advance, configureIntegration, createSupportRequest, createWidget, integratedWidget } from '../helpers/integration-setup.js';
import { startSmtp, stalledRelay } from '../helpers/smtp-server.js';

describe('SMTP relay of the fallback email', () => {
  it('sends the transcript with the document attached once the ladder is exhausted', async () => {
    const smtp = await startSmtp();
    const { app } = await buildTestApp({ config: { SMTP_URL: smtp.url, MAIL_FROM: 'alerts@mock.example', RETRY_SCHEDULE: '1m' } });
    const { widgetId } = await createWidget(app, { destinationEmail: 'support-team@example.com' });
    // Port 9 (discard) is closed on test hosts: every attempt is refused.
    await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/hook', format: 'xml' });
    const { supportRequest } = await createSupportRequest(app, widgetId);

    const { attempts } = await advance(app, 60_000);
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'emailed']);

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message!.rcptTo).toEqual(['support-team@example.com']);
    expect(message!.mailFrom).toBe('alerts@mock.example');
    const parsed = await simpleParser(message!.raw);
    expect(parsed.subject).toMatch(/^SnapEngage chat from /);
    expect(parsed.text).toContain(`Case: ${supportRequest.url as string}`);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`support-request-${supportRequest.id}.xml`, 'application/xml']]);
    expect(parsed.attachments[0]!.content.toString('utf8')).toContain(`<id><![CDATA[${supportRequest.id}]]></id>`);

    const emails = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json<{ emails: Array<{ smtp: unknown }> }>();
    expect(emails.emails.map((e) => e.smtp)).toEqual([{ sent: true, attempts: 1 }]);
  });

  it('still stores the email and flags the delivery emailed when the relay is down', async () => {
    const { app } = await buildTestApp({ config: { SMTP_URL: 'smtp://127.0.0.1:9?connectionTimeout=2000', RETRY_SCHEDULE: 'none', SMTP_ATTEMPTS: '1' } });
    const { widgetId } = await integratedWidget(app, { url: 'http://127.0.0.1:9/hook' });
    const { deliveryId } = await createSupportRequest(app, widgetId);
    expect((await advance(app, 0)).attempts).toMatchObject([{ deliveryId, outcome: 'emailed' }]);
    const [email] = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}&delivery_id=${deliveryId}` })).json<{
      emails: Array<{ smtp: { sent: boolean; error?: string } }>;
    }>().emails;
    expect(email!.smtp.sent).toBe(false);
    expect(email!.smtp.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('a relay that greets and then stalls costs an advance at most SMTP_TIMEOUT_MS, and shutdown does not wait for it', async () => {
    const stalled = await stalledRelay();
    const { app } = await buildTestApp({ config: { SMTP_URL: stalled.url, SMTP_TIMEOUT_MS: '300', RETRY_SCHEDULE: 'none', SMTP_ATTEMPTS: '1' } });
    const { widgetId } = await createWidget(app);
    await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/hook' });
    await createSupportRequest(app, widgetId);
    expect((await advance(app, 0)).attempts).toMatchObject([{ outcome: 'emailed' }]);
    const [email] = (await app.inject({ method: 'GET', url: `/_mock/emails?api_key=${KEY}` })).json<{ emails: Array<{ smtp: unknown }> }>().emails;
    expect(email!.smtp).toEqual({ sent: false, attempts: 1, error: 'timeout: the SMTP relay did not take the email within 300 ms' });

    // Shutdown with a relay try in flight and a long SMTP_TIMEOUT_MS: close() aborts it within the dispatcher's drain.
    const slow = await buildTestApp({ config: { SMTP_URL: stalled.url, SMTP_TIMEOUT_MS: '60000', RETRY_SCHEDULE: 'none', WEBHOOK_TIMEOUT_MS: '1000' } });
    const other = await createWidget(slow.app);
    await configureIntegration(slow.app, other.widgetId, { url: 'http://127.0.0.1:9/hook' });
    await createSupportRequest(slow.app, other.widgetId);
    const advancing = slow.app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    await expect.poll(() => stalled.connections(), { timeout: 30_000 }).toBeGreaterThan(0);
    const started = performance.now();
    await slow.app.close();
    // The drain bound is half of WEBHOOK_TIMEOUT_MS; the rest is slack for a busy machine, far below the 60 s timeout.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await advancing).statusCode).toBeLessThan(600);
  });
});
