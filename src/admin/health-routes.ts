// GET /_mock/health: 200 once the store is open and migrated; what a container HEALTHCHECK and a CI wait-loop poll.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorEnvelopeSchema } from '../errors.js';
import { isoOf } from '../clock.js';
import { migrations } from '../db/migrations.js';
import { VERSION } from '../version.js';
import { controlTags } from './control-schemas.js';

const healthResponse = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    uptimeMs: z.number().int().describe('Wall-clock time since the app was built.'),
    clock: z.object({
      mode: z.enum(['real', 'virtual']),
      now: z.number().int(),
      iso: z.string(),
    }),
    schemaVersion: z.number().int(),
  })
  .meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.ctx;
  const started = performance.now();

  app.get(
    '/health',
    {
      schema: {
        tags: controlTags,
        summary: 'Health check',
        description: 'No api_key needed. 503 while the store is closed (e.g. during shutdown).',
        security: [],
        response: { 200: healthResponse, 503: errorEnvelopeSchema.describe('The store is not open or not migrated.') },
      },
    },
    async () => {
      const schemaVersion = db.open ? (db.pragma('user_version', { simple: true }) as number) : 0;
      if (schemaVersion !== migrations.length) {
        throw new AppError(503, 'not_ready', `the store is not ready (schema version ${schemaVersion} of ${migrations.length})`);
      }
      const now = clock.now();
      return {
        status: 'ok' as const,
        version: VERSION,
        uptimeMs: Math.round(performance.now() - started),
        clock: { mode: clock.mode, now, iso: isoOf(now) },
        schemaVersion,
      };
    },
  );
};
