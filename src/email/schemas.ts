// zod schemas of /_mock/emails: the fallback emails the mock "sent", and their list.
import { z } from 'zod';
import { apiKeyParam, msEpoch } from '../http/control-schemas.js';

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

export const emailListSchema = z.object({ emails: z.array(emailSchema) });

export type Email = z.infer<typeof emailSchema>;
export type EmailList = z.infer<typeof emailListSchema>;
