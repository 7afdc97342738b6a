// The transcript email SnapEngage sends alongside (or after failing) the POST: rendering, and a thin SMTP sender.

import type { Transporter } from 'nodemailer';
import { loadLazily } from '../lazy-require.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SupportRequest } from './document-schema.js';
import { formatSnapEngageTime } from './support-request-builder.js';
import { toLegacyXml } from './xml.js';

export type AttachmentFormat = 'json' | 'xml';

export interface SupportRequestEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
}

export interface RenderEmailOptions {
  to: string;
  from: string;
  format: AttachmentFormat;
}

function transcriptLines(doc: SupportRequest): string[] {
  if (doc.type === 'offline') return ['Message:', doc.description];
  if (doc.transcripts.length === 0) return ['Transcript: (no messages)'];
  return [
    'Transcript:',
    ...doc.transcripts.map(
      (t) => `[${formatSnapEngageTime(t.date_seconds * 1000 + t.date_milliseconds)}] ${t.alias}: ${t.message}`,
    ),
  ];
}

function attachment(doc: SupportRequest, format: AttachmentFormat): SupportRequestEmail['attachments'][number] {
  // The id may be user-supplied; keep the filename safe for every mail client's file system.
  const filename = `support-request-${doc.id.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
  return format === 'json'
    ? { filename, contentType: 'application/json', content: JSON.stringify(doc, null, 2) }
    : { filename, contentType: 'application/xml', content: toLegacyXml(doc) };
}

export function renderSupportRequestEmail(doc: SupportRequest, options: RenderEmailOptions): SupportRequestEmail {
  const name = doc.requester_details.name;
  const who = name && doc.requested_by ? `${name} <${doc.requested_by}>` : name || doc.requested_by || 'a visitor';
  const kind = doc.type === 'chat' ? 'Chat' : 'Offline message';
  const text = [
    `${kind} from ${who}`,
    `When: ${doc.created_at_date} GMT`,
    `Page: ${doc.page_url}`,
    `Case: ${doc.url}`,
    '',
    ...transcriptLines(doc),
    '',
  ].join('\n');
  return {
    to: options.to,
    from: options.from,
    // Visitor-supplied names end up here; a line break would be a header injection.
    subject: `SnapEngage ${kind.toLowerCase()} from ${who}`.replace(/[\r\n]+/g, ' '),
    text,
    attachments: [attachment(doc, options.format)],
  };
}

export type SmtpTransport = Transporter<SMTPTransport.SentMessageInfo>;

// nodemailer's own defaults wait up to 10 minutes on a silent server; a mock should fail fast.
const defaultTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** `smtpUrl` is nodemailer's connection URL (smtp://user:pass@host:port); query parameters override the timeouts. */
export function createSmtpTransport(smtpUrl: string): SmtpTransport {
  const url = new URL(smtpUrl);
  for (const [key, ms] of Object.entries(defaultTimeouts)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(ms));
  }
  return loadLazily<typeof import('nodemailer')>('nodemailer').createTransport(url.toString());
}

export function sendEmail(transport: SmtpTransport, email: SupportRequestEmail): Promise<SMTPTransport.SentMessageInfo> {
  return transport.sendMail(email);
}
