import { describe, expect, it } from 'vitest';
import { supportRequestSchema } from '../../src/support-request/document-schema.js';
import { renderSupportRequestEmail } from '../../src/email/render.js';
import { build } from '../support-request/support-request-fixtures.js';

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
