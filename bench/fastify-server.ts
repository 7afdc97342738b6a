// The framework's floor: a plain Fastify app answering the same constant bodies as bare-server.ts, with Fastify's
// default request logging at info (to /dev/null). What separates it from the mock is the mock's own work.
import Fastify from 'fastify';

const routes = Object.entries(JSON.parse(process.env.BARE_ROUTES ?? '{}') as Record<string, { status: number; body: string }>);
const app = Fastify({ logger: { level: 'info' } });
for (const [key, { status, body }] of routes) {
  const [method, url] = key.split(' ') as [string, string];
  app.route({ method: method as 'GET', url, handler: async (_req, reply) => reply.code(status).type('application/json; charset=utf-8').send(body) });
}
app.get('/', async () => ({}));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
