import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { supportRequestSchema } from '../../src/integration/document-schema.js';
import { createSmtpTransport, renderSupportRequestEmail, sendEmail } from '../../src/integration/mail.js';
import { startSmtp } from '../helpers/smtp-server.js';
import { build } from './support-request-fixtures.js';

const addresses = { to: 'transcripts@example.com', from: 'snapengage-mock@example.com' };

describe('renderSupportRequestEmail', () => {
  it('writes a readable chat transcript and attaches the JSON document', () => {
    const doc = build(31);
    const email = renderSupportRequestEmail(doc, { ...addresses, format: 'json' });
    expect(email.to).toBe(addresses.to);
    expect(email.from).toBe(addresses.from);
    const who = `${doc.requester_details.name} <${doc.requested_by}>`;
    expect(email.subject).toBe(`SnapEngage chat from ${who}`);
    const lines = email.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `Chat from ${who}`,
      'When: Oct 3, 2014 2:14:31 PM GMT',
      `Page: ${doc.page_url}`,
      `Case: ${doc.url}`,
    ]);
    for (const line of doc.transcripts) {
      expect(lines).toContain(`[${line.date.split(' ').slice(3).join(' ')}] ${line.alias}: ${line.message}`);
    }
    expect(email.attachments).toHaveLength(1);
    const [attachment] = email.attachments;
    expect(attachment?.filename).toBe(`support-request-${doc.id}.json`);
    expect(attachment?.contentType).toBe('application/json');
    expect(supportRequestSchema.parse(JSON.parse(attachment?.content ?? ''))).toEqual(doc);
  });

  it('shows the offline message and attaches the legacy XML when asked', () => {
    const doc = build(32, { type: 'offline' });
    const email = renderSupportRequestEmail(doc, { ...addresses, format: 'xml' });
    expect(email.subject).toMatch(/^SnapEngage offline message from /);
    expect(email.text).toContain(`Message:\n${doc.description}\n`);
    expect(email.attachments[0]).toMatchObject({ filename: `support-request-${doc.id}.xml`, contentType: 'application/xml' });
    expect(email.attachments[0]?.content).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<case>/);
  });

  it('keeps visitor-supplied line breaks out of the subject and odd characters out of the filename', () => {
    const doc = build(33, { overrides: { id: '../evil id', requester_details: { name: 'Eve\r\nBcc: x@example.com' } } });
    const email = renderSupportRequestEmail(doc, { ...addresses, format: 'json' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.attachments[0]?.filename).toBe('support-request-.._evil_id.json');
  });
});

describe('sendEmail over SMTP', () => {
  it('delivers the rendered email with its attachment to a real SMTP server', async () => {
    const { url, received } = await startSmtp();
    const doc = build(34);
    const email = renderSupportRequestEmail(doc, { ...addresses, format: 'xml' });
    const transport = createSmtpTransport(url);
    try {
      const info = await sendEmail(transport, email);
      expect(info.accepted).toEqual([addresses.to]);
    } finally {
      transport.close();
    }

    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.rcptTo).toEqual([addresses.to]);
    expect(message?.mailFrom).toBe(addresses.from);
    const parsed = await simpleParser(message?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text.trim());
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment?.filename).toBe(`support-request-${doc.id}.xml`);
    expect(attachment?.contentType).toBe('application/xml');
    expect(attachment?.content.toString('utf8')).toBe(email.attachments[0]?.content);
  });

  it('bounds every SMTP wait by default and lets the URL override it', () => {
    const timeouts = (url: string) => {
      const transport = createSmtpTransport(url);
      const { connectionTimeout, greetingTimeout, socketTimeout } = transport.options as Record<string, unknown>;
      transport.close();
      return { connectionTimeout, greetingTimeout, socketTimeout };
    };
    expect(timeouts('smtp://127.0.0.1:25')).toEqual({ connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    expect(timeouts('smtp://127.0.0.1:25?socketTimeout=500').socketTimeout).toBe(500);
  });

  it('fails when the server refuses the connection', async () => {
    const transport = createSmtpTransport('smtp://127.0.0.1:1?connectionTimeout=2000');
    try {
      await expect(sendEmail(transport, renderSupportRequestEmail(build(35), { ...addresses, format: 'json' }))).rejects.toThrow();
    } finally {
      transport.close();
    }
  });
});
