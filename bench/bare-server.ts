// The ceiling for any Node HTTP server on this machine: node:http answering constant bodies, no routing library,
// no validation, no store. BARE_ROUTES maps "METHOD /path" to { status, body }.
import { createServer } from 'node:http';

const routes = new Map<string, { status: number; body: Buffer }>(
  Object.entries(JSON.parse(process.env.BARE_ROUTES ?? '{}') as Record<string, { status: number; body: string }>).map(([k, v]) => [
    k,
    { status: v.status, body: Buffer.from(v.body) },
  ]),
);

const server = createServer((req, res) => {
  // Read the request body, as any real server must, before answering.
  req.resume();
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.get(`${req.method} ${path}`);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': 2 }).end('{}');
      return;
    }
    res.writeHead(route.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': route.body.length }).end(route.body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
