// The ceiling for any Node HTTP server on this machine: node:http answering constant bodies, no routing library,
// no validation, no store. BARE_ROUTES maps "METHOD /path" to { status, body }.
import { createServer } from 'node:http';
import { bareHandler, type BareRoutes } from './lib/bare.js';

const server = createServer(bareHandler(JSON.parse(process.env.BARE_ROUTES ?? '{}') as BareRoutes));
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
