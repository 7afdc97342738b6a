// The framework's floor: a plain Fastify app answering the same constant bodies as bare-server.ts, with Fastify's
// default request logging at info (to /dev/null). What separates it from the mock is the mock's own work.
import { fastifyFloor } from './lib/fastify-floor.js';

const app = fastifyFloor(JSON.parse(process.env.BARE_ROUTES ?? '{}') as Record<string, { status: number; body: string }>, true);
app.get('/', async () => ({}));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
