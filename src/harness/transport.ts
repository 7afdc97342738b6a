// How the harness's helpers reach a mock over HTTP: one fetch per call, a non-2xx answer thrown as MockClientError
// carrying the mock's error envelope (or null for the Visitor Chat API's empty 404), and query strings built once.
import { ADMIN_TOKEN_HEADER } from '../http/admin-token.js';

/** An HTTP error from a helper's call, carrying the mock's error envelope (`null` when the answer had no body). */
export class MockClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const message =
      body === null ? '(no body)' : typeof body === 'string' ? body.slice(0, 500) : ((body as { error?: { message?: string } }).error?.message ?? JSON.stringify(body));
    super(`${what} answered ${status}: ${message}`);
    this.name = 'MockClientError';
  }
}

/**
 * An error answer's body for MockClientError: the mock's envelope, null when empty, or the text itself when it is not
 * JSON (a proxy's HTML page in front of a mock elsewhere), so the status is never hidden behind a SyntaxError.
 */
export function errorBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=2` from the defined entries, or '' when none is. */
export function query(params: Record<string, QueryValue>): string {
  const pairs = Object.entries(params).filter((p): p is [string, string | number | boolean] => p[1] !== undefined);
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

export interface Transport {
  /** The mock's base URL, without a trailing slash. */
  readonly url: string;
  /** The admin token's header when the client has one: every call sends it (the mock reads it only where it guards). */
  readonly auth: Readonly<Record<string, string>>;
  /** One call; `body` goes as JSON; `headers` are added (and win). Throws MockClientError on a status of 300 or more. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ res: Response; text: string }>;
  /** The same, answering the parsed JSON (null for an empty body). */
  call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

export function createTransport(baseUrl: string, adminToken: string | undefined): Transport {
  const url = baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = adminToken === undefined ? {} : { [ADMIN_TOKEN_HEADER]: adminToken };
  const send: Transport['send'] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new MockClientError(res.status, errorBody(text), `${method} ${path.split('?', 1)[0]}`);
    return { res, text };
  };
  return {
    url,
    auth,
    send,
    call: async <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => {
      const { text } = await send(method, path, body, headers);
      return (text === '' ? null : JSON.parse(text)) as T;
    },
  };
}
