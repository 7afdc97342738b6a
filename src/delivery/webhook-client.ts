// Outbound webhook POSTs over one shared undici Agent: explicit timeouts, redirects never followed, bodies always consumed.
import type { Agent, buildConnector as BuildConnector, Dispatcher } from 'undici';
import { loadLazily } from '../core/lazy-require.js';
import { AttemptAbort } from './attempt-abort.js';
import { targetOf } from './target-url.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookResponse {
  /** null when no response arrived (timeout, refused, reset). */
  statusCode: number | null;
  /** The start of the response body (first RESPONSE_BODY_START bytes, UTF-8), null when none arrived. */
  bodyStart: string | null;
  /** Why the attempt failed at the transport level, e.g. `timeout: no response within 10000 ms`. */
  error: string | null;
  /** The Location of a redirect, which is recorded and never followed. */
  location: string | null;
  durationMs: number;
  /** True when the body was longer than what was kept (`keepBytes`). */
  truncated?: boolean;
}

/** What one POST may ask beyond the client's defaults (a bot call: its own timeout, its whole answer). */
export interface PostOptions {
  /** The deadline of this exchange; default the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Bytes of the body to keep (default RESPONSE_BODY_START); more is drained up to the larger of this and MAX_BODY_READ. */
  keepBytes?: number;
}

const RESPONSE_BODY_START = 1024;
/** A receiver that streams more than this is cut off: the mock only records the start anyway. */
const MAX_BODY_READ = 64 * 1024;

export interface WebhookClientOptions {
  timeoutMs: number;
  /** Injected in tests; defaults to a keep-alive Agent of its own, closed by close(). */
  dispatcher?: Dispatcher;
  /**
   * Asked about each connection the own Agent opens, before anything is sent on it: a reason to refuse it (the peer is
   * the mock itself), or undefined. What an attempt connects to is the last word, whatever its URL's name resolved to.
   */
  refusePeer?: (address: string | undefined, port: number | undefined) => string | undefined;
  /** What the URL is, in failure reasons: `the integration URL` (default), `the bot URL`. */
  target?: string;
}

/** The error a refused connection fails its request with. */
const SELF_DELIVERY = 'SNAPENGAGE_MOCK_SELF_DELIVERY';

/** Maps undici's and the socket's error codes to a short, stable reason a person can read. */
function describeTransportError(err: unknown, timeoutMs: number, target: string): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection_refused: nothing is listening at ${target}`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'connection_reset: the receiver closed the connection before answering';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timeout: could not connect within ${timeoutMs} ms`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timeout: no complete response within ${timeoutMs} ms`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dns_error: ${target}'s host does not resolve`;
    case SELF_DELIVERY:
      return `self_delivery: ${e.message}; not sent`;
    default:
      if (e.name === 'AbortError' || e.name === 'TimeoutError' || code === 'UND_ERR_ABORTED') {
        return `timeout: no complete response within ${timeoutMs} ms`;
      }
      return `network_error: ${code ?? e.name ?? 'Error'}: ${e.message ?? e.cause?.message ?? String(err)}`;
  }
}

export class WebhookClient {
  readonly #timeoutMs: number;
  /** Created on the first POST: loading undici costs ~30 ms of start-up. */
  #dispatcher: Dispatcher | undefined;
  readonly #owned: boolean;
  readonly #refusePeer: WebhookClientOptions['refusePeer'];
  readonly #target: string;

  constructor(options: WebhookClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#owned = !options.dispatcher;
    this.#dispatcher = options.dispatcher;
    this.#refusePeer = options.refusePeer;
    this.#target = options.target ?? 'the integration URL';
  }

  #agent(): Dispatcher {
    if (this.#dispatcher) return this.#dispatcher;
    const undici = loadLazily<{ Agent: typeof Agent; buildConnector: typeof BuildConnector }>('undici');
    const connector = undici.buildConnector({ timeout: Math.min(this.#timeoutMs, 10_000) });
    const refuse = this.#refusePeer;
    const connect: BuildConnector.connector = refuse
      ? (options, callback) =>
          connector(options, (err, socket) => {
            if (err) return callback(err, null);
            const reason = refuse(socket!.remoteAddress, socket!.remotePort);
            if (reason === undefined) return callback(null, socket!);
            socket!.destroy();
            callback(Object.assign(new Error(reason), { code: SELF_DELIVERY }), null);
          })
      : connector;
    this.#dispatcher = new undici.Agent({
      connect,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      keepAliveTimeout: 4_000,
      connections: 32,
    });
    return this.#dispatcher;
  }

  /** Never throws: every failure comes back as a WebhookResponse with `error` set. `abort` ends it early (shutdown). */
  async post(req: WebhookRequest, abort?: AttemptAbort, options: PostOptions = {}): Promise<WebhookResponse> {
    const started = performance.now();
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    // One deadline for the whole exchange, so a receiver that drips its body cannot hold an attempt forever: a plain
    // timer on an abort of the exchange's own, which shutdown's abort also ends.
    const exchange = new AttemptAbort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.abort();
    }, timeoutMs);
    const onAbort = (): void => exchange.abort();
    if (abort?.aborted) exchange.abort();
    else abort?.once('abort', onAbort);
    let statusCode: number | null = null;
    let location: string | null = null;
    try {
      const target = targetOf(req.url);
      // Not a URL (settings validate it, so only a bug gets here): recorded as a failure to send, as `new URL` words it.
      if (!target) throw Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' });
      const { origin, path } = target;
      const perRequest = options.timeoutMs === undefined ? {} : { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
      const res = await this.#agent().request({ origin, path, method: 'POST', headers: req.headers, body: req.body, signal: exchange, ...perRequest });
      statusCode = res.statusCode;
      const loc = res.headers.location;
      location = typeof loc === 'string' ? loc : null;
      const keep = options.keepBytes ?? RESPONSE_BODY_START;
      const { text: bodyStart, truncated } = await readStart(res.body, keep, Math.max(MAX_BODY_READ, keep + 1));
      return { statusCode, bodyStart, error: null, location, durationMs: elapsed(started), ...(options.keepBytes === undefined ? {} : { truncated }) };
    } catch (err) {
      const aborted = abort?.aborted && !timedOut;
      const error = aborted ? 'aborted: the mock shut down during the attempt' : describeTransportError(err, timeoutMs, this.#target);
      return { statusCode, bodyStart: null, error, location, durationMs: elapsed(started) };
    } finally {
      clearTimeout(timer);
      abort?.removeListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#dispatcher?.destroy();
  }
}

/** Whole milliseconds of wall time since `started` (a performance.now() reading): how long an exchange took. */
export const elapsed = (started: number): number => Math.round(performance.now() - started);

/**
 * Keeps the first `keep` bytes and drains the rest, up to `maxRead`. Plain listeners rather than for-await: the async
 * iterator cost more than the rest of reading a short answer.
 */
function readStart(body: Dispatcher.ResponseData['body'], keep: number, maxRead: number): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let read = 0;
    let settled = false;
    // The listeners stay on: a stream that errors later (a reset after the end, a destroy) must still have an
    // 'error' listener, or the error is thrown out of the process.
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      // A multi-byte character cut at the limit decodes to U+FFFD; that is fine for a diagnostic excerpt.
      if (err === undefined) resolve({ text: kept.length === 1 ? kept[0]!.toString('utf8') : Buffer.concat(kept).toString('utf8'), truncated: read > keptBytes });
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      if (keptBytes < keep) {
        const part = chunk.subarray(0, keep - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      read += chunk.length;
      if (read > maxRead) {
        // Destroying the stream frees the connection instead of reading megabytes.
        finish();
        body.destroy();
      }
    };
    const onEnd = (): void => finish();
    // Closed before its end without an error of its own: what for-await reports as a premature close. Every body
    // closes after its end too; the error (and its stack trace, the costly part) is built only when it is news.
    const onClose = (): void => {
      if (!settled) finish(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    body.on('data', onData).on('end', onEnd).on('error', finish).on('close', onClose);
  });
}
