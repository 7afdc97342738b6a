// POST /_mock/reset: wipes the store, the journal and the fault rules (for everyone, or one api_key), fast enough for every test.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { keyOrAdmin, scopeOf } from '../http/api-key.js';
import { adminErrors, controlApiKey, controlErrors, controlTags, keyOrAdminSecurity } from '../http/control-schemas.js';
import { resetResponse } from './schemas.js';

const resetQuery = z.strictObject({
  api_key: controlApiKey
    .optional()
    .describe("Reset only this key's data, journal and fault rules; without it, everything (with MOCK_ADMIN_TOKEN set, that takes the admin token)."),
  fixtures: z
    .stringbool()
    .default(false)
    .describe('`true`: load the boot-time FIXTURES again after wiping (for this key only, with api_key).'),
});

export const resetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { reset } = app.ctx;

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
    async (request) => reset.reset(scopeOf(request), { fixtures: request.query.fixtures }),
  );
};
