// The SMTP relay of fallback emails against real servers: one that takes mail, one that refuses connections, and one
// that greets and then stalls. Every wait is bounded, every try is recorded on the email, and close() ends it all.
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EmailsRepository } from '../../src/db/emails-repository.js';
import { openDatabase } from '../../src/db/open.js';
import { createSmtpTransport, EmailRelay } from '../../src/email/relay.js';
import { renderSupportRequestEmail } from '../../src/email/render.js';
import { stalledRelay, startSmtp } from '../helpers/smtp-server.js';
import { build } from '../support-request/support-request-fixtures.js';

const addresses = { to: 'transcripts@example.com', from: 'snapengage-mock@example.com' };

function relayTo(url: string, options: { timeoutMs?: number; attempts?: number; retryDelayMs?: number } = {}) {
  const db = openDatabase(':memory:');
  const emails = new EmailsRepository(db);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const relay = new EmailRelay({
    transport: createSmtpTransport(url, { timeoutMs, maxConnections: 2 }),
    emails,
    log: pino({ level: 'silent' }),
    timeoutMs,
    attempts: options.attempts ?? 1,
    retryDelayMs: options.retryDelayMs ?? 0,
  });
  onTestFinished(() => {
    relay.close();
    db.close();
  });
  const email = renderSupportRequestEmail(build(34), { ...addresses, format: 'xml' });
  emails.insert({ id: 'eml_1', partner: 'p', deliveryId: 'd', supportRequestId: 's', widgetId: 'w', ...email, createdAt: 0 });
  const stored = () => emails.list({ partner: 'p', limit: 10 })[0]!;
  return { relay, email, stored };
}

describe('EmailRelay', () => {
  it('delivers the rendered email with its attachment to a real SMTP server and records one try', async () => {
    const smtp = await startSmtp();
    const { relay, email, stored } = relayTo(smtp.url);
    await relay.relay('eml_1', email);
    expect(stored()).toMatchObject({ smtpSent: true, smtpError: null, smtpAttempts: 1 });

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message?.rcptTo).toEqual([addresses.to]);
    expect(message?.mailFrom).toBe(addresses.from);
    const parsed = await simpleParser(message?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text.trim());
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
      [email.attachments[0]!.filename, 'application/xml', email.attachments[0]!.content],
    ]);
  });

  it('bounds every SMTP wait by SMTP_TIMEOUT_MS, pools a bounded number of connections, and lets the URL override them', () => {
    const options = (url: string) => {
      const transport = createSmtpTransport(url, { timeoutMs: 1_234, maxConnections: 3 });
      const { connectionTimeout, greetingTimeout, socketTimeout, pool, maxConnections } = transport.options as Record<string, unknown>;
      transport.close();
      return { connectionTimeout, greetingTimeout, socketTimeout, pool, maxConnections };
    };
    expect(options('smtp://127.0.0.1:25')).toEqual({ connectionTimeout: 1_234, greetingTimeout: 1_234, socketTimeout: 1_234, pool: true, maxConnections: 3 });
    expect(options('smtp://127.0.0.1:25?socketTimeout=500').socketTimeout).toBe(500);
  });

  it('retries a refused relay SMTP_ATTEMPTS times in all, recording each try and the last error', async () => {
    const { relay, email, stored } = relayTo('smtp://127.0.0.1:9', { attempts: 3, retryDelayMs: 10 });
    await relay.relay('eml_1', email);
    expect(stored()).toMatchObject({ smtpSent: false, smtpAttempts: 1 });
    expect(stored().smtpError).toMatch(/ECONNREFUSED|connect/i);
    await expect.poll(() => stored().smtpAttempts, { timeout: 30_000 }).toBe(3);
    expect(stored().smtpSent).toBe(false);
  });

  it('gives up on a relay that greets and then stalls after SMTP_TIMEOUT_MS, without hanging', async () => {
    const { relay, email, stored } = relayTo((await stalledRelay()).url, { timeoutMs: 300 });
    await relay.relay('eml_1', email);
    expect(stored()).toMatchObject({ smtpSent: false, smtpAttempts: 1 });
    expect(stored().smtpError).toMatch(/timeout|timed out/i);
  });

  it('close() (shutdown) ends a try in flight at once and records it as aborted', async () => {
    const { relay, email, stored } = relayTo((await stalledRelay()).url, { timeoutMs: 60_000, attempts: 3 });
    const sending = relay.relay('eml_1', email);
    await new Promise((resolve) => setImmediate(resolve));
    relay.close();
    await sending;
    expect(stored()).toMatchObject({ smtpSent: false, smtpAttempts: 1, smtpError: 'aborted: the mock was shutting down' });
  });
});
