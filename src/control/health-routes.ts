// GET /_mock/health: 200 once the store is open, migrated and taking writes; what a container HEALTHCHECK and a CI wait-loop poll.
import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_DEV_API_KEY } from '../core/dev-api-key.js';
import { AppError, errorEnvelopeSchema } from '../core/errors.js';
import { isoOf } from '../core/clock.js';
import { VERSION } from '../core/version.js';
import { controlTags } from '../http/control-schemas.js';
import { healthResponse } from './schemas.js';

/** The port `server` listens on, or null (not listening: app.inject, or HTTPS_PORT=off). */
const portOf = (server: { address(): AddressInfo | string | null } | undefined): number | null => {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : null;
};

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock, store, partners } = app.ctx;
  const devApiKey = partners.accepted(DEFAULT_DEV_API_KEY) !== undefined;
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
        devApiKey,
      };
    },
  );
};
