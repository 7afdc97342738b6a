// `snapengage-mock receive`: a webhook receiver for trying the Integration API by hand. It listens on 127.0.0.1,
// prints each support request it gets in a readable form (or whole, as JSON lines), and answers the status asked for,
// so the README's walkthrough needs nothing else. Kept apart from the server: it shares no state with the mock.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { REDACTED, isSecretHeader } from '../http/redact.js';
import { suggestion } from './did-you-mean.js';
import { printable, printableJson } from './terminal-text.js';

export interface ReceiveOptions {
  port: number;
  /** What every request is answered with (after the first `failFirst`). */
  status: number;
  /** Answer 500 to this many requests first, then `status`: a receiver that recovers mid-ladder. */
  failFirst: number;
  /** Print each request whole as one JSON line (headers, body) instead of the summary. */
  json?: boolean;
}

const RECEIVE_HELP = `usage: snapengage-mock receive [--port 9000] [--status 200] [--fail-first N] [--json]

A webhook receiver on 127.0.0.1 for the Integration API: prints each support request it gets (type, id,
requester, description, transcript; control characters escaped, long fields cut) and answers with the status
you choose. Requests a web page makes (with an Origin or Sec-Fetch-Site header) are refused with 403.

  --port N          port to listen on; 0 picks a free one (default 9000)
  --status CODE     status to answer, 200 to 599; anything but 200 is a failed attempt (default 200)
  --fail-first N    answer 500 to the first N requests, then --status (default 0)
  --json            print each request whole, as one JSON line on stdout: method, URL, the status answered, every
                    header (auth headers [redacted]) and the body (parsed when it is JSON); other lines go to stderr
  -h, --help        print this help

examples:
  snapengage-mock receive                     # accept everything: each delivery succeeds at its first attempt
  snapengage-mock receive --status 500        # fail everything: the retry ladder runs to the fallback email
  snapengage-mock receive --fail-first 3      # fail three attempts, then accept: delivered at attempt 4
  snapengage-mock receive --json | jq .body   # each document whole
`;

class ReceiveUsageError extends Error {
  readonly code = 'invalid_config';
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ReceiveUsageError(`--${flag} ${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** The receive subcommand's flags; `null` when --help was asked for. */
export function parseReceiveArgs(argv: string[]): ReceiveOptions | null {
  let values: Record<string, string | boolean | undefined>;
  const options = {
    port: { type: 'string' },
    status: { type: 'string' },
    'fail-first': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    const { message } = err as Error;
    throw new ReceiveUsageError(`${message}${suggestion(message, Object.keys(options))}\nRun snapengage-mock receive --help for the options.`);
  }
  if (values.help) return null;
  return {
    port: wholeNumber('port', values.port as string | undefined, 9000, 0, 65535),
    status: wholeNumber('status', values.status as string | undefined, 200, 200, 599),
    failFirst: wholeNumber('fail-first', values['fail-first'] as string | undefined, 0, 0, Number.MAX_SAFE_INTEGER),
    json: values.json === true,
  };
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Characters of one field printed (a description, a message, a raw line), and transcript messages or raw lines. */
const MAX_FIELD = 500;
const MAX_LINES = 50;

const clockTime = (date: Date) => date.toTimeString().slice(0, 8);
type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A field of the document as printable text: '' unless it is a string. */
const str = (value: unknown) => (typeof value === 'string' ? printable(value, MAX_FIELD) : '');
const pad = (n: number) => String(n).padStart(2, '0');

/** `hh:mm:ss ` of a transcript line's date_seconds; '' for anything that is not a date (1e20, a string). */
function timeOf(seconds: unknown): string {
  if (typeof seconds !== 'number') return '';
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} `;
}

/** The body as text, and its size: past MAX_BODY_BYTES it is drained, not kept. */
async function readBody(req: IncomingMessage): Promise<{ text: string; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { text: size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : '', size };
}

/** `application/json` or a `+json` type: what the mock sends. A page's form can only send text/plain and the like. */
const isJson = (contentType: string) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim());

/** A support request as a few lines a person reads; the raw body when it is not the JSON document. Every line printable. */
function describeRequest(body: string, contentType: string): string[] {
  const size = Buffer.byteLength(body);
  if (!isJson(contentType)) {
    const lines = body.split('\n');
    return [
      `  ${printable(contentType, MAX_FIELD) || 'no content type'}, ${size} bytes:`,
      ...lines.slice(0, MAX_LINES).map((l) => `    ${printable(l, MAX_FIELD)}`),
      ...(lines.length > MAX_LINES ? [`    … ${lines.length - MAX_LINES} more lines`] : []),
    ];
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return [`  not JSON (${size} bytes): ${printable(body, 200)}`];
  }
  if (!isFields(doc)) return [`  JSON but not a support request (${size} bytes): ${printable(body, 200)}`];
  const requester = isFields(doc.requester_details) ? doc.requester_details : {};
  const emails = Array.isArray(requester.emails) ? requester.emails.slice(0, MAX_LINES).map(str).filter(Boolean) : [];
  const who = [str(requester.name), emails.length ? `<${emails.join(', ')}>` : ''].filter(Boolean).join(' ') || str(doc.requested_by) || 'unknown';
  const transcripts = Array.isArray(doc.transcripts) ? doc.transcripts : [];
  const lines = [
    `  ${str(doc.type) || 'support request'} ${str(doc.id)} from ${who}, widget ${str(doc.widget_id)}`,
    ...(str(doc.description) ? [`  description: ${str(doc.description)}`] : []),
    `  transcript: ${transcripts.length} message${transcripts.length === 1 ? '' : 's'}`,
  ];
  for (const item of transcripts.slice(0, MAX_LINES)) {
    const entry = isFields(item) ? item : {};
    lines.push(`    ${timeOf(entry.date_seconds)}${str(entry.alias) || str(entry.sender) || '?'}: ${str(entry.message)}`);
  }
  if (transcripts.length > MAX_LINES) lines.push(`    … ${transcripts.length - MAX_LINES} more messages`);
  return lines;
}

/**
 * A request whole, as one JSON line (what `stripe listen --print-json` does): every header, credentials `[redacted]`,
 * and the body, parsed when it is JSON, else as text; null past MAX_BODY_BYTES (`bytes` says how large it was).
 * Escaped so that it prints safely on a terminal too (see printableJson).
 */
function requestJson(req: IncomingMessage, body: { text: string; size: number }, status: number, received: number): string {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = isSecretHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  let parsed: unknown = body.size > MAX_BODY_BYTES ? null : body.text;
  if (parsed !== null && isJson(String(req.headers['content-type'] ?? ''))) {
    try {
      parsed = JSON.parse(body.text);
    } catch {
      // Not JSON after all: kept as the text it is.
    }
  }
  const at = new Date().toISOString();
  return `${printableJson({ received, at, method: req.method, url: req.url, status, headers, bytes: body.size, body: parsed })}\n`;
}

/**
 * A request a browser made: the mock never sends Origin or Sec-Fetch-Site, and a browser sends them on every request a
 * page makes (a `text/plain` POST needs no CORS preflight, so any web page could otherwise reach this port), including
 * one to a name rebound to 127.0.0.1. `none` is the user's own navigation.
 */
const fromBrowser = (req: IncomingMessage) =>
  req.headers.origin !== undefined || (req.headers['sec-fetch-site'] !== undefined && req.headers['sec-fetch-site'] !== 'none');

/** Starts the receiver; resolves once it listens. `print` gets one block of text per request. */
export async function startReceiver(
  options: ReceiveOptions,
  print: (text: string) => void,
  /** What is not a request: with --json, stdout holds the JSON lines only. */
  note: (text: string) => void = print,
): Promise<{ server: Server; url: string }> {
  let received = 0;
  const answer = (req: IncomingMessage, res: ServerResponse, body: { text: string; size: number }) => {
    received += 1;
    const status = received <= options.failFirst ? 500 : options.status;
    const reply = () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { received: true } : { error: `answering ${status} as asked` }));
    };
    if (options.json) {
      print(requestJson(req, body, status, received));
      return reply();
    }
    const delivery = req.headers['x-snapengage-mock-delivery'];
    const attempt = req.headers['x-snapengage-mock-attempt'];
    const head = [`${clockTime(new Date())} #${received} ${req.method} ${printable(req.url ?? '', MAX_FIELD)}`];
    if (delivery) head.push(`delivery ${printable(String(delivery), 100)} attempt ${printable(String(attempt ?? '?'), 20)}`);
    head.push(`-> ${status}`);
    let described: string[];
    try {
      described =
        body.size > MAX_BODY_BYTES
          ? [`  ${body.size} bytes: more than the ${MAX_BODY_BYTES} this receiver reads; not shown`]
          : describeRequest(body.text, String(req.headers['content-type'] ?? ''));
    } catch (err) {
      // Whatever the body is, the receiver answers and keeps running.
      described = [`  could not be described: ${printable(String(err), MAX_FIELD)}`];
    }
    // The auth token is a secret: say which header carried one, never its value.
    const auth = ['authentication', 'authorization'].filter((h) => req.headers[h] !== undefined);
    const lines = [head.join('  '), ...described];
    if (auth.length) lines.push(`  auth header: ${auth.join(', ')} (value not shown)`);
    print(`${lines.join('\n')}\n`);
    reply();
  };
  const server = createServer((req, res) => {
    if (fromBrowser(req)) {
      req.resume();
      note(`${clockTime(new Date())} refused ${req.method} ${printable(req.url ?? '', 100)}: a browser request (from ${printable(String(req.headers.origin ?? req.headers['sec-fetch-site']), 100)})\n`);
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'this receiver takes webhooks from snapengage-mock, not requests from web pages' }));
      return;
    }
    readBody(req)
      .then((body) => answer(req, res, body))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** The subcommand: listen, print, stop on SIGINT/SIGTERM. */
export async function runReceive(argv: string[]): Promise<void> {
  const options = parseReceiveArgs(argv);
  if (options === null) return void process.stdout.write(RECEIVE_HELP);
  let started: { server: Server; url: string };
  try {
    const toStdout = (text: string) => void process.stdout.write(text);
    started = await startReceiver(options, toStdout, options.json ? (text) => void process.stderr.write(text) : toStdout);
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      throw new ReceiveUsageError(`port ${options.port} is in use: stop what holds it, or pick another with --port`);
    }
    throw err;
  }
  const answer = options.failFirst > 0 ? `500 to the first ${options.failFirst}, then ${options.status}` : String(options.status);
  (options.json ? process.stderr : process.stdout).write(`snapengage-mock receiver listening on ${started.url} (answers ${answer}); Ctrl-C stops it\n`);
  const stop = () => {
    started.server.close(() => process.exit(0));
    // The mock's client keeps connections alive; idle ones would hold close() open.
    started.server.closeIdleConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
