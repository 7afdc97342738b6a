// zod schemas of the Integration API's routes: integration settings, support requests, deliveries and emails.
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';
import { supportRequestSchema } from '../support-request/document-schema.js';

export const INTEGRATION_TAG = 'mock: integration';
export const DELIVERIES_TAG = 'mock: deliveries';

export const apiKeyParam = z.string().describe('Your partner API key: only the owner of the widget may see or change its data.');

export const mockErrors = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
  404: errorEnvelopeSchema.describe('No such widget, integration or delivery for this api_key.'),
};

export const conflictError = { 409: errorEnvelopeSchema.describe('The request conflicts with the current state (see `code`).') };

export const msEpoch = z.number().int().describe('Milliseconds since the Unix epoch, on the mock\'s clock.');

// ---- integration settings ----

export const widgetParams = z.strictObject({ widgetId: z.string().describe('The widget uuid from the Provisioning API.') });

/** Visible ASCII only: a header value with a line break would be a header injection. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export const integrationBody = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' })
      .max(2048, 'url must be at most 2048 characters')
      .describe('Where support requests are POSTed (Settings > Integrations > Integration URL).'),
    authToken: z
      .string()
      .max(4096, 'authToken must be at most 4096 characters')
      .regex(HEADER_VALUE, 'authToken must be printable ASCII without leading or trailing spaces')
      .nullable()
      .optional()
      .describe('Optional token sent as the value of `authHeader`. Write-only: never returned.'),
    authHeader: z
      .enum(['Authentication', 'Authorization'], { error: 'authHeader must be Authentication or Authorization' })
      .optional()
      .describe('The header carrying the token. Default `Authentication`, as SnapEngage\'s help page words it.'),
    format: z
      .enum(['json', 'xml'], { error: 'format must be json or xml' })
      .optional()
      .describe('`json` (default) or `xml` for the legacy POST API.'),
    transcriptEmail: z
      .email('transcriptEmail must be a valid email address')
      .max(254)
      .nullable()
      .optional()
      .describe('Where the support request is emailed once the retries are exhausted. Default: the widget\'s destinationEmail, else its owner.'),
  })
  .meta({ id: 'IntegrationSettingsPut' });

export const integrationResponse = z
  .object({
    widgetId: z.string(),
    url: z.string(),
    authHeader: z.enum(['Authentication', 'Authorization']),
    authTokenSet: z.boolean().describe('Whether a token is configured; the token itself is never returned.'),
    format: z.enum(['json', 'xml']),
    transcriptEmail: z.string().nullable(),
    createdAt: msEpoch,
    updatedAt: msEpoch,
  })
  .meta({ id: 'IntegrationSettings' });

export const apiKeyQuery = z.strictObject({ api_key: apiKeyParam });

// ---- deliveries ----

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'emailed'] as const;

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

export const deliveriesQuery = z.strictObject({
  api_key: apiKeyParam,
  widget_id: z.string().optional(),
  status: z.enum(DELIVERY_STATUSES, { error: `status must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  support_request_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Newest first; at most 1000.'),
});

export const MAX_WAIT_MS = 30_000;

export const deliveryQuery = z.strictObject({
  api_key: apiKeyParam,
  wait: z
    .enum(['settled'], { error: 'wait must be settled' })
    .optional()
    .describe('`settled`: long-poll until the delivery is delivered or emailed, or timeout_ms passes; then answer 200 with its state.'),
  timeout_ms: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_WAIT_MS, `timeout_ms must be at most ${MAX_WAIT_MS}`)
    .default(10_000)
    .describe('How long `wait` may hold the request (real milliseconds, at most 30000).'),
});

export const deliveryParams = z.strictObject({ id: z.string() });

// ---- support requests ----

export const supportRequestCreated = z.object({
  supportRequest: supportRequestSchema.describe('The complete support-request document, as it is POSTed.'),
  deliveryId: z.string().nullable().describe('The queued delivery; null when the widget has no integration settings.'),
});

// ---- emails ----

export const emailsQuery = z.strictObject({
  api_key: apiKeyParam,
  widget_id: z.string().optional(),
  delivery_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const emailSchema = z
  .object({
    id: z.string(),
    deliveryId: z.string(),
    supportRequestId: z.string(),
    widgetId: z.string(),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    text: z.string().describe('The readable transcript.'),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })),
    createdAt: msEpoch,
    smtp: z.object({
      sent: z.boolean().describe('Whether SMTP_URL\'s server accepted it; false when SMTP_URL is unset.'),
      attempts: z.number().int().describe('Relay tries so far (at most SMTP_ATTEMPTS); 0 when SMTP_URL is unset.'),
      error: z.string().optional().describe('Why the latest try failed.'),
    }),
  })
  .meta({ id: 'Email' });
