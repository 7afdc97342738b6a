// What the /_mock routes of every feature share: their OpenAPI tags, the api_key query, the widget path, the error responses,
// security, and the instants they answer with.
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';

export const CONTROL_TAG = 'mock: control';
export const controlTags = [CONTROL_TAG];
export const CLOCK_TAG = 'mock: clock';

export const controlApiKey = z.string().describe('The api_key whose data, journal or faults this call is about.');

export const controlErrors = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
};

/** The errors of a route that the admin token can open: with it, `controlErrors` and these. */
export const adminErrors = {
  401: errorEnvelopeSchema.describe(
    'Unknown api_key; or, with MOCK_ADMIN_TOKEN set, a call on every key (no api_key) without the x-mock-admin-token header (`admin_token_required`).',
  ),
  403: errorEnvelopeSchema.describe('With MOCK_ADMIN_TOKEN set: the x-mock-admin-token header does not match it (`invalid_admin_token`).'),
};

/** OpenAPI `security` of a route that takes an api_key for one key's things, or the admin token for every key's. */
export const keyOrAdminSecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { adminToken: [] }];

export const INTEGRATION_TAG = 'mock: integration';
export const DELIVERIES_TAG = 'mock: deliveries';
export const FRONT_DESK_TAG = 'mock: front desk';
export const BOTS_TAG = 'mock: bots';

export const apiKeyParam = z.string().describe('Your partner API key: only the owner of the widget may see or change its data.');

export const mockErrors = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
  404: errorEnvelopeSchema.describe('No such widget, integration or delivery for this api_key.'),
};

/** The longest a long-poll (`wait=…`) may hold its request. */
const MAX_WAIT_MS = 30_000;

/** A long-poll's `timeout_ms` query parameter, shared by every `wait=…` route. */
export const waitTimeoutMs = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_MS, `timeout_ms must be at most ${MAX_WAIT_MS}`)
  .default(10_000)
  .describe('How long `wait` may hold the request (real milliseconds, at most 30000).');

export const conflictError = { 409: errorEnvelopeSchema.describe('The request conflicts with the current state (see `code`).') };

export const msEpoch = z.number().int().describe('Milliseconds since the Unix epoch, on the mock\'s clock.');

export const widgetParams = z.strictObject({ widgetId: z.string().describe('The widget uuid from the Provisioning API.') });

export const apiKeyQuery = z.strictObject({ api_key: apiKeyParam });
