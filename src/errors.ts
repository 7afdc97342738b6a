// The error codes the mock answers with, and the one envelope every 4xx/5xx body uses.
import { z } from 'zod';

export interface ErrorDetail {
  /** Dotted path of the offending field or parameter, e.g. `agents.0.agentType` or `query.email`. */
  field?: string;
  /** The rule it broke, stable and machine-readable, e.g. `required`, `max_length`, `enum`. */
  rule?: string;
  message: string;
}

/** An error a service throws on purpose; the error handler turns it into the envelope. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (field: string, rule: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ field, rule, message }]);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, field?: string) =>
  new AppError(409, code, message, field ? [{ field, rule: 'unique', message }] : []);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);

export const errorDetailSchema = z.object({
  field: z.string().optional(),
  rule: z.string().optional(),
  message: z.string(),
});

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      status: z.number().int().describe('The HTTP status, repeated for clients that only see the body.'),
      code: z.string().describe('Stable machine-readable code, e.g. `validation_failed`, `user_not_found`.'),
      message: z.string().describe('What went wrong, for a person.'),
      details: z.array(errorDetailSchema).describe('One entry per offending field, naming the rule it broke.'),
      requestId: z.string().describe('Also sent as the `x-request-id` header; quote it when reading the logs.'),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function envelope(
  status: number,
  code: string,
  message: string,
  details: ErrorDetail[],
  requestId: string,
): ErrorEnvelope {
  return { error: { status, code, message, details, requestId } };
}
