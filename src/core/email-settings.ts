// The fallback email's settings (src/email/): its sender, and the SMTP relay it also goes through when SMTP_URL is set.
import { z } from 'zod';
import { doc } from './setting-doc.js';

export const emailSettings = {
  SMTP_URL: z
    .string()
    .refine((raw) => /^smtps?:\/\//.test(raw) && URL.canParse(raw), 'must be an smtp:// or smtps:// URL')
    .optional()
    .meta(doc({
      arg: 'URL',
      help: '`smtp://` or `smtps://` relay for the fallback emails, which are always stored',
      description: '`smtp://user:pass@host:port`: also relay fallback emails over SMTP (they are always stored)',
      default: 'unset',
      helpDefault: 'unset, no relay',
    })),
  MAIL_FROM: z.email('must be an email address').default('snapengage-mock@example.com').meta(doc({ arg: 'EMAIL', help: 'sender of the fallback emails' })),
  SMTP_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be more than 0').default(10_000).meta(doc({
    arg: 'MS',
    help: 'bound on each SMTP relay try: connecting, the greeting, any silence, the whole send',
    description:
      "bound on each SMTP relay try (connecting, the greeting, any silence, and the whole send); the URL's `connectionTimeout`, `greetingTimeout`, `socketTimeout` override the parts",
  })),
  SMTP_ATTEMPTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10').default(3)
    .meta(doc({ arg: 'N', help: 'relay tries per fallback email, 1 to 10', description: "relay tries per fallback email (1-10); each try's result is recorded on the email" })),
  SMTP_RETRY_DELAY_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(5_000)
    .meta(doc({ arg: 'MS', help: 'real time between relay tries' })),
  SMTP_MAX_CONNECTIONS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(2)
    .meta(doc({ arg: 'N', help: 'connections the pooled SMTP relay may open at once' })),
  // The control plane and its memory bounds.
};
