// Request logging: one line per completed request (its method, redacted URL, status, time and, for a 4xx or 5xx, the
// error code), at info, warn for a 4xx and error for a 5xx; the "incoming request" line moves to debug. Half Fastify's
// default logging cost on the hot path.
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

/** The request id's key in every line, as Fastify's own child loggers bind it. */
const REQUEST_ID_LABEL = 'reqId';
/** What the request line says; process/log-format.ts knows a request line by it. */
export const REQUEST_COMPLETED = 'request completed';

declare module 'fastify' {
  interface FastifyReply {
    /** The error envelope's code when the answer is an error (set by errors-plugin.ts), for the request's log line. */
    errorCode: string | undefined;
  }
}

/** The `res` of a log line: its status, and the error code when it answered one (pino serializer). */
export function serializeReply(reply: { statusCode: number; errorCode?: string | undefined }): { statusCode: number; code?: string } {
  return reply.errorCode === undefined ? { statusCode: reply.statusCode } : { statusCode: reply.statusCode, code: reply.errorCode };
}

export class RequestLogging extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  /**
   * Written by the server's logger with the request id as the first field: the same bytes as the request's child
   * logger writes (its binding comes first too), without creating that child for every request (see requestLogger).
   * A 4xx is a warning and a 5xx an error, each with the code its answer carried: a 401 says why at a glance.
   */
  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    // Rounded: 0.9633060000001024 ms is noise to a person and to a log shipper alike.
    const context = { [REQUEST_ID_LABEL]: request.id, req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 100) / 100 };
    const log = request.server.log;
    if (error) log.error({ ...context, err: error }, 'request errored');
    else if (status >= 500) log.error(context, REQUEST_COMPLETED);
    else if (status >= 400) log.warn(context, REQUEST_COMPLETED);
    else log.info(context, REQUEST_COMPLETED);
  }
}

/**
 * Fastify's childLoggerFactory: `request.log` is created on its first line rather than for every request. Most
 * requests write none besides the completed line (written above by the server's logger), and a pino child cost ~1.5 us
 * and several objects per request. A call at a level the logger skips creates nothing.
 */
export function requestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  return new LazyChild(logger as unknown as Logger, bindings) as unknown as FastifyBaseLogger;
}

class LazyChild {
  #real: Logger | undefined;
  readonly #parent: Logger;
  readonly #bindings: Bindings;

  constructor(parent: Logger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  get #logger(): Logger {
    return (this.#real ??= this.#parent.child(this.#bindings));
  }

  #log(level: Level, args: unknown[]): void {
    if (this.#real === undefined && !this.#parent.isLevelEnabled(level)) return;
    (this.#logger[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.#logger.child(bindings, options);
  }
  isLevelEnabled(level: string): boolean {
    return (this.#real ?? this.#parent).isLevelEnabled(level);
  }
  bindings(): Bindings {
    return this.#logger.bindings();
  }
  get level(): string {
    return (this.#real ?? this.#parent).level;
  }
  set level(level: string) {
    this.#logger.level = level;
  }
}
