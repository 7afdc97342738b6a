// GET /_mock/requests: what a partner's clients sent to the SnapEngage routes, for tests to assert on.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiKey } from '../http/api-key.js';
import { controlApiKey, controlErrors, controlTags } from '../http/control-schemas.js';
import type { JournalFilter } from './journal.js';
import { journalListSchema } from './schemas.js';

const since = z
  .string()
  .refine((s) => /^\d+$/.test(s) || !Number.isNaN(Date.parse(s)), 'since must be epoch milliseconds or an ISO 8601 time')
  .describe("Entries that arrived at or after this time (the mock's clock): epoch milliseconds or ISO 8601.");

const journalQuery = z.strictObject({
  api_key: controlApiKey,
  method: z.string().optional().describe('e.g. PUT; case-insensitive.'),
  path: z.string().optional().describe('Exact path such as /api/v1/user.json, or a prefix ending in `*`.'),
  status: z.coerce.number().int().min(0).max(599).optional().describe('The response status; 0 for a connection the mock dropped.'),
  since: since.optional(),
  after: z.coerce.number().int().min(0).optional().describe('Entries whose id is greater than this.'),
  limit: z.coerce.number().int().min(1).max(100_000).optional().describe('Only the most recent N matches.'),
});

export const journalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { journal } = app.ctx;
  app.get(
    '/requests',
    {
      schema: {
        tags: controlTags,
        operationId: 'listRequests',
        summary: 'List the requests sent to the SnapEngage routes with this api_key',
        description:
          'Oldest first. Each api_key keeps its latest JOURNAL_LIMIT entries (default 1000). Requests without an accepted api_key are not recorded; a Logs API call (/api/v2) is listed under the key that owns the organization its API token opened (none without a valid token). Cleared by reset.',
        querystring: journalQuery,
        response: { 200: journalListSchema.describe('The journaled requests, oldest first.'), ...controlErrors },
      },
      onRequest: requireApiKey,
    },
    async (request) => {
      const { api_key: _apiKey, since: sinceRaw, ...rest } = request.query;
      const filter: JournalFilter = { ...rest };
      if (sinceRaw !== undefined) filter.since = /^\d+$/.test(sinceRaw) ? Number(sinceRaw) : Date.parse(sinceRaw);
      return { requests: journal.list(request.partner, filter) };
    },
  );
};
