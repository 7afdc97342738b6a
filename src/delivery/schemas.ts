// zod schemas of /_mock/deliveries: a webhook delivery with its attempts, the list and the long-poll wait.
import { z } from 'zod';
import { apiKeyParam, msEpoch, waitTimeoutMs } from '../http/control-schemas.js';

const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'emailed'] as const;

export const attemptSchema = z.object({
  attempt: z.number().int().describe('1 for the first POST.'),
  url: z.string().describe('Where this attempt was POSTed.'),
  startedAt: msEpoch,
  durationMs: z.number().int().describe('Real (wall-clock) time the exchange took.'),
  statusCode: z.number().int().nullable().describe('null when no response arrived.'),
  error: z
    .string()
    .nullable()
    .describe('Why the attempt failed, prefixed by a stable reason: `http_status`, `not_200`, `redirect`, `timeout`, `connection_refused`, `connection_reset`, ...'),
  responseBodyStart: z.string().nullable().describe('The first 1024 bytes of the response body.'),
  outcome: z.enum(['delivered', 'failed']),
});

export const deliverySchema = z
  .object({
    id: z.string(),
    widgetId: z.string(),
    supportRequestId: z.string().describe('The document\'s `id`; a redelivery or a retry after a crash carries the same one.'),
    redeliveryOf: z.string().nullable().describe('The delivery this one redelivers, if any.'),
    status: z.enum(DELIVERY_STATUSES),
    url: z.string().describe('The integration URL of the latest attempt (or the one queued).'),
    format: z.enum(['json', 'xml']),
    attempts: z.array(attemptSchema),
    maxAttempts: z.number().int().describe('How many attempts the retry ladder allows before the email.'),
    nextAttemptAt: msEpoch.nullable(),
    createdAt: msEpoch,
    settledAt: msEpoch.nullable().describe('When it was delivered or emailed.'),
    emailId: z.string().nullable().describe('The fallback email, once the ladder is exhausted.'),
  })
  .meta({ id: 'Delivery' });

export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema) });

export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveryAttempt = z.infer<typeof attemptSchema>;
export type DeliveryList = z.infer<typeof deliveryListSchema>;

export const deliveriesQuery = z.strictObject({
  api_key: apiKeyParam,
  widget_id: z.string().optional(),
  status: z.enum(DELIVERY_STATUSES, { error: `status must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  support_request_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Newest first; at most 1000.'),
});

export const deliveryQuery = z.strictObject({
  api_key: apiKeyParam,
  wait: z
    .enum(['settled'], { error: 'wait must be settled' })
    .optional()
    .describe('`settled`: long-poll until the delivery is delivered or emailed, or timeout_ms passes; then answer 200 with its state.'),
  timeout_ms: waitTimeoutMs,
});

export const deliveryParams = z.strictObject({ id: z.string() });
