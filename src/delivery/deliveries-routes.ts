// /_mock/deliveries: every webhook delivery with its attempts, redelivery, long-poll waiting.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DeliveryWithAttempts } from '../db/delivery-types.js';
import { apiKeyQuery, conflictError, DELIVERIES_TAG, mockErrors } from '../http/control-schemas.js';
import { deliveriesQuery, deliveryListSchema, deliveryParams, deliveryQuery, deliverySchema } from './schemas.js';

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

  app.get(
    '/deliveries',
    {
      schema: {
        tags,
        operationId: 'listDeliveries',
        summary: "List this api_key's webhook deliveries, newest first",
        querystring: deliveriesQuery,
        response: { 200: deliveryListSchema.describe('The deliveries, newest first.'), ...mockErrors },
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
          'Pending: its next attempt falls due now (same delivery). Delivered or emailed: a new delivery of the same support request (same document and id) with a fresh retry ladder, linked by `redeliveryOf`. 409 `delivery_in_flight` while an attempt is in flight; 409 `too_many_redeliveries` once the support request has had DELIVERY_MAX_REDELIVERIES redeliveries (what bounds a receiver that redelivers on every call). Under CLOCK=virtual the attempt runs on the next advance.',
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
};
