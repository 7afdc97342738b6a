// /_mock/widgets/{widgetId}/integration and /support-requests: a widget's Integration API settings, and support requests on demand.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Integration } from '../db/integrations-repository.js';
import { supportRequestOverridesSchema } from './document-schema.js';
import {
  apiKeyQuery,
  INTEGRATION_TAG,
  integrationBody,
  integrationResponse,
  mockErrors,
  supportRequestCreated,
  widgetParams,
} from './schemas.js';

const toIntegrationResponse = (i: Integration) => ({
  widgetId: i.widgetId,
  url: i.url,
  authHeader: i.authHeader,
  authTokenSet: i.authToken !== null,
  format: i.format,
  transcriptEmail: i.transcriptEmail,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

export const integrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { integrations, supportRequests } = app.ctx;
  const tags = [INTEGRATION_TAG];

  app.put(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        summary: "Set a widget's Integration API settings",
        description:
          'SnapEngage keeps these under Settings > Integrations, which the Provisioning API does not expose. Replaces the settings whole. Only the api_key that owns the widget may call it.',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: integrationBody,
        response: { 200: integrationResponse, ...mockErrors },
      },
    },
    async (request) => toIntegrationResponse(await integrations.put(request.partner, request.params.widgetId, request.body)),
  );

  app.get(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        summary: "Get a widget's Integration API settings (the token is never returned)",
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 200: integrationResponse, ...mockErrors },
      },
    },
    async (request) => toIntegrationResponse(integrations.get(request.partner, request.params.widgetId)),
  );

  app.delete(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        summary: "Remove a widget's Integration API settings",
        description: 'Queued deliveries stay queued; their attempts fail (`no_integration`) until settings are PUT again, and end in the email.',
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 204: z.null().describe('Removed; no body.'), ...mockErrors },
      },
    },
    async (request, reply) => {
      integrations.delete(request.partner, request.params.widgetId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/widgets/:widgetId/support-requests',
    {
      schema: {
        tags,
        summary: 'Generate a support request and queue its webhook delivery',
        description:
          'The body is an optional partial support-request document (any documented field except the derived url, snapshot_image_url, created_at_date and source_id); everything else is generated, reproducibly when MOCK_SEED is set. The delivery row is written in the same transaction; its first attempt is due at once (under CLOCK=virtual, `POST /_mock/clock/advance {"ms":0}` runs it). Without integration settings the support request is still recorded and `deliveryId` is null.',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: supportRequestOverridesSchema,
        response: { 201: supportRequestCreated, ...mockErrors },
      },
      // No body at all means "generate everything", as `{}` does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => reply.code(201).send(supportRequests.create(request.partner, request.params.widgetId, request.body)),
  );
};
