// buildApp(config): the Fastify instance with every plugin registered in order. It never listens.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBodyParser, type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Clock } from './core/clock.js';
import type { Config } from './core/config.js';
import { createContext } from './context.js';
import { registerApiDocs } from './api-docs/swagger.js';
import { controlPlane } from './control/index.js';
import { faultsPlugin } from './control/faults-plugin.js';
import { fixturesPlugin } from './control/fixtures-plugin.js';
import { journalPlugin } from './control/journal-plugin.js';
import { AppError, clientError } from './core/errors.js';
import { frontDeskApi, frontDeskTimers } from './conversations/index.js';
import { dispatcherPlugin } from './delivery/dispatcher-plugin.js';
import { openDatabase, type Db } from './db/open.js';
import { browserGuard } from './http/browser-guard.js';
import { onFrameworkError, registerErrorHandling } from './http/errors-plugin.js';
import { redactUrl } from './http/redact.js';
import { RequestLogging, requestLogger, serializeReply } from './http/request-logging.js';
import { serializerCompiler } from './http/response-serializer.js';
import { validatorCompiler } from './http/request-validator.js';
import { filesApi } from './files/files-routes.js';
import { refuseIllFormedText } from './http/well-formed-text.js';
import { FORM_CONTENT_TYPE, parseFormBody } from './http/form-body.js';
import { logsApi } from './logs/index.js';
import { widgetJsApi } from './widget-js/index.js';
import { provisioningApi } from './provisioning/index.js';
import type { TlsMaterial } from './tls/material.js';

export interface AppDeps {
  /** Defaults to a clock of config.CLOCK's mode. */
  clock?: Clock;
  /**
   * @internal Defaults to opening config.DATABASE_PATH (startServer opens it first). Kept out of the published types
   * (tsconfig.build.json's stripInternal): the connection's type is better-sqlite3's, whose types the package does not ship.
   */
  db?: Db;
  /** Where logs go (tests capture them to prove secrets stay out); defaults to stdout. */
  logStream?: DestinationStream;
  /** The https listener's certificate (src/server.ts loads it); GET /_mock/tls/ca.pem serves its CA. */
  tls?: TlsMaterial;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Each app's store connection, kept out of `app.ctx`: routes reach the store through services only. */
const stores = new WeakMap<FastifyInstance, Db>();

/**
 * @internal The app's SQLite connection, for what stands outside the routes: the process closing it at a forced exit,
 * and tests that read (or break) the store directly. Routes and services get their repositories from createContext.
 */
export function storeOf(app: FastifyInstance): Db {
  const db = stores.get(app);
  if (db === undefined) throw new Error('storeOf: not an app made by buildApp');
  return db;
}
export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      serializers: {
        // What keeps headers (authorization, cookies, x-api-key) out of every line: a request is logged as these three
        // fields only. No pino path redaction beside it: it cloned each request line (~2.5 us) and matched nothing.
        req: (req) => ({ method: req.method, url: redactUrl(req.url), requestId: req.id }),
        res: serializeReply,
      },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    logController: new RequestLogging(),
    childLoggerFactory: requestLogger,
    bodyLimit: BODY_LIMIT,
    // A client's own x-request-id is kept when it is sane, so its logs and ours line up.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req_${randomUUID()}`;
    },
    // A socket idle this long is closed, and a request must arrive whole within it (a long advance lifts the first).
    connectionTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 5_000,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    frameworkErrors: onFrameworkError,
    // The error handler words a refused body or query from its details; the Error only carries them, untraced.
    schemaErrorFormatter: (_errors, dataVar) => clientError(`${dataVar} is invalid`),
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // First of all hooks: a refused browser request reaches no journal, fault rule or route.
  app.addHook('onRequest', browserGuard(config));
  // Before every route's own hooks and schemas: text UTF-8 cannot store is refused, not silently replaced.
  app.addHook('preValidation', refuseIllFormedText);
  // While shutting down, answers ask the client to hang up, so idle keep-alive sockets do not hold the close open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback style: every response runs it, and an async hook costs a promise and a microtask.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // Bodies are JSON only; a body with no Content-Type is read as JSON, as SnapEngage's Python samples send it.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  const parseJson: FastifyBodyParser<string> = (request, body, done) => {
    // Many clients send Content-Type: application/json on every request; on a route that takes no body (a DELETE, a
    // redeliver), an empty body is no body. Where a route takes one, empty stays `invalid_json` ("send a JSON object").
    // A route whose body may be left out (`config: { bodyOptional: true }`) reads an empty one as left out, too.
    if (body === '' && (!request.routeOptions.schema?.body || request.routeOptions.config.bodyOptional)) return done(null, undefined);
    return defaultJson(request, body, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'string' }, parseFormBody);
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (request.headers['content-type'] === undefined) return parseJson(request, body as string, done);
    done(new AppError(415, 'unsupported_media_type', `Content-Type ${request.headers['content-type']} is not supported; send application/json`), undefined);
  });

  const db = deps.db ?? openDatabase(config.DATABASE_PATH);
  stores.set(app, db);
  app.decorate('ctx', createContext(config, db, deps.clock, app.log));
  app.decorateRequest('partner', '');
  app.decorateRequest('account', null);
  app.addHook('onListen', async () => {
    app.ctx.self.setListeners(app.addresses().filter((a) => typeof a !== 'string'));
  });
  app.addHook('onClose', async () => {
    if (db.open) db.close();
  });

  await registerApiDocs(app, config);
  // A browser pointed at the bare URL lands on the inspector rather than a JSON 404.
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/_mock/ui', 302));

  // The journal and the faults hook into every /api/v1 and /api/v2 request, so they come before those routes.
  await app.register(journalPlugin);
  await app.register(faultsPlugin);
  await app.register(fixturesPlugin);

  await app.register(provisioningApi, { prefix: '/api/v1' });
  await app.register(logsApi, { prefix: '/api/v2' });
  await app.register(filesApi, { prefix: '/api/v2' });
  await app.register(frontDeskApi);
  await app.register(widgetJsApi);
  await app.register(controlPlane, { prefix: '/_mock', tls: deps.tls });
  await app.register(dispatcherPlugin);
  await app.register(frontDeskTimers);
  return app;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's body may be left out; an empty `application/json` body then counts as left out. */
    bodyOptional?: boolean;
  }
}
