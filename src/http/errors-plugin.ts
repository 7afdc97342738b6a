// The one error handler and the one not-found handler: every 4xx/5xx leaves here in the error envelope.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { runtimeStorageError } from '../db/storage-errors.js';
import { AppError, envelope, type ErrorCode, type ErrorDetail } from '../core/errors.js';
import { validationDetails } from './validation-details.js';

/** Fastify's own client errors, by code: the status they deserve and the code the envelope names. */
const FASTIFY_CLIENT_ERRORS: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'the body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'the body is empty; send a JSON object'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'the body is larger than the 1 MB limit'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_content_length', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'bad_content_type', 'the Content-Type header is malformed'],
  FST_ERR_CTP_INVALID_CONTENT_TYPE: [400, 'bad_content_type', 'the Content-Type header is malformed'],
};

/** Errors Fastify's router raises before any hook runs; without `frameworkErrors` they bypass the envelope. */
const FRAMEWORK_ERRORS: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_BAD_URL: [400, 'bad_url', 'the URL is malformed: a percent sign must start a valid escape such as %20'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'a path segment is longer than any id the mock issues'],
};

/** Fastify's `frameworkErrors` option: router errors in the one envelope, with the request id header. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] = FRAMEWORK_ERRORS[error.code] ?? [500, 'internal_error', 'internal error in the mock'];
  if (status >= 500) request.log.error({ err: error }, 'unexpected framework error');
  reply.header('x-request-id', request.id);
  sendError(request, reply, status, code, message);
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details: ErrorDetail[] = [],
): FastifyReply {
  reply.errorCode = code;
  if (status === 404 && request.routeOptions.config?.emptyNotFound) return reply.code(404).send();
  return reply.code(status).type('application/json; charset=utf-8').send(envelope(status, code, message, details, request.id));
}

/** Routes by path pattern, so an unknown method on a known path is a 405 with `Allow`, not a 404. */
class MethodIndex {
  readonly #routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(url: string, methods: string[]): void {
    const entry = this.#routes.get(url) ?? {
      pattern: new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    methods.forEach((m) => entry.methods.add(m));
    this.#routes.set(url, entry);
  }

  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: ms } of this.#routes.values()) if (pattern.test(path)) ms.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.decorateReply('errorCode', undefined);
  const index = new MethodIndex();
  app.addHook('onRoute', (route) => {
    index.add(route.url, ([] as string[]).concat(route.method));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendError(request, reply, error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = validationDetails(error.validation, error.validationContext);
      return sendError(request, reply, 400, 'validation_failed', details.map((d) => d.message).join('; '), details);
    }
    const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    // A route with a limit of its own says which settings make it.
    const tooLarge = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? request.routeOptions.config?.bodyTooLarge : undefined;
    if (known) return sendError(request, reply, known[0], known[1], tooLarge ?? known[2]);
    // JSON.parse and the prototype-poisoning guard throw SyntaxErrors with a 400 status.
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON|prototype/i.test(error.message))) {
      return sendError(request, reply, 400, 'invalid_json', `the body is not valid JSON: ${error.message}`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      return sendError(request, reply, status, 'bad_request', error.message);
    }
    // A full, read-only or failing disk is the operator's to fix, not a bug: 507/503, and health says degraded.
    const storage = runtimeStorageError(error);
    if (storage) {
      request.log.error({ err: error, code: storage.code }, 'store failure');
      if (storage.code !== 'store_busy') request.server.ctx?.store.failed(storage);
      reply.headers(storage.headers);
      return sendError(request, reply, storage.statusCode, storage.code, storage.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, 500, 'internal_error', `internal error in the mock; the logs have the details under request id ${request.id}`);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = index.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendError(request, reply, 405, 'method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`);
    }
    return sendError(request, reply, 404, 'route_not_found', `no route ${request.method} ${path}`);
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The message of a 413 for a body over this route's own `bodyLimit` (the default names the 1 MB limit). */
    bodyTooLarge?: string;
  }
}
