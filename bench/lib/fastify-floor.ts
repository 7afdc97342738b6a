// Plain Fastify answering constant bodies by "METHOD /path": the framework's floor, beside bare.ts's node:http one.
// bench/fastify-server.ts runs it in a process of its own; the cycle scenario in-process.
import Fastify, { type FastifyInstance } from 'fastify';
import type { BareRoutes } from './bare.js';

/** `logging`: Fastify's default request logging at info (stdout, which the bench discards), else none (as startMock()). */
export function fastifyFloor(routes: BareRoutes, logging: boolean): FastifyInstance {
  const app = Fastify({ logger: logging ? { level: 'info' } : false });
  for (const [key, { status, body }] of Object.entries(routes)) {
    const [method, url] = key.split(' ') as [string, string];
    app.route({ method: method as 'GET', url, handler: async (_req, reply) => reply.code(status).type('application/json; charset=utf-8').send(body) });
  }
  return app;
}
