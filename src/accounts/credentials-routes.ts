// /_mock/users/{email}/api-credentials: an account's orgId and API token (SnapEngage's "My Account"), for the partner that owns it.
// Keyed by api_key: the registry (control/index.ts) adds the check.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';
import { credentialsResponse } from './credentials.js';

export const ACCOUNTS_TAG = 'mock: accounts';

const params = z.strictObject({ email: z.string().min(1).max(254).describe('The user account, as created with PUT /api/v1/user.json.') });
const query = z.strictObject({ api_key: z.string().describe('The partner key that created the user; any other key gets 404.') });
const errors = {
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
  404: errorEnvelopeSchema.describe('No such user for this api_key (`user_not_found`), whether it does not exist or another key owns it.'),
};

export const credentialsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts } = app.ctx;
  const tags = [ACCOUNTS_TAG];

  app.get(
    '/users/:email/api-credentials',
    {
      schema: {
        tags,
        operationId: 'getApiCredentials',
        summary: "An account's orgId and API token, as SnapEngage's My Account shows them",
        description:
          'Every user account is an organization. The pair opens the Logs API (`GET /api/v2/{orgId}/logs` with `Authorization: <apiToken>`). Only the api_key that created the user sees it; the token appears in no other response, log line or journal entry.',
        params,
        querystring: query,
        response: { 200: credentialsResponse.describe('The orgId and API token.'), ...errors },
      },
    },
    async (request) => accounts.credentials(request.partner, request.params.email),
  );

  app.post(
    '/users/:email/api-credentials/rotate',
    {
      schema: {
        tags,
        operationId: 'rotateApiToken',
        summary: 'Issue a new API token (as My Account\'s "generate"); the old one stops working at once',
        params,
        querystring: query,
        response: { 200: credentialsResponse.describe('The orgId and the new API token.'), ...errors },
      },
    },
    async (request) => accounts.rotate(request.partner, request.params.email),
  );
};
