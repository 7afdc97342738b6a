// "Copy as curl": a journaled request as a shell command that sends that request again and does nothing else. No DOM
// here, so vitest imports it (test/inspector/curl.test.ts runs what it writes in bash against a hostile path).
import type { JournalEntry } from '../../src/control/schemas.js';

/** What the mock writes in place of a secret (src/http/redact.ts). */
const REDACTED = '[redacted]';

/**
 * One shell word that the shell takes literally: inside single quotes nothing is special (`$(…)`, backticks, `"`,
 * `\`, newlines), and a `'` closes the quotes, is escaped, and reopens them.
 */
const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** A variable the reader sets: outside the single quotes so the shell expands it, in double quotes so it stays one word. */
const variable = (name: string): string => `"$${name}"`;

/**
 * The variable a redacted secret is read from: SNAPENGAGE_ and its name in capitals, words split at `_` and at a capital
 * (`api_key` -> SNAPENGAGE_API_KEY, `password` -> SNAPENGAGE_PASSWORD, `apiToken` -> SNAPENGAGE_API_TOKEN), so one
 * secret has one variable wherever it was sent (the query, the body, the Authorization header).
 */
const variableFor = (name: string): string =>
  `SNAPENGAGE_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;

/** The routes that take the organization's API token in Authorization: the Logs API and uploaded files (/api/v2/...). */
const needsApiToken = (e: JournalEntry): boolean => e.path.startsWith('/api/v2/') || e.headers.authorization !== undefined;

/** A word in pieces: literal text (to be quoted) and variables (to be left outside the quotes). */
type Piece = { text: string } | { variable: string };

/** Adjacent quoted texts and variables with no space between them make one shell word. */
function word(pieces: Piece[]): string {
  let out = '';
  let literal = '';
  for (const piece of pieces) {
    if ('text' in piece) literal += piece.text;
    else {
      out += shellQuote(literal) + variable(piece.variable);
      literal = '';
    }
  }
  return literal === '' && out !== '' ? out : out + shellQuote(literal);
}

/** The query string as pieces. */
function queryPieces(query: Record<string, unknown>): Piece[] {
  const pieces: Piece[] = [];
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
 * The body's JSON as pieces: each redacted field's value is its variable, inside the JSON string's quotes, so the
 * request replays (a create with its password). The value goes in as it is: one holding `"` or `\` needs JSON's escapes.
 */
function bodyPieces(body: unknown): Piece[] {
  const secrets: string[] = [];
  // A marker the body's own text cannot hold, put where each secret goes.
  let marker = 'SNAPENGAGE_SECRET_';
  while (JSON.stringify(body).includes(marker)) marker += '_';
  const json = JSON.stringify(body, (key, value: unknown) => {
    if (value !== REDACTED || key === '' || /^\d+$/.test(key)) return value;
    secrets.push(variableFor(key));
    return `${marker}${secrets.length - 1}`;
  });
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of json.matchAll(new RegExp(`"${marker}(\\d+)"`, 'g'))) {
    pieces.push({ text: `${json.slice(at, match.index)}"` }, { variable: secrets[Number(match[1])]! }, { text: '"' });
    at = match.index + match[0].length;
  }
  pieces.push({ text: json.slice(at) });
  return pieces;
}

/**
 * The request as a curl command for `origin` (the page's own, `location.origin`). Every part is single-quoted; secrets
 * are variables the reader sets: `$SNAPENGAGE_API_KEY` for api_key (in the query, or the Visitor Chat API's x-api-key header), `$SNAPENGAGE_PASSWORD` for a password in the body,
 * `$SNAPENGAGE_API_TOKEN` for the Authorization of the Logs API and file downloads, `SNAPENGAGE_` and the name for any
 * other (see variableFor), and `$SNAPENGAGE_MOCK_CA` (optional) for the CA an https origin is checked against.
 */
export function curlOf(e: JournalEntry, origin: string): string {
  const url = word([{ text: `${origin}${e.path}` }, ...queryPieces(e.query)]);
  // --globoff: curl would otherwise read [1-9] and {a,b} in the URL as ranges and send several requests.
  const parts = ['curl', '--globoff', '-X', shellQuote(e.method)];
  if (origin.startsWith('https:')) parts.push('${SNAPENGAGE_MOCK_CA:+--cacert "$SNAPENGAGE_MOCK_CA"}');
  if (needsApiToken(e)) parts.push('-H', `${shellQuote('Authorization: ')}${variable('SNAPENGAGE_API_TOKEN')}`);
  // The Visitor Chat API takes the partner key in a header.
  if (e.headers['x-api-key'] !== undefined) parts.push('-H', `${shellQuote('x-api-key: ')}${variable('SNAPENGAGE_API_KEY')}`);
  // --data-raw: --data would read a body starting with @ as a file name.
  if (e.body !== null && e.body !== undefined) parts.push('-H', shellQuote('content-type: application/json'), '--data-raw', word(bodyPieces(e.body)));
  parts.push(url);
  return parts.join(' ');
}
