// The Logs API under /api/v2: GET /{orgId}/logs, opened by the organization's API token in the Authorization header.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiToken } from '../accounts/api-token.js';
import { errorEnvelopeSchema } from '../core/errors.js';
import { firstQueryValues } from '../http/first-query-value.js';
import { encodeCursor } from './cursor.js';
import { logsCaseSchema } from './logs-case.js';
import { DEFAULT_TIME_ZONE, LOGS_PAGE_SIZE } from './logs-service.js';
import { nextLink } from './next-link.js';

export const LOGS_TAG = 'logs';

const params = z.strictObject({ orgId: z.string().describe('The organization id (My Account; GET /_mock/users/{email}/api-credentials).') });

const query = z.strictObject({
  start: z.string().max(64).describe('First day (`YYYY-MM-DD`) or instant (ISO-8601 date-time) included. Required.'),
  end: z.string().max(64).describe('Last day included (a date covers its whole day), or last instant included. May lie in the future. Required.'),
  timezone: z.string().max(64).optional().describe(`IANA zone in which start and end are read (a value with an offset keeps it). Default \`${DEFAULT_TIME_ZONE}\`.`),
  widgetId: z.string().max(4096).optional().describe("One widget id, or a comma-separated list; default every widget of the organization."),
  next: z.string().max(64).optional().describe('Opaque cursor; it comes inside linkToNextSetOfResults.'),
});

const logsPage = z
  .object({
    cases: z.array(logsCaseSchema).describe(`At most ${LOGS_PAGE_SIZE} cases, oldest first.`),
    linkToNextSetOfResults: z
      .string()
      .describe('Absolute URL of the next page (GET it as is, with the same Authorization header); "" on the last page.'),
  })
  .meta({ id: 'LogsPage' });

export const logsApi: FastifyPluginAsyncZod = async (app) => {
  const { logs } = app.ctx;

  app.get(
    '/:orgId/logs',
    {
      schema: {
        tags: [LOGS_TAG],
        operationId: 'getLogs',
        summary: "Get all logs: an organization's cases (support requests) created between start and end",
        description:
          'As SnapEngage\'s Logs API: the header `Authorization: <API token>` (raw, no scheme). A query key sent twice keeps its first value, so a client may re-send start/end on top of the next link. Cases are every support request of the organization\'s widgets, delivered or not, in the Logs API\'s representation (see docs/fidelity-logs.md). Auth comes first: 401 without a valid token, then 404 for an unknown orgId, 403 for another organization\'s.',
        security: [{ apiToken: [] }],
        params,
        querystring: query,
        response: {
          200: logsPage.describe('One page of cases, with the link to the next page when there is one.'),
          400: errorEnvelopeSchema.describe('A bad parameter: `details` names it (start, end, timezone, widgetId, next, or an unknown one).'),
          401: errorEnvelopeSchema.describe('No Authorization header (`missing_api_token`), or no account has that token (`invalid_api_token`).'),
          403: errorEnvelopeSchema.describe('The token belongs to another organization (`other_org`).'),
          404: errorEnvelopeSchema.describe('No organization has this orgId (`org_not_found`), or widgetId names a widget it does not own (`widget_not_found`).'),
        },
      },
      onRequest: async (request) => {
        requireApiToken(request, (request.params as { orgId: string }).orgId);
      },
      preValidation: firstQueryValues,
    },
    async (request) => {
      const { orgId } = request.params;
      const page = logs.page(request.account!, request.query);
      return {
        cases: page.cases,
        linkToNextSetOfResults: page.next ? nextLink(request, orgId, request.query, encodeCursor(page.next)) : '',
      };
    },
  );
};
