// zod schemas of the Integration API's /_mock routes: a widget's integration settings, and support requests on demand.
import { z } from 'zod';
import { msEpoch } from '../http/control-schemas.js';
import { supportRequestSchema } from '../support-request/document-schema.js';

/** Visible ASCII only: a header value with a line break would be a header injection. */
export const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** A user name or password in a URL's authority (`http://user:pass@host/`). */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/**
 * A URL the mock POSTs to (an integration's, a bot's): absolute http(s), with no `user:pass@`. The mock sends no such
 * credentials, and would show them back in every answer that shows the URL; `tokenField` is where a secret goes.
 */
export const callbackUrl = (tokenField: string) =>
  z
    .url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' })
    .max(2048, 'url must be at most 2048 characters')
    .refine((url) => !USERINFO.test(url), {
      message: `url must not hold a user name or password (user:pass@host): the mock sends neither; put a secret in ${tokenField}`,
      params: { rule: 'credentials' },
    });

export const integrationBody = z
  .strictObject({
    url: callbackUrl('authToken').describe('Where support requests are POSTed (Settings > Integrations > Integration URL). No `user:pass@`: a secret goes in `authToken`.'),
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

export const supportRequestCreated = z.object({
  supportRequest: supportRequestSchema.describe('The complete support-request document, as it is POSTed.'),
  deliveryId: z.string().nullable().describe('The queued delivery; null when the widget has no integration settings.'),
});

export type IntegrationSettingsInput = z.input<typeof integrationBody>;
export type IntegrationSettings = z.infer<typeof integrationResponse>;
export type SupportRequestCreated = z.infer<typeof supportRequestCreated>;
