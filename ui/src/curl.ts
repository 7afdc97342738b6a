// "Copy as curl": a journaled request as a shell command that sends that request again and does nothing else. No DOM
// here, so vitest imports it (test/inspector/curl.test.ts runs what it writes in bash against a hostile path).
import type { JournalEntry } from '../../src/control/schemas.js';

/** What the mock writes in place of a secret (src/http/redact.ts). */
const REDACTED = '[redacted]';

/**
 * One shell word that the shell takes literally: inside single quotes nothing is special (`$(…)`, backticks, `"`,
 * `\`, newlines), and a `'` closes the quotes, is escaped, and reopens them.
 */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** A variable the reader sets: outside the single quotes so the shell expands it, in double quotes so it stays one word. */
const variable = (name: string): string => `"$${name}"`;

/** `api_key` -> SNAPENGAGE_API_KEY; any other redacted parameter -> its name as a valid variable name. */
const variableFor = (param: string): string =>
  param === 'api_key' ? 'SNAPENGAGE_API_KEY' : param.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(?=\d)/, '_');

/** The routes that take the organization's API token in Authorization: the Logs API and uploaded files (/api/v2/...). */
const needsApiToken = (e: JournalEntry): boolean => e.path.startsWith('/api/v2/') || e.headers.authorization !== undefined;

/** The query string as pieces: literal text (to be quoted) and variables (to be left outside the quotes). */
function queryPieces(query: Record<string, unknown>): Array<{ text: string } | { variable: string }> {
  const pieces: Array<{ text: string } | { variable: string }> = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      pieces.push({ text: `${pieces.length === 0 ? '?' : '&'}${encodeURIComponent(name)}=` });
      if (v === REDACTED) pieces.push({ variable: variableFor(name) });
      else pieces.push({ text: encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v)) });
    }
  }
  return pieces;
}

/**
 * The request as a curl command for `origin` (the page's own, `location.origin`). Every part is single-quoted; secrets
 * are variables the reader sets: `$SNAPENGAGE_API_KEY` for api_key, `$SNAPENGAGE_API_TOKEN` for the Authorization of
 * the Logs API and file downloads, and `$SNAPENGAGE_MOCK_CA` (optional) for the CA an https origin is checked against.
 */
export function curlOf(e: JournalEntry, origin: string): string {
  // Adjacent quoted texts and variables with no space between them make one shell word.
  let url = '';
  let literal = `${origin}${e.path}`;
  for (const piece of queryPieces(e.query)) {
    if ('text' in piece) literal += piece.text;
    else {
      url += shellQuote(literal) + variable(piece.variable);
      literal = '';
    }
  }
  if (literal !== '') url += shellQuote(literal);
  // --globoff: curl would otherwise read [1-9] and {a,b} in the URL as ranges and send several requests.
  const parts = ['curl', '--globoff', '-X', shellQuote(e.method)];
  if (origin.startsWith('https:')) parts.push('${SNAPENGAGE_MOCK_CA:+--cacert "$SNAPENGAGE_MOCK_CA"}');
  if (needsApiToken(e)) parts.push('-H', `${shellQuote('Authorization: ')}${variable('SNAPENGAGE_API_TOKEN')}`);
  // --data-raw: --data would read a body starting with @ as a file name.
  if (e.body !== null && e.body !== undefined) parts.push('-H', shellQuote('content-type: application/json'), '--data-raw', shellQuote(JSON.stringify(e.body)));
  parts.push(url);
  return parts.join(' ');
}
