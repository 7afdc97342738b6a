// What the inspector reads that the partner APIs have no call for: a partner's accounts at a glance, one support-request
// document by id (JSON and the legacy XML), and a delivery's retry ladder with the attempts still planned.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../core/errors.js';
import { requireApiKey } from '../http/api-key.js';
import type { SupportRequest } from '../support-request/document-schema.js';
import { toLegacyXml } from '../support-request/xml.js';
import { publishedAgents } from '../provisioning/widgets-service.js';
import { ladderOf } from './ladder.js';

const keyQuery = z.strictObject({ api_key: z.string() });
const listQuery = z.strictObject({
  api_key: z.string(),
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('Users (and widgets) listed, oldest first; at most 1000.'),
});
const idParams = z.strictObject({ id: z.string() });

export const inspectorDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const { repos, integrations, deliveries, config, clock } = app.ctx;
  app.addHook('onRequest', requireApiKey);

  // Secrets stay out: no password hash, no API token, no integration token (only whether one is set).
  app.get('/accounts', { schema: { hide: true, querystring: listQuery } }, async (request) => {
    const { limit } = request.query;
    const users = repos.users.listByPartner(request.partner, limit);
    const widgets = repos.widgets.listByPartner(request.partner, limit);
    return {
      users: users.map((u) => ({ email: u.email, name: u.name, phone: u.phone, accountType: u.accountType, orgId: u.orgId, createdAt: u.createdAt })),
      widgets: widgets.map((w) => {
        const integration = integrations.find(w.id);
        return {
          uuid: w.id,
          name: w.name,
          email: w.ownerEmail,
          destinationEmail: w.destinationEmail,
          agents: publishedAgents(w.agents),
          enableProactiveChat: w.enableProactiveChat,
          enableConversations: w.enableConversations,
          conversationSchedule: w.conversationSchedule,
          integration: integration && {
            url: integration.url,
            format: integration.format,
            authHeader: integration.authHeader,
            authTokenSet: integration.authToken !== null,
            transcriptEmail: integration.transcriptEmail,
          },
          createdAt: w.createdAt,
        };
      }),
    };
  });

  app.get('/support-requests/:id', { schema: { hide: true, params: idParams, querystring: keyQuery } }, async (request) => {
    const stored = repos.supportRequests.find(request.partner, request.params.id);
    if (!stored) throw notFound('support_request_not_found', `no support request ${request.params.id} for this api_key`);
    const document = JSON.parse(stored.document) as SupportRequest;
    return { id: stored.id, widgetId: stored.widgetId, type: stored.type, createdAt: stored.createdAt, document, xml: toLegacyXml(document) };
  });

  app.get('/deliveries/:id/ladder', { schema: { hide: true, params: idParams, querystring: keyQuery } }, async (request) => {
    const delivery = deliveries.get(request.partner, request.params.id);
    return { clock: clock.mode, maxAttempts: deliveries.maxAttempts, steps: ladderOf(delivery, config.RETRY_SCHEDULE) };
  });
};
