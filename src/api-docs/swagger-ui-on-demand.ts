// Swagger UI at /documentation, loaded when the page is first asked for: the cold start does not pay for it.
//
// @fastify/swagger-ui and what it needs (@fastify/static, @fastify/send with its MIME table, glob, yaml) cost a start
// more than any other plugin to load and register, and few runs ever open the page. Fastify adds no route once it
// listens, so the main app holds the page's routes from the start and hands each request to a small Fastify instance
// that registers @fastify/swagger-ui on the first request, over the main app's document, by `inject`.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import { loadLazily } from '../core/lazy-require.js';

/** The paths @fastify/swagger-ui serves under its prefix (without a theme or baseDir), so the main app routes them. */
const PAGE_PATHS = ['', '/', '/json', '/yaml', '/static/index.html', '/static/swagger-initializer.js', '/static/*'];
/** Set by the page's instance on answers the main app must shape itself (the one error envelope). */
const NOT_FOUND = 'x-docs-not-found';
const FAILED = 'x-docs-error';
/** Headers the main app's own reply sets, or that belong to the inner exchange only. */
const OWN_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date', NOT_FOUND, FAILED]);

async function buildPage(app: FastifyInstance, options: FastifySwaggerUiOptions): Promise<FastifyInstance> {
  const { default: fastifySwaggerUi } = loadLazily<typeof import('@fastify/swagger-ui')>('@fastify/swagger-ui');
  // Only ever reached through `inject` below, which sets the forwarded headers from the real request: so the served
  // document names the host and scheme the browser used (see serverUrlOf).
  const page = Fastify({ trustProxy: true, logger: false });
  // @fastify/swagger-ui reads the document from `swagger()`, which the main app's @fastify/swagger provides.
  await page.register(fp(async (instance) => void instance.decorate('swagger', ((opts?: { yaml?: boolean }) => app.swagger(opts as { yaml: true })) as never), { name: '@fastify/swagger' }));
  page.setNotFoundHandler((_request, reply) => reply.code(404).header(NOT_FOUND, '1').send());
  page.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) =>
    reply.code(error.statusCode ?? 500).header(FAILED, encodeURIComponent(error.message)).send(),
  );
  await page.register(fastifySwaggerUi, options);
  await page.ready();
  return page;
}

/**
 * Registers Swagger UI's routes under `routePrefix`; the page itself is built on the first request to one of them, with
 * the options `options` gives then (after the start: what the fixtures loaded is known by that time).
 */
export function registerSwaggerUiOnDemand(app: FastifyInstance, routePrefix: string, options: () => FastifySwaggerUiOptions): void {
  let page: Promise<FastifyInstance> | undefined;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    page ??= buildPage(app, { ...options(), routePrefix }).catch((err: unknown) => {
      page = undefined;
      throw err;
    });
    const res = await (await page).inject({
      method: 'GET',
      url: request.url,
      headers: { ...request.headers, 'x-forwarded-host': request.host, 'x-forwarded-proto': request.protocol },
    });
    if (res.headers[NOT_FOUND]) return reply.callNotFound();
    const failed = res.headers[FAILED];
    if (typeof failed === 'string') throw Object.assign(new Error(decodeURIComponent(failed)), { statusCode: res.statusCode });
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && !OWN_HEADERS.has(name)) reply.header(name, value);
    return reply.code(res.statusCode).send(res.rawPayload);
  };
  for (const path of PAGE_PATHS) app.get(`${routePrefix}${path}`, { schema: { hide: true } }, handler);
}
