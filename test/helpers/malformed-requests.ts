// A seeded generator of malformed HTTP requests: broken JSON, wrong types, huge and deep bodies, odd encodings,
// prototype keys, wrong methods and content types, hostile query strings. A seed reproduces a run exactly.
import type { Random } from '../../src/core/random.js';

export interface FuzzRoute {
  method: string;
  /** OpenAPI form, e.g. `/_mock/widgets/{id}/integration`. */
  path: string;
  /** A valid body to break, when the route takes one. */
  body?: Record<string, unknown>;
}

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzContext {
  routes: readonly FuzzRoute[];
  /** The api_key the fuzzer writes with: a real key whose records may be damaged. */
  key: string;
  /** A second real key, used only on GET (a read can change nothing). */
  readKey: string;
  /** Values that exist in the store, so some requests get past the lookups. */
  emails: readonly string[];
  ids: readonly string[];
}

const KINDS = ['broken-json', 'wrong-type', 'huge', 'deep', 'encoding', 'proto', 'wrong-method', 'content-type', 'query'] as const;

const WRONG_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1e308, 3.5, '', ' ', 'x'.repeat(10_000), [], [null], {}, { a: 1 }, [[[]]], '\u0000', '\ud800', '😀'.repeat(50),
  '<script>alert(1)</script>', "' OR 1=1 --", '%00', '../../etc/passwd', 'NaN', '1e999', { __proto__: null, x: 1 },
];

const BROKEN_JSON: readonly ((valid: string) => string)[] = [
  (v) => v.slice(0, Math.max(1, Math.floor(v.length / 2))),
  (v) => `${v}}`,
  (v) => `${v},`,
  (v) => v.replace(/"/g, "'"),
  (v) => v.replace(/"(\w+)":/, '$1:'),
  (v) => v.replace(/:/, ''),
  () => '',
  () => ' ',
  () => 'null',
  () => '[]',
  () => '42',
  () => '"a string"',
  () => '{"a": NaN}',
  () => '{"a": Infinity}',
  () => '{"a": undefined}',
  () => '{"a": 1,,}',
  () => '{"a": 0x10}',
  () => '{"a": "unterminated}',
  () => '{"a": "\\x41"}',
  () => '{"a": "\\ud800"}',
  () => '/* comment */ {}',
  () => '{"a":1}{"b":2}',
  () => '\uFEFF{}',
];

const CONTENT_TYPES: readonly string[] = [
  'text/plain', 'text/html', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/json-patch+json', 'application/vnd.api+json', 'application/json; charset=iso-8859-1', 'application/json; charset=utf-16',
  'application/', '/json', 'application/json;;;', 'APPLICATION/JSON', 'application/json; boundary="', '*/*', 'image/png', ';', 'a'.repeat(500),
];

const ODD_METHODS: readonly string[] = ['PATCH', 'OPTIONS', 'HEAD', 'PUT', 'POST', 'DELETE', 'GET', 'PROPFIND', 'MKCOL', 'LOCK', 'PURGE', 'M-SEARCH'];

const EXTRA_PATHS: readonly string[] = [
  '/', '/api', '/api/v1', '/api/v1/', '/api/v1/user', '/api/v1/user.xml', '/api/v1/widget.xml', '/api/v2/user.json', '/API/V1/USER.JSON',
  '/api/v1/user.json/', '/api/v1//user.json', '/api/v1/%2e%2e/user.json', '/api/v1/user.json%00', '/_mock', '/_mock/', '/_mock/nope',
  '/documentation/json', '/%', '/%zz', `/${'a'.repeat(4000)}`,
];

/** Turns `{id}` segments into ids that exist, ids that do not, and junk (percent-encoded: raw bad bytes go through raw-http.ts). */
function fillPath(r: Random, path: string, ids: readonly string[]): string {
  return path.replace(/\{[^}]+\}/g, () =>
    r.pick([
      ...(ids.length ? [r.pick(ids), r.pick(ids)] : []),
      r.uuid(),
      '%2e%2e',
      '%00',
      '__proto__',
      'constructor',
      'x'.repeat(r.int(100, 3000)),
      encodeURIComponent('😀'),
      '%F0%9F',
      encodeURIComponent('1;DROP TABLE widgets'),
    ]),
  );
}

/** A key path of a JSON value, chosen at random, and a setter for it. */
function mutateField(r: Random, value: unknown, replacement: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || r.bool(0.3)) return replacement;
    const copy = [...value];
    const i = r.int(0, copy.length - 1);
    copy[i] = mutateField(r, copy[i], replacement);
    return copy;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || r.bool(0.15)) return replacement;
    const key = r.pick(keys);
    return { ...value, [key]: r.bool(0.6) ? replacement : mutateField(r, (value as Record<string, unknown>)[key], replacement) };
  }
  return replacement;
}

function deepBody(r: Random): string {
  const depth = r.int(1_000, 100_000);
  switch (r.int(0, 3)) {
    case 0:
      return '['.repeat(depth) + ']'.repeat(depth);
    case 1:
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    case 2:
      // Unbalanced: the parser must give up, not hang.
      return '{"name":'.repeat(depth);
    default:
      return `{"email":"x@example.com","proactiveSettings":${'{"a":'.repeat(Math.min(depth, 5_000))}1${'}'.repeat(Math.min(depth, 5_000))}}`;
  }
}

function protoBody(r: Random, valid: Record<string, unknown>): string {
  const base = JSON.stringify(valid).slice(1, -1);
  const poison = r.pick([
    '"__proto__":{"polluted":"yes"}',
    '"constructor":{"prototype":{"polluted":"yes"}}',
    '"__proto__":{"__proto__":{"polluted":"yes"}}',
    '"prototype":{"polluted":"yes"}',
    '"__proto__":null',
    '"hasOwnProperty":"polluted"',
    '"toString":"polluted"',
  ]);
  const where = r.int(0, 2);
  if (where === 0) return `{${poison}${base ? `,${base}` : ''}}`;
  if (where === 1) return `{${base ? `${base},` : ''}${poison}}`;
  return `{${base ? `${base},` : ''}"agents":[{${poison}}],"conversationSchedule":{${poison}}}`;
}

function encodedBody(r: Random, valid: Record<string, unknown>): { body: Buffer; headers: Record<string, string> } {
  const text = JSON.stringify(valid);
  switch (r.int(0, 8)) {
    case 0:
      return { body: Buffer.from(text, 'utf16le'), headers: { 'content-type': 'application/json; charset=utf-16le' } };
    case 1:
      return { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), headers: {} };
    case 2: {
      // Invalid UTF-8 in the middle of the document: a lone continuation byte after an invalid lead byte.
      const bytes = Buffer.from(text);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = 0xff;
      bytes[at + 1] = 0x80;
      return { body: bytes, headers: {} };
    }
    case 3:
      return { body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xf0, 0x9f]), Buffer.from('"}')]), headers: {} };
    case 4:
      return { body: Buffer.from(text, 'latin1'), headers: { 'content-type': 'application/json; charset=latin1' } };
    case 5:
      return { body: Buffer.from(text), headers: { 'content-encoding': r.pick(['gzip', 'deflate', 'br', 'x-unknown']) } };
    case 6:
      return { body: Buffer.from(text.replace(/":"/g, '":"\u0000')), headers: {} };
    case 7:
      return { body: Buffer.from(text), headers: { 'content-type': 'application/json; charset=utf-7' } };
    default:
      return { body: Buffer.from(text.replace(/[a-z]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)), headers: {} };
  }
}

function hostileQuery(r: Random, ctx: FuzzContext): string {
  const email = ctx.emails.length ? r.pick(ctx.emails) : 'x@example.com';
  return r.pick([
    '',
    '?',
    '?api_key=',
    '?api_key=nope',
    `?api_key=${ctx.key}&api_key=${ctx.key}`,
    `?api_key[]=${ctx.key}`,
    `?api_key[a]=${ctx.key}`,
    `?api_key=${ctx.key}&email=${encodeURIComponent(email)}&email=other@example.com`,
    `?api_key=${ctx.key}&__proto__[polluted]=yes`,
    `?api_key=${ctx.key}&constructor[prototype][polluted]=yes`,
    `?api_key=${ctx.key}&email=%E0%A4%A`,
    `?api_key=${ctx.key}&email=%`,
    `?api_key=${ctx.key}&email=${'a'.repeat(r.int(100, 6000))}@example.com`,
    `?api_key=${ctx.key}&uuid=${'%00'.repeat(10)}`,
    `?api_key=${ctx.key}&limit=-1&since=NaN&state=%27`,
    `?api_key=${ctx.key}&${'x=1&'.repeat(r.int(10, 2000))}`,
    `?api_key=${encodeURIComponent(ctx.key)}%00`,
    `?api_key=${ctx.key}#fragment`,
  ]);
}

/** One malformed request; `index` spreads the kinds evenly so every kind hits every route. */
export function malformedRequest(r: Random, ctx: FuzzContext, index: number): FuzzRequest {
  const kind = KINDS[index % KINDS.length]!;
  const route = r.pick(ctx.routes);
  const valid = route.body ?? { email: ctx.emails[0] ?? 'x@example.com', name: 'n' };
  const query = (key: string) => {
    const params = new URLSearchParams({ api_key: key });
    if (r.bool(0.7) && ctx.emails.length) params.set('email', r.pick(ctx.emails));
    if (r.bool(0.5) && ctx.ids.length) params.set('uuid', r.pick(ctx.ids));
    return `?${params.toString()}`;
  };
  const path = fillPath(r, route.path, ctx.ids);
  const writeQuery = query(ctx.key);
  const json = { 'content-type': 'application/json' };
  const method = route.method;

  switch (kind) {
    case 'broken-json':
      return { kind, method, path: path + writeQuery, headers: json, body: r.pick(BROKEN_JSON)(JSON.stringify(valid)) };
    case 'wrong-type':
      return { kind, method, path: path + writeQuery, headers: json, body: JSON.stringify(mutateField(r, valid, r.pick(WRONG_VALUES))) };
    case 'huge': {
      // Mostly just over the 1 MB limit; some just under it (parsed, then refused by the schema).
      const size = r.bool(0.5) ? r.int(1024 * 1024 + 1, 1300 * 1024) : r.int(100_000, 1000_000);
      const field = r.pick(Object.keys(valid).length ? Object.keys(valid) : ['name']);
      return { kind, method, path: path + writeQuery, headers: json, body: JSON.stringify({ ...valid, [field]: 'x'.repeat(size) }) };
    }
    case 'deep':
      return { kind, method, path: path + writeQuery, headers: json, body: deepBody(r) };
    case 'encoding': {
      const { body, headers } = encodedBody(r, valid);
      return { kind, method, path: path + writeQuery, headers: { ...json, ...headers }, body };
    }
    case 'proto':
      return { kind, method, path: path + writeQuery, headers: json, body: protoBody(r, valid) };
    case 'wrong-method': {
      const odd = r.pick(ODD_METHODS.filter((m) => m !== method));
      const target = r.bool(0.7) ? path : r.pick(EXTRA_PATHS);
      const withBody = odd !== 'GET' && odd !== 'HEAD' && r.bool(0.5);
      // Reads may use the second key; a write with the wrong method must not reach anything either way.
      return { kind, method: odd, path: target + query(odd === 'GET' ? ctx.readKey : ctx.key), headers: withBody ? json : {}, ...(withBody ? { body: JSON.stringify(valid) } : {}) };
    }
    case 'content-type': {
      const type = r.pick(CONTENT_TYPES);
      const body = r.bool(0.5) ? JSON.stringify(valid) : new URLSearchParams({ email: 'a@example.com', name: 'x' }).toString();
      return { kind, method, path: path + writeQuery, headers: { 'content-type': type }, body };
    }
    default: {
      const withBody = method !== 'GET' && method !== 'DELETE';
      return {
        kind,
        method,
        path: path + hostileQuery(r, ctx),
        headers: withBody ? json : {},
        ...(withBody ? { body: JSON.stringify(mutateField(r, valid, r.pick(WRONG_VALUES))) } : {}),
      };
    }
  }
}
