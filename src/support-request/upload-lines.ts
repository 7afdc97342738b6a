// Where an uploaded file shows in the support request: a visitor's transcript line holding its link, as SnapEngage shows an upload.
import { MAX_INSTANT } from '../core/clock.js';
import type { SupportRequest, TranscriptEntry } from './document-schema.js';
import { formatSnapEngageDate } from './builder.js';

/** `https://host:port/api/v2/files/{fileId}/{name}`: the client adds `?orgId=` and the Authorization header. */
export const fileLink = (origin: string, fileId: string, name: string): string =>
  `${origin}/api/v2/files/${encodeURIComponent(fileId)}/${encodeURIComponent(name)}`;

/**
 * A chat gets one VISITOR line per file after its last line (1 ms apart, so the order holds and chat_duration is
 * kept); an offline message has no transcript, so each link is a line appended to its description.
 */
export function withUploads(document: SupportRequest, links: readonly string[]): SupportRequest {
  if (links.length === 0) return document;
  if (document.type === 'offline') {
    return { ...document, description: [document.description, ...links.map((link) => `Uploaded file: ${link}`)].join('\n') };
  }
  const last = document.transcripts.at(-1);
  const fromMs = last ? last.date_seconds * 1000 + last.date_milliseconds : document.created_at_seconds * 1000 + document.created_at_milliseconds;
  const uploads = links.map((link, i): TranscriptEntry => {
    const at = Math.min(fromMs + i + 1, MAX_INSTANT);
    return {
      id: '',
      date: formatSnapEngageDate(at),
      date_seconds: Math.floor(at / 1000),
      date_milliseconds: at % 1000,
      alias: 'visitor',
      message: link,
      sender: 'VISITOR',
    };
  });
  return { ...document, transcripts: [...document.transcripts, ...uploads] };
}
