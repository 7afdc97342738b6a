// /_mock/emails/:id/attachments/:index: the content of a fallback email's attachment (the support-request document as
// JSON or XML), so a test can read what the email carried, not only its size.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyQuery, DELIVERIES_TAG, mockErrors } from '../integration/schemas.js';

const params = z.strictObject({
  id: z.string().describe('The email id (`eml_…`).'),
  index: z.coerce.number().int().min(0, 'index must be 0 or more').describe('The attachment\'s position in `attachments`, 0 for the first.'),
});

export const emailAttachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deliveries } = app.ctx;
  app.get(
    '/emails/:id/attachments/:index',
    {
      schema: {
        tags: [DELIVERIES_TAG],
        operationId: 'getEmailAttachment',
        summary: "Download one attachment of a fallback email",
        description: 'Answers the attachment as it was attached, with its Content-Type and a Content-Disposition naming its file.',
        params,
        querystring: apiKeyQuery,
        response: { 200: z.string().describe('The attachment content.'), ...mockErrors },
      },
    },
    async (request, reply) => {
      const attachment = deliveries.emailAttachment(request.partner, request.params.id, request.params.index);
      return reply
        .type(`${attachment.contentType}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`)
        .send(attachment.content);
    },
  );
};
