// Serializes a support request as the legacy Integration API XML (<case>), for widgets on the old format.

import type { SupportRequest } from './document-schema.js';

// Everything outside XML 1.0's Char production, lone surrogates included (the u flag makes them code points).
const illegalXmlChars = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripIllegalXmlChars(text: string): string {
  return text.replace(illegalXmlChars, '');
}

/**
 * A CDATA section for arbitrary text. `]]>` is split across two sections, and CR is emitted as a character
 * reference between sections because parsers normalise a literal CR (even inside CDATA) to LF.
 */
export function cdata(text: string): string {
  const body = stripIllegalXmlChars(text)
    .replaceAll(']]>', ']]]]><![CDATA[>')
    .replaceAll('\r', ']]>&#13;<![CDATA[');
  return `<![CDATA[${body}]]>`;
}

const isoInstant = (seconds: number, milliseconds: number): string =>
  new Date(seconds * 1000 + milliseconds).toISOString();

type Scalar = string | number;

function element(name: string, value: Scalar, type?: 'integer' | 'datetime'): string {
  const attrs = type ? ` type="${type}"` : '';
  const text = typeof value === 'number' ? String(value) : cdata(value);
  return `<${name}${attrs}>${text}</${name}>`;
}

function list(name: string, itemName: string, items: ReadonlyArray<readonly string[]>): string[] {
  if (items.length === 0) return [`<${name} type="array"/>`];
  return [
    `<${name} type="array">`,
    ...items.flatMap((fields) => [`  <${itemName}>`, ...fields.map((f) => `    ${f}`), `  </${itemName}>`]),
    `</${name}>`,
  ];
}

const nameValues = (pairs: ReadonlyArray<{ name: string; value: string }>) =>
  pairs.map((p) => [element('name', p.name), element('value', p.value)]);

/**
 * The legacy shape as reconstructed in the project's reference: only the fields it names, with
 * created_at (ISO-8601) instead of the JSON date fields, and no widget_id, type or requester_details.
 * Fields the legacy receivers are not known to map (referrer_url, user_agent, labels, ...) are left out,
 * because strict XML binders reject unknown elements.
 */
export function toLegacyXml(doc: SupportRequest): string {
  const scalars = [
    element('id', doc.id),
    element('url', doc.url),
    element('snapshot_image_url', doc.snapshot_image_url),
    element('requested_by', doc.requested_by),
    element('description', doc.description),
    element('created_at', isoInstant(doc.created_at_seconds, doc.created_at_milliseconds), 'datetime'),
    element('page_url', doc.page_url),
    element('ip_address', doc.ip_address),
    element('browser', doc.browser),
    element('os', doc.os),
    element('country_code', doc.country_code),
    element('country', doc.country),
    element('region', doc.region),
    element('city', doc.city),
    element('latitude', doc.latitude),
    element('longitude', doc.longitude),
    element('source_id', doc.source_id, 'integer'),
    element('chat_waittime', doc.chat_waittime, 'integer'),
    element('chat_duration', doc.chat_duration, 'integer'),
  ];
  const transcripts = doc.transcripts.map((t) => [
    element('id', t.id),
    element('alias', t.alias),
    element('date', isoInstant(t.date_seconds, t.date_milliseconds), 'datetime'),
    element('message', t.message),
  ]);
  const body = [
    ...scalars,
    ...list('plugins', 'plugin', nameValues(doc.plugins)),
    ...list('javascript_variables', 'javascript_variable', nameValues(doc.javascript_variables)),
    ...list('operator_variables', 'operator_variable', nameValues(doc.operator_variables)),
    ...list('transcripts', 'transcript', transcripts),
  ];
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<case>', ...body.map((line) => `  ${line}`), '</case>', ''].join('\n');
}
