// /_mock/emails: the fallback emails the mock "sent" for this api_key, and each attachment's content (the support-request
// document as JSON or XML), so a test can read what the email carried, not only its size.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StoredEmail } from '../db/emails-repository.js';
import { apiKeyQuery, DELIVERIES_TAG, mockErrors } from '../http/control-schemas.js';
import { emailListSchema, emailsQuery } from './schemas.js';

const params = z.strictObject({
  id: z.string().describe('The email id (`eml_…`).'),
  index: z.coerce.number().int().min(0, 'index must be 0 or more').describe('The attachment\'s position in `attachments`, 0 for the first.'),
});

export const emailsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emails } = app.ctx;
  const tags = [DELIVERIES_TAG];

  const toEmailResponse = (e: StoredEmail) => ({
    id: e.id,
    deliveryId: e.deliveryId,
    supportRequestId: e.supportRequestId,
    widgetId: e.widgetId,
    to: e.to,
    from: e.from,
    subject: e.subject,
    text: e.text,
    attachments: e.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Buffer.byteLength(a.content) })),
    createdAt: e.createdAt,
    smtp: { sent: e.smtpSent, attempts: e.smtpAttempts, ...(e.smtpError !== null && { error: e.smtpError }) },
  });

  app.get(
    '/emails',
    {
      schema: {
        tags,
        operationId: 'listEmails',
        summary: 'List the fallback emails sent for this api_key, newest first',
        description: 'Stored whether or not SMTP_URL is set; `smtp.sent` says whether the relay accepted it.',
        querystring: emailsQuery,
        response: { 200: emailListSchema.describe('The emails, newest first.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widget_id: widgetId, delivery_id: deliveryId, limit } = request.query;
      return { emails: emails.list({ partner: request.partner, widgetId, deliveryId, limit }).map(toEmailResponse) };
    },
  );

  app.get(
    '/emails/:id/attachments/:index',
    {
      schema: {
        tags,
        operationId: 'getEmailAttachment',
        summary: "Download one attachment of a fallback email",
        description: 'Answers the attachment as it was attached, with its Content-Type and a Content-Disposition naming its file.',
        params,
        querystring: apiKeyQuery,
        response: { 200: z.string().describe('The attachment content.'), ...mockErrors },
      },
    },
    async (request, reply) => {
      const attachment = emails.attachment(request.partner, request.params.id, request.params.index);
      return reply
        .type(`${attachment.contentType}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`)
        .send(attachment.content);
    },
  );
};
