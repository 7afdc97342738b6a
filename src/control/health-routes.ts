// GET /_mock/health: 200 once the store is open, migrated and taking writes; what a container HEALTHCHECK and a CI wait-loop poll.
import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorEnvelopeSchema } from '../core/errors.js';
import { isoOf } from '../core/clock.js';
import { VERSION } from '../core/version.js';
import { controlTags } from '../http/control-schemas.js';

const healthResponse = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('`degraded` (with HTTP 503) while the store refuses writes.'),
    store: z.enum(['ok', 'degraded']),
    storeError: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .describe('Why the store is degraded: what the last failed write answered (`store_full`, `store_read_only`, `store_unavailable`).'),
    version: z.string(),
    uptimeMs: z.number().int().describe('Wall-clock time since the app was built.'),
    clock: z.object({
      mode: z.enum(['real', 'virtual']),
      now: z.number().int(),
      iso: z.string(),
    }),
    schemaVersion: z.number().int(),
    ports: z
      .object({
        http: z.number().int().min(1).max(65535).nullable(),
        https: z.number().int().min(1).max(65535).nullable().describe('`null` with `HTTPS_PORT=off`.'),
      })
      .describe('The ports the listeners are bound to: the free ones picked when `PORT` (and so `HTTPS_PORT`) is 0. `null` for one that is not listening.'),
  })
  .meta({ id: 'Health' });

/** The port `server` listens on, or null (not listening: app.inject, or HTTPS_PORT=off). */
const portOf = (server: { address(): AddressInfo | string | null } | undefined): number | null => {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : null;
};

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock, store } = app.ctx;
  const started = performance.now();

  app.get(
    '/health',
    {
      schema: {
        tags: controlTags,
        operationId: 'getHealth',
        summary: 'Health check',
        description:
          'No api_key needed. 503 while the store is closed (e.g. during shutdown), and 503 with `status: degraded` from a write the store refused (disk full, read-only, I/O error) until a write succeeds again.',
        security: [],
        response: {
          200: healthResponse.describe('The store is open, migrated and writable.'),
          503: z
            .union([healthResponse, errorEnvelopeSchema])
            .describe('The store is degraded (the health body), or not open or not migrated (the error envelope).'),
        },
      },
    },
    async (_request, reply) => {
      const { version: schemaVersion, latest } = store.schema();
      if (schemaVersion !== latest) {
        throw new AppError(503, 'not_ready', `the store is not ready (schema version ${schemaVersion} of ${latest})`);
      }
      const now = clock.now();
      const failure = store.degraded();
      if (failure) reply.code(503);
      return {
        status: failure ? ('degraded' as const) : ('ok' as const),
        store: failure ? ('degraded' as const) : ('ok' as const),
        ...(failure && { storeError: failure }),
        version: VERSION,
        uptimeMs: Math.round(performance.now() - started),
        clock: { mode: clock.mode, now, iso: isoOf(now) },
        schemaVersion,
        ports: { http: portOf(app.server), https: portOf(app.httpsServer) },
      };
    },
  );
};
