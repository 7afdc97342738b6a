// POST /_mock/reset: wipes the store, the journal and the fault rules (for everyone, or one api_key), fast enough for every test.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VirtualClock } from '../core/clock.js';
import { StoreWiper } from '../db/store-wiper.js';
import { keyOrAdmin, scopeOf } from '../http/api-key.js';
import { ALL } from '../core/event-hub.js';
import { adminErrors, controlApiKey, controlErrors, controlTags, keyOrAdminSecurity } from '../http/control-schemas.js';

const resetQuery = z.strictObject({
  api_key: controlApiKey
    .optional()
    .describe("Reset only this key's data, journal and fault rules; without it, everything (with MOCK_ADMIN_TOKEN set, that takes the admin token)."),
  fixtures: z
    .stringbool()
    .default(false)
    .describe('`true`: load the boot-time FIXTURES again after wiping (for this key only, with api_key).'),
});

const resetResponse = z.object({
  scope: z.enum(['all', 'api_key']),
  deleted: z.record(z.string(), z.number().int()).describe('Rows deleted per table.'),
  journal: z.number().int().describe('Journal entries dropped.'),
  faults: z.number().int().describe('Fault rules removed.'),
  fixtures: z.boolean().describe('Whether fixtures were restored.'),
  tookMs: z.number(),
});

export const resetRoutes: FastifyPluginAsyncZod = async (app) => {
  const wiper = new StoreWiper(app.ctx.db);

  app.post(
    '/reset',
    {
      schema: {
        tags: controlTags,
        operationId: 'reset',
        summary: 'Wipe the store, the journal and the fault rules',
        description:
          'Without api_key, everything (unscoped fault rules included); with api_key, only that key\'s records, journal and the fault rules scoped to it, so parallel test jobs can share one server. On the virtual clock, a key\'s own clock is dropped: the key follows the shared clock again (without api_key, every key does); the shared clock is never moved back.',
        security: keyOrAdminSecurity,
        querystring: resetQuery,
        response: { 200: resetResponse.describe('Wiped: what was removed.'), ...controlErrors, ...adminErrors },
      },
      onRequest: keyOrAdmin('resetting every key (no api_key)'),
    },
    async (request) => {
      const started = performance.now();
      const { fixtures } = request.query;
      const partner = scopeOf(request);
      const deleted = wiper.wipe(partner);
      if (app.ctx.clock instanceof VirtualClock) app.ctx.clock.forget(partner);
      if (fixtures) app.fixtures.restore(partner);
      app.ctx.events.publish(partner ?? ALL, { type: 'reset' });
      return {
        scope: partner === undefined ? ('all' as const) : ('api_key' as const),
        deleted,
        journal: app.journal.clear(partner),
        faults: app.faults.clear(partner),
        fixtures: fixtures && app.fixtures.loaded,
        tookMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
    },
  );
};
