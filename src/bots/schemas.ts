// zod schemas of the bots: a widget's bot settings (/_mock/widgets/{widgetId}/bot), a call to the bot as recorded, the
// turn the mock POSTs, and the answer it reads back (SnapEngage's Chatbot API, "Bot API" in the reference notes).
import { z } from 'zod';
import { MAX_BOT_TIMEOUT_MS } from '../core/bot-settings.js';
import { msEpoch } from '../http/control-schemas.js';
import { callbackUrl, HEADER_VALUE } from '../integration/schemas.js';

/** The author of a bot's lines when its settings name none. */
export const DEFAULT_BOT_NAME = 'Bot';

export const botBody = z
  .strictObject({
    url: callbackUrl('token').describe('Where each visitor turn is POSTed (the bot\'s endpoint, as SnapEngage\'s bot settings hold it). No `user:pass@`: a secret goes in `token`.'),
    token: z
      .string()
      .max(4096, 'token must be at most 4096 characters')
      .regex(HEADER_VALUE, 'token must be printable ASCII without leading or trailing spaces')
      .nullable()
      .optional()
      .describe('Sent as the `authorization` header of every call, as it is (no scheme). Write-only: never returned, logged or recorded.'),
    name: z.string().trim().min(1).max(100, 'name must be at most 100 characters').optional().describe(`The author of the bot's lines, as the visitor's poll shows them (default \`${DEFAULT_BOT_NAME}\`).`),
    timeoutMs: z
      .number()
      .int()
      .min(100, 'timeoutMs must be 100 to 120000')
      .max(MAX_BOT_TIMEOUT_MS, 'timeoutMs must be 100 to 120000')
      .optional()
      .describe('A call unanswered this long fails and the chat goes to a human: real time, and on CLOCK=virtual also once the key\'s clock passes it. Default BOT_TIMEOUT_MS (10000).'),
  })
  .meta({ id: 'BotSettingsPut' });

export const botBanSchema = z
  .object({
    kind: z.enum(['email', 'ip']).describe('`email` (the BAN command, for a visitor who gave one) or `ip` (BAN_IP, or BAN without an email).'),
    value: z.string().describe('The visitor\'s email, lower-cased, or IP address.'),
    caseId: z.string().describe('The conversation whose bot banned the visitor.'),
    createdAt: msEpoch,
  })
  .meta({ id: 'BotBan' });

export const botResponse = z
  .object({
    widgetId: z.string(),
    url: z.string(),
    name: z.string(),
    tokenSet: z.boolean().describe('Whether a token is configured; the token itself is never returned.'),
    timeoutMs: z.number().int().describe('In force: the settings\' own, or BOT_TIMEOUT_MS.'),
    bans: z.array(botBanSchema).describe('Visitors the bot banned from starting chats on this widget (400 `visitor_banned`); they go with the bot.'),
    createdAt: msEpoch,
    updatedAt: msEpoch,
  })
  .meta({ id: 'BotSettings' });

/** What the mock POSTs for one visitor turn: the fields SnapEngage's pages name, nothing else. */
export const botTurnSchema = z
  .object({
    widget_id: z.string(),
    case_id: z.string(),
    text: z.string().optional().describe('The visitor\'s line (a button\'s pick is its text); the contact details turn\'s `[Contact Details] ...`.'),
    description: z.string().optional().describe('The first turn only, instead of `text`: the visitor\'s first words (empty when they gave none).'),
  })
  .meta({ id: 'BotTurn' });

export const BOT_CALL_STATES = ['queued', 'pending', 'answered', 'failed', 'dropped'] as const;

export const botCallSchema = z
  .object({
    id: z.number().int(),
    turn: z.number().int().describe('1 for the conversation\'s first turn.'),
    widgetId: z.string().describe('The widget whose bot was called.'),
    state: z
      .enum(BOT_CALL_STATES)
      .describe('`queued` behind the call in flight (one at a time, in order); `pending` sent; `answered` (see `applied`); `failed` (see `error`: the chat went to a human); `dropped`: never sent, the chat had left the bot.'),
    request: botTurnSchema.describe('The body POSTed (the token travels in the `authorization` header and is never recorded).'),
    url: z.string().nullable().describe('The bot URL the call went to; null until sent.'),
    queuedAt: msEpoch,
    startedAt: msEpoch.nullable(),
    finishedAt: msEpoch.nullable(),
    durationMs: z.number().int().nullable().describe('Milliseconds the exchange took: real time, or for a timeout on the key\'s clock, that clock\'s.'),
    statusCode: z.number().int().nullable(),
    answer: z.string().nullable().describe('The start of the answer\'s body, as received.'),
    error: z
      .string()
      .nullable()
      .describe('Why the call failed: `timeout: ...`, `connection_refused: ...`, `http_status: status 401`, `invalid_answer: ...`, `self_delivery: ...`; or why a turn was dropped.'),
    faultId: z.string().nullable().describe('The fault rule (target `bot`) that shaped the call.'),
    applied: z.array(z.string()).describe('What the mock did with the answer, item by item: `message`, `buttons`, `command BYE`, ... and `ignored ...` for what came after the chat left the bot.'),
  })
  .meta({ id: 'BotCall' });

// ---- the bot's answer, as the mock reads it (whatever its Content-Type) ----

const answerMessage = z.looseObject({
  type: z.literal('message'),
  text: z.string(),
  display_responses: z.array(z.looseObject({ text: z.string().min(1, 'a button needs a text') })).optional(),
});
const answerCommand = z.looseObject({
  type: z.literal('command'),
  operation: z.string().min(1, 'operation is required'),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const botAnswerSchema = z.looseObject({
  widget_id: z.string().optional(),
  case_id: z.string().optional(),
  content: z.array(z.discriminatedUnion('type', [answerMessage, answerCommand], { error: 'each item\'s type must be "message" or "command"' }), {
    error: 'content must be an array of messages and commands',
  }),
});

export type BotSettingsInput = z.input<typeof botBody>;
export type BotSettings = z.infer<typeof botResponse>;
export type BotTurn = z.infer<typeof botTurnSchema>;
export type BotCallRecord = z.infer<typeof botCallSchema>;
export type BotAnswer = z.infer<typeof botAnswerSchema>;
