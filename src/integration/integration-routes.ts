// /_mock/widgets/{widgetId}/integration and /support-requests: a widget's Integration API settings, and support requests on demand.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';
import { fileBoundsOf, filesBodyLimit, filesSchema, prepareFiles } from '../files/file-inputs.js';
import { fileOrigin } from '../http/public-origin.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { supportRequestOverridesSchema } from '../support-request/document-schema.js';
import { toIntegrationResponse } from './integrations-service.js';
import { integrationBody, integrationResponse, supportRequestCreated } from './schemas.js';
import { apiKeyQuery, INTEGRATION_TAG, mockErrors, widgetParams } from '../http/control-schemas.js';

export const integrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { integrations, supportRequests, config } = app.ctx;
  const tags = [INTEGRATION_TAG];
  const fileBounds = fileBoundsOf(config);
  // Room for the files in base64 beside the document, so FILE_MAX_* are the limits a client meets.
  const supportRequestBodyLimit = filesBodyLimit(fileBounds, app.initialConfig.bodyLimit ?? 1024 * 1024);
  const bodyTooLarge = `the body is larger than ${supportRequestBodyLimit} bytes, the most a support request with files can need: the document, and files of FILE_MAX_TOTAL_BYTES=${fileBounds.maxTotalBytes} bytes in all (FILE_MAX_COUNT=${fileBounds.maxCount}, FILE_MAX_BYTES=${fileBounds.maxBytes} each) in base64`;

  app.put(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        operationId: 'setIntegration',
        summary: "Set a widget's Integration API settings",
        description:
          'SnapEngage keeps these under Settings > Integrations, which the Provisioning API does not expose. Replaces the settings whole. Only the api_key that owns the widget may call it.',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: integrationBody,
        response: { 200: integrationResponse.describe('The settings as saved (the token never returned).'), ...mockErrors },
      },
    },
    async (request) => toIntegrationResponse(await integrations.put(request.partner, request.params.widgetId, request.body)),
  );

  app.get(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        operationId: 'getIntegration',
        summary: "Get a widget's Integration API settings (the token is never returned)",
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 200: integrationResponse.describe('The settings (the token never returned).'), ...mockErrors },
      },
    },
    async (request) => toIntegrationResponse(integrations.get(request.partner, request.params.widgetId)),
  );

  app.delete(
    '/widgets/:widgetId/integration',
    {
      schema: {
        tags,
        operationId: 'deleteIntegration',
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
        operationId: 'createSupportRequest',
        summary: 'Generate a support request and queue its webhook delivery',
        description:
          'The body is an optional partial support-request document (any documented field except the derived url, snapshot_image_url, created_at_date and source_id); everything else is generated, reproducibly when MOCK_SEED is set. `files` (not a document field) attaches uploaded files: each becomes a VISITOR transcript line holding its https link (an offline message: a line of the description), which only the organization\'s orgId and API token open. The delivery row is written in the same transaction; its first attempt is due at once (under CLOCK=virtual, `POST /_mock/clock/advance {"ms":0}` runs it). Without integration settings the support request is still recorded and `deliveryId` is null.',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: supportRequestOverridesSchema.extend({ files: filesSchema.optional() }),
        response: {
          201: supportRequestCreated.describe('Created: the document, and the delivery queued for it.'),
          ...mockErrors,
          413: errorEnvelopeSchema.describe('A file larger than FILE_MAX_BYTES (`file_too_large`, naming the field), files larger than FILE_MAX_TOTAL_BYTES together (`files_too_large`), or a body too large for them in base64 (`body_too_large`).'),
        },
      },
      bodyLimit: supportRequestBodyLimit,
      config: { bodyOptional: true, bodyTooLarge },
      // No body at all (or an empty one) means "generate everything", as `{}` does.
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const { files = [], ...overrides } = request.body;
      // The origin (a look at the https listener's address) only when there are links to make.
      const uploads = { files: prepareFiles(files, fileBounds), origin: files.length > 0 ? fileOrigin(request) : '' };
      return reply.code(201).send(supportRequests.create(request.partner, request.params.widgetId, overrides, uploads));
    },
  );
};
