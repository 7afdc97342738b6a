// The bare node:http ceiling as a request handler: constant bodies by "METHOD /path" (the query ignored), no routing
// library, no validation, no store. bench/bare-server.ts runs it in a process of its own; the cycle scenario in-process.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type BareRoutes = Record<string, { status: number; body: string }>;

export function bareHandler(routes: BareRoutes): RequestListener {
  const table = new Map(Object.entries(routes).map(([k, v]) => [k, { status: v.status, body: Buffer.from(v.body) }]));
  return (req: IncomingMessage, res: ServerResponse) => {
    // Read the request body, as any real server must, before answering.
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const route = table.get(`${req.method} ${path}`);
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': 2 }).end('{}');
        return;
      }
      res.writeHead(route.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': route.body.length }).end(route.body);
    });
  };
}
