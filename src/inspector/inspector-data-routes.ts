// The inspector's reads under /_mock, keyed by api_key (the registry, control/index.ts, adds the check): a partner's
// accounts, one support-request document, a delivery's retry ladder. Hidden from the OpenAPI document: the page's own calls.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountsQuery, accountsResponse, idParams, keyQuery, ladderResponse, supportRequestView } from './schemas.js';

export const inspectorDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const { inspector } = app.ctx;

  app.get('/accounts', { schema: { hide: true, querystring: accountsQuery, response: { 200: accountsResponse } } }, async (request) =>
    inspector.accounts(request.partner, request.query.limit),
  );

  app.get(
    '/support-requests/:id',
    { schema: { hide: true, params: idParams, querystring: keyQuery, response: { 200: supportRequestView } } },
    async (request) => inspector.supportRequest(request.partner, request.params.id),
  );

  app.get(
    '/deliveries/:id/ladder',
    { schema: { hide: true, params: idParams, querystring: keyQuery, response: { 200: ladderResponse } } },
    async (request) => inspector.ladder(request.partner, request.params.id),
  );
};
