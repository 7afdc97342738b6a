// The transcript email SnapEngage sends alongside (or after failing) the POST, rendered from the document.

import type { SupportRequest } from '../support-request/document-schema.js';
import { formatSnapEngageTime } from '../support-request/builder.js';
import { toLegacyXml } from '../support-request/xml.js';

type AttachmentFormat = 'json' | 'xml';

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

/** The document as the integration sends it; JSON when the XML cannot be built, so the email always goes out. */
function attachment(doc: SupportRequest, format: AttachmentFormat): SupportRequestEmail['attachments'][number] {
  // The id may be user-supplied; keep the filename safe for every mail client's file system.
  const filename = (ext: AttachmentFormat) => `support-request-${doc.id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
  if (format === 'xml') {
    try {
      return { filename: filename('xml'), contentType: 'application/xml', content: toLegacyXml(doc) };
    } catch {
      // Falls through to JSON.
    }
  }
  return { filename: filename('json'), contentType: 'application/json', content: JSON.stringify(doc, null, 2) };
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
