// One webhook attempt: the headers, the body (JSON as stored, or the legacy XML), the POST, and the success rule.
import type { Config } from '../core/config.js';
import type { AttemptAbort } from './attempt-abort.js';
import type { DocumentFormat, Integration } from '../db/integrations-repository.js';
import { VERSION } from '../core/version.js';
import type { SupportRequest } from '../support-request/document-schema.js';
import type { WebhookClient, WebhookResponse } from './webhook-client.js';
import { toLegacyXml } from '../support-request/xml.js';

const mockHeaders = { delivery: 'x-snapengage-mock-delivery', attempt: 'x-snapengage-mock-attempt' } as const;

export interface AttemptRequest {
  /** The widget's current settings: a receiver fixed mid-ladder gets the retries at its new URL. */
  integration: Integration;
  deliveryId: string;
  /** 1 for the first POST. */
  attempt: number;
  /** The support request as stored (JSON text). */
  document: string;
}

export interface AttemptReport {
  url: string;
  format: DocumentFormat;
  response: WebhookResponse;
  /** Why the attempt does not count as delivered, or null when it does. */
  failure: string | null;
}

function attemptHeaders({ integration, deliveryId, attempt }: AttemptRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': integration.format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
    'user-agent': `snapengage-mock/${VERSION}`,
    [mockHeaders.delivery]: deliveryId,
    [mockHeaders.attempt]: String(attempt),
  };
  if (integration.authToken) headers[integration.authHeader.toLowerCase()] = integration.authToken;
  return headers;
}

function attemptBody(document: string, format: DocumentFormat): string {
  return format === 'xml' ? toLegacyXml(JSON.parse(document) as SupportRequest) : document;
}

/** The success rule: the reason an answer is not a success, or null when it is one. */
export function failureOf(response: WebhookResponse, success: Config['WEBHOOK_SUCCESS']): string | null {
  const status = response.statusCode;
  if (response.error !== null) return response.error;
  if (status === 200) return null;
  if (status === null) return 'no_response';
  if (status >= 200 && status < 300) {
    if (success === '2xx') return null;
    return `not_200: status ${status}; SnapEngage documents HTTP 200 as the only success (WEBHOOK_SUCCESS=2xx accepts any 2xx)`;
  }
  if (status >= 300 && status < 400) {
    return `redirect: status ${status}${response.location ? ` to ${response.location}` : ''}; redirects are not followed`;
  }
  return `http_status: status ${status}`;
}

/** An attempt that failed before anything was sent: recorded like any failure, so it walks the ladder to the email. */
export function unsent(url: string, format: DocumentFormat, error: string): AttemptReport {
  return { url, format, failure: error, response: { statusCode: null, bodyStart: null, error, location: null, durationMs: 0 } };
}

/** POSTs the support request to the widget's integration URL and judges the answer. */
export async function sendAttempt(
  client: WebhookClient,
  request: AttemptRequest,
  success: Config['WEBHOOK_SUCCESS'],
  abort: AttemptAbort,
): Promise<AttemptReport> {
  const { url, format } = request.integration;
  let body: string;
  try {
    body = attemptBody(request.document, format);
  } catch (err) {
    return unsent(url, format, `render_error: the ${format} document could not be built: ${(err as Error).message}`);
  }
  const response = await client.post({ url, headers: attemptHeaders(request), body }, abort);
  return { url, format, response, failure: failureOf(response, success) };
}
