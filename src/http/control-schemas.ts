// What every /_mock control route shares (its OpenAPI tag, the api_key query, the error responses, security), and the clock's schemas.
import { z } from 'zod';
import { MAX_INSTANT } from '../core/clock.js';
import { errorEnvelopeSchema } from '../core/errors.js';
import { msEpoch } from '../integration/schemas.js';

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

// ---- clock ----

export const clockResponse = z.object({
  mode: z.enum(['real', 'virtual']),
  now: msEpoch,
  iso: z.string(),
  scope: z.enum(['shared', 'api_key']).describe("`api_key`: the clock of the key the call named; `shared`: the server's shared clock."),
  diverged: z
    .boolean()
    .describe("Whether the key's clock has moved on its own (a keyed advance since its last reset) and so no longer follows the shared clock; false for the shared clock."),
});

/** One advance moves the clock at most this far. */
export const MAX_ADVANCE_MS = 366 * 24 * 3_600_000;

export const advanceBody = z
  .strictObject({
    ms: z
      .number()
      .int()
      .min(0)
      .max(MAX_ADVANCE_MS, `ms must be at most ${MAX_ADVANCE_MS} (366 days)`)
      .optional()
      .describe('How far to move time forward (milliseconds, at most 366 days per call).'),
    to: z
      .number()
      .int()
      .min(0)
      .max(MAX_INSTANT, `to must be at most ${MAX_INSTANT} (9999-12-31T23:59:59.999Z), the last instant the mock's dates can show`)
      .optional()
      .describe('Or: the instant (ms epoch) to move to; never backwards, at most 9999-12-31T23:59:59.999Z.'),
  })
  .refine((body) => (body.ms === undefined) !== (body.to === undefined), { message: 'send exactly one of ms or to', path: ['ms'] })
  .meta({ id: 'ClockAdvance' });

export const attemptSummarySchema = z.object({
  deliveryId: z.string(),
  attempt: z.number().int(),
  at: msEpoch,
  outcome: z.enum(['delivered', 'failed', 'emailed']).describe('`emailed`: this attempt failed, the ladder was exhausted and the email went out.'),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  emailId: z.string().optional(),
});

export const advanceResponse = clockResponse.extend({
  attempts: z.array(attemptSummarySchema).describe('Every attempt that ran during the advance, in order.'),
});
