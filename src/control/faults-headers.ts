// The response headers a fault rule may set: only what HTTP lets a server send, and never what frames the message.
import { z } from 'zod';

/** RFC 9110 token characters: all a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Tab, space and visible ASCII. HTTP also allows Latin-1 bytes (obs-text), but Node sends them as Latin-1 or as UTF-8
 * depending on how the body is written, so a rule could not promise which bytes arrive: they are refused too.
 */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Headers the mock's HTTP layer owns: they say where the message ends or what the connection does next, so a rule
 * that set them would break the very answer it shapes (a wrong length hangs the client, a second length is a
 * smuggling vector). Content-Encoding too: the mock never encodes the body it sends.
 */
export const FRAMING_HEADERS = [
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
] as const;
const framing = new Set<string>(FRAMING_HEADERS);

export const MAX_FAULT_HEADERS = 50;
const MAX_VALUE_LENGTH = 1000;

const issue = (ctx: z.RefinementCtx, name: string, rule: string, message: string) =>
  ctx.addIssue({ code: 'custom', path: [name], message, params: { rule } });

/** `headers` of a fault rule; each refusal names the header (details[].field is `headers.<name>`). */
export const faultHeaders = z
  .record(z.string(), z.string())
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_FAULT_HEADERS) {
      ctx.addIssue({ code: 'custom', message: `a rule sets at most ${MAX_FAULT_HEADERS} headers (got ${names.length})`, params: { rule: 'max_items' } });
    }
    const seen = new Set<string>();
    for (const name of names) {
      const value = headers[name]!;
      const lower = name.toLowerCase();
      const shown = JSON.stringify(name.slice(0, 100));
      if (!TOKEN.test(name)) {
        issue(ctx, name, 'header_name', `header ${shown}: a name holds only letters, digits and !#$%&'*+-.^_\`|~ (HTTP token characters)`);
      } else if (framing.has(lower)) {
        issue(ctx, name, 'framing_header', `header ${name}: the mock's HTTP layer sets it (framing headers ${FRAMING_HEADERS.join(', ')} cannot be faked)`);
      } else if (seen.has(lower)) {
        issue(ctx, name, 'duplicate', `header ${name} is given twice (names are case-insensitive)`);
      } else if (value.length > MAX_VALUE_LENGTH) {
        issue(ctx, name, 'max_length', `header ${name}: the value is longer than ${MAX_VALUE_LENGTH} characters`);
      } else if (!FIELD_VALUE.test(value)) {
        issue(ctx, name, 'header_value', `header ${name}: the value may hold tab, space and visible ASCII only: no CR, LF or other control characters, and nothing beyond ASCII (percent-encode it)`);
      }
      seen.add(lower);
    }
  })
  .describe(
    `Extra response headers, e.g. \`{"Retry-After": "30"}\`. A 429 gets \`Retry-After: 1\` unless you set one. Names are HTTP tokens; values tab, space and visible ASCII (no CR/LF, nothing beyond ASCII); at most ${MAX_FAULT_HEADERS}; ${FRAMING_HEADERS.join(', ')} are refused (the mock frames its answers itself).`,
  );
