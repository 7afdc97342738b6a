// Secrets out of anything the mock writes down: api keys in URLs, passwords and tokens in bodies, auth headers.

export const REDACTED = '[redacted]';

/** Query parameters and body fields whose values are secrets, lower-cased. */
const SECRET_NAMES = new Set(['api_key', 'apikey', 'password', 'authtoken', 'token', 'secret', 'authorization', 'authentication', 'apitoken']);

export const isSecretName = (name: string): boolean => SECRET_NAMES.has(name.toLowerCase());

/** A JSON key that is a secret's name, as JSON text writes it. */
const SECRET_KEY_IN_JSON = new RegExp(`"(?:${[...SECRET_NAMES].join('|')})"\\s*:`, 'i');

/**
 * False only when JSON text certainly holds no secret-named key, so it can be kept as it is without a redacted copy. A
 * `\u` escape could spell a name (`"pass\u0077ord"`): text holding one is treated as holding a secret.
 */
export const mayHoldSecret = (json: string): boolean => json.includes('\\u') || SECRET_KEY_IN_JSON.test(json);

/** Headers that carry credentials, lower-cased: SnapEngage's auth headers, the mock's admin token, cookies. */
const SECRET_HEADERS = new Set(['authorization', 'authentication', 'proxy-authorization', 'x-api-key', 'x-mock-admin-token', 'cookie', 'set-cookie']);

export const isSecretHeader = (name: string): boolean => SECRET_HEADERS.has(name.toLowerCase()) || isSecretName(name);

/** `/api/v1/user.json?api_key=abc&email=x` -> `/api/v1/user.json?api_key=[redacted]&email=x`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  // Every request's log line passes here: walk the pairs in place and copy only around the secrets found.
  let out = url.slice(0, q + 1);
  let copiedTo = q + 1;
  for (let start = q + 1; start <= url.length; ) {
    let end = url.indexOf('&', start);
    if (end === -1) end = url.length;
    const eq = url.indexOf('=', start);
    const name = url.slice(start, eq === -1 || eq > end ? end : eq);
    if (isSecretName(decodedName(name))) {
      out += `${url.slice(copiedTo, start)}${name}=${REDACTED}`;
      copiedTo = end;
    }
    start = end + 1;
  }
  return copiedTo === q + 1 ? url : out + url.slice(copiedTo);
}

function decodedName(name: string): string {
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // keep the raw name: a malformed escape is not a secret's name
  }
}

/** A deep copy of a JSON value with every secret-named field's value replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? REDACTED : redactValue(v, depth + 1);
    return out;
  }
  return value;
}
