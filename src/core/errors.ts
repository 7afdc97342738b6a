// The error codes the mock answers with, and the one envelope every 4xx/5xx body uses.
import { z } from 'zod';

/** Every `error.code` the mock can answer with: a typo in a new one fails to compile. */
export type ErrorCode =
  // Requests and bodies
  | 'validation_failed'
  | 'invalid_json'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'bad_content_length'
  | 'bad_content_type'
  | 'bad_url'
  | 'bad_request'
  | 'uri_too_long'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'wrong_path'
  // api_key and ownership
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'other_partner'
  | 'owner_mismatch'
  | 'admin_token_required'
  | 'invalid_admin_token'
  // Browsers (src/http/browser-guard.ts): a page of another site, a name that is not this mock's
  | 'cross_site_request'
  | 'host_not_allowed'
  // Logs API: the account's orgId and API token
  | 'missing_api_token'
  | 'invalid_api_token'
  | 'other_org'
  | 'org_not_found'
  | 'credentials_taken'
  // Uploaded files
  | 'https_required'
  | 'missing_org_id'
  | 'file_not_found'
  | 'file_too_large'
  | 'too_many_files'
  | 'files_too_large'
  // Records
  | 'user_exists'
  | 'user_not_found'
  | 'widget_not_found'
  | 'integration_not_found'
  | 'delivery_not_found'
  | 'email_not_found'
  | 'support_request_not_found'
  | 'attachment_not_found'
  | 'delivery_in_flight'
  | 'self_delivery'
  | 'too_many_redeliveries'
  | 'fault_not_found'
  | 'too_many_faults'
  | 'fault_body_too_large'
  // The front desk: conversations, agents, scripts
  | 'conversation_not_found'
  | 'agent_not_found'
  | 'conversation_closed'
  | 'conversation_not_queued'
  | 'agent_unavailable'
  | 'too_many_conversations'
  | 'too_many_messages'
  | 'message_too_long'
  | 'agent_script_not_found'
  // Bots (src/bots/)
  | 'bot_not_found'
  | 'visitor_banned'
  // The JavaScript widget's pages (src/widget-js/)
  | 'visitor_not_found'
  | 'too_many_visitors'
  | 'too_many_chats'
  | 'chat_in_progress'
  | 'no_open_chat'
  | 'proactive_chat_disabled'
  // The mock itself
  | 'clock_not_virtual'
  | 'too_many_event_streams'
  | 'not_ready'
  | 'no_tls_ca'
  | 'internal_error'
  // The store refusing writes (src/db/storage-errors.ts)
  | 'store_full'
  | 'store_read_only'
  | 'store_unavailable'
  | 'store_busy'
  // What an injected fault answers with (POST /_mock/faults), by status
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'bad_gateway'
  | 'service_unavailable'
  | 'gateway_timeout'
  | `http_${number}`;

export interface ErrorDetail {
  /** Dotted path of the offending field or parameter, e.g. `agents.0.agentType` or `query.email`. */
  field?: string;
  /** The rule it broke, stable and machine-readable, e.g. `required`, `max_length`, `enum`. */
  rule?: string;
  message: string;
}

/** V8's stack-depth setting, typed here: the widget's browser code imports this file without Node's types. */
const v8Error = Error as ErrorConstructor & { stackTraceLimit: number };
let limitBefore = v8Error.stackTraceLimit;

/**
 * A 4xx is an answer the client gets, never a fault of the mock's, so the Error built for it captures no stack trace:
 * V8 walking the async stack was most of the CPU of a 404 or a 400. Turns capture off for the Error constructor about
 * to run (a 5xx keeps its trace, for the log); the caller puts the limit back right after, with `limitBefore`.
 */
function withoutTrace(statusCode: number, message: string): string {
  limitBefore = v8Error.stackTraceLimit;
  if (statusCode < 500) v8Error.stackTraceLimit = 0;
  return message;
}

/** An Error for a refused request, without a stack trace (see withoutTrace): what Fastify's schema errors are built as. */
export function clientError(message: string): Error {
  const error = new Error(withoutTrace(400, message));
  v8Error.stackTraceLimit = limitBefore;
  return error;
}

/** An error a service throws on purpose; the error handler turns it into the envelope. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(withoutTrace(statusCode, message));
    v8Error.stackTraceLimit = limitBefore;
    this.name = 'AppError';
  }
}

export const badRequest = (field: string, rule: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ field, rule, message }]);
export const notFound = (code: ErrorCode, message: string) => new AppError(404, code, message);
export const conflict = (code: ErrorCode, message: string, field?: string) =>
  new AppError(409, code, message, field ? [{ field, rule: 'unique', message }] : []);
export const forbidden = (code: ErrorCode, message: string) => new AppError(403, code, message);
export const unauthorized = (code: ErrorCode, message: string) => new AppError(401, code, message);

const errorDetailSchema = z.object({
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
  code: ErrorCode,
  message: string,
  details: ErrorDetail[],
  requestId: string,
): ErrorEnvelope {
  return { error: { status, code, message, details, requestId } };
}
