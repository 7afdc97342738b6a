// The schemas of /_mock/clock: the clock's state, an advance, and the attempts an advance ran.
import { z } from 'zod';
import { MAX_INSTANT } from '../core/clock.js';
import { msEpoch } from '../http/control-schemas.js';

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

export type ClockState = z.infer<typeof clockResponse>;
export type ClockAdvanceInput = z.input<typeof advanceBody>;
export type ClockAdvance = z.infer<typeof advanceResponse>;
export type AdvancedAttempt = z.infer<typeof attemptSummarySchema>;
