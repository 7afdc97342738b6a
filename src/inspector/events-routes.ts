// GET /_mock/events?api_key=K: Server-Sent Events telling the inspector what changed for K, so its views update live.
// Keyed by api_key: the registry (control/index.ts) adds the check.
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { EventFrame } from './schemas.js';

const eventsQuery = z.strictObject({ api_key: z.string() });

/** A client that stops reading is dropped once this much waits unsent, rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const frame = (event: EventFrame) => `data: ${JSON.stringify(event)}\n\n`;

export const eventsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, events, clock } = app.ctx;
  /** Every open stream, so shutdown can end them: an open stream would otherwise hold server.close() for ever. */
  const open = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/events',
    { schema: { hide: true, querystring: eventsQuery } },
    async (request, reply) => {
      const max = config.EVENTS_MAX_CONNECTIONS;
      if (open.size >= max) {
        throw new AppError(
          503,
          'too_many_event_streams',
          `${open.size} event streams are open, the most EVENTS_MAX_CONNECTIONS (${max}) allows; close a page or raise EVENTS_MAX_CONNECTIONS`,
        );
      }
      const res = reply.raw;
      reply.hijack();
      // A stream is idle between events by design: REQUEST_TIMEOUT_MS must not cut it (the heartbeat keeps proxies awake).
      request.raw.socket.setTimeout(0);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Ended at shutdown: the socket goes with the response instead of idling in keep-alive.
        connection: 'close',
        'x-request-id': request.id,
        'x-content-type-options': 'nosniff',
      });
      open.add(res);
      const send = (text: string) => {
        if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
        else res.write(text);
      };
      const unsubscribe = events.subscribe(request.partner, (event) => send(frame(event)));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), config.EVENTS_HEARTBEAT_MS);
      heartbeat.unref();
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
      // `retry`: how long EventSource waits before reconnecting; `ready` tells the page (and tests) it is subscribed.
      res.write(`retry: 2000\n${frame({ type: 'ready', now: clock.now() })}`);
    },
  );
};
