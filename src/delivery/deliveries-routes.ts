// /_mock/deliveries and /_mock/emails: every webhook delivery with its attempts, redelivery, long-poll waiting, fallback emails.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StoredEmail } from '../db/emails-repository.js';
import type { DeliveryWithAttempts } from '../db/delivery-types.js';
import {
  apiKeyQuery,
  conflictError,
  deliveriesQuery,
  DELIVERIES_TAG,
  deliveryParams,
  deliveryQuery,
  deliverySchema,
  emailSchema,
  emailsQuery,
  mockErrors,
} from '../integration/schemas.js';

export const deliveriesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deliveries } = app.ctx;
  const tags = [DELIVERIES_TAG];
  const { maxAttempts } = deliveries;

  const toDeliveryResponse = (d: DeliveryWithAttempts) => ({
    id: d.id,
    widgetId: d.widgetId,
    supportRequestId: d.supportRequestId,
    redeliveryOf: d.redeliveryOf,
    status: d.status,
    url: d.url,
    format: d.format,
    attempts: d.attempts,
    maxAttempts,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    settledAt: d.settledAt,
    emailId: d.emailId,
  });

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
    '/deliveries',
    {
      schema: {
        tags,
        operationId: 'listDeliveries',
        summary: "List this api_key's webhook deliveries, newest first",
        querystring: deliveriesQuery,
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }).describe('The deliveries, newest first.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widget_id: widgetId, status, support_request_id: supportRequestId, limit } = request.query;
      return { deliveries: deliveries.list({ partner: request.partner, widgetId, status, supportRequestId, limit }).map(toDeliveryResponse) };
    },
  );

  app.get(
    '/deliveries/:id',
    {
      schema: {
        tags,
        operationId: 'getDelivery',
        summary: 'Get a delivery: every attempt, the next attempt time and the final state',
        description:
          'With `wait=settled` the request is held until the delivery is delivered or emailed, or `timeout_ms` passes (at most 30 s), and then answers 200 with the state it is in: a test can await a delivery without sleeping. The wait never moves the virtual clock: on CLOCK=virtual it also ends when the advance running beside it (or the next one) ends, since nothing changes between advances.',
        params: deliveryParams,
        querystring: deliveryQuery,
        response: { 200: deliverySchema.describe('The delivery.'), ...mockErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { wait, timeout_ms: timeoutMs } = request.query;
      return toDeliveryResponse(wait === 'settled' ? await deliveries.waitSettled(request.partner, id, timeoutMs) : deliveries.get(request.partner, id));
    },
  );

  app.post(
    '/deliveries/:id/redeliver',
    {
      schema: {
        tags,
        operationId: 'redeliver',
        summary: 'Redeliver: retry a pending delivery now, or queue a fresh delivery of a settled one',
        description:
          'Pending: its next attempt falls due now (same delivery). Delivered or emailed: a new delivery of the same support request (same document and id) with a fresh retry ladder, linked by `redeliveryOf`. 409 while an attempt is in flight. Under CLOCK=virtual the attempt runs on the next advance.',
        params: deliveryParams,
        querystring: apiKeyQuery,
        response: { 202: deliverySchema.describe('Accepted: the delivery that will run (the same one retried now, or a new one).'), ...mockErrors, ...conflictError },
      },
    },
    async (request, reply) => {
      const delivery = deliveries.redeliver(request.partner, request.params.id);
      app.ctx.events.publish(request.partner, { type: 'delivery', deliveryId: delivery.id });
      return reply.code(202).send(toDeliveryResponse(delivery));
    },
  );

  app.get(
    '/emails',
    {
      schema: {
        tags,
        operationId: 'listEmails',
        summary: 'List the fallback emails sent for this api_key, newest first',
        description: 'Stored whether or not SMTP_URL is set; `smtp.sent` says whether the relay accepted it.',
        querystring: emailsQuery,
        response: { 200: z.object({ emails: z.array(emailSchema) }).describe('The emails, newest first.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widget_id: widgetId, delivery_id: deliveryId, limit } = request.query;
      return { emails: deliveries.emails({ partner: request.partner, widgetId, deliveryId, limit }).map(toEmailResponse) };
    },
  );
};
