// zod schemas of the front desk: the control plane's agents, scripts, chat settings and conversations (/_mock), the
// Visitor Chat API (/api/v1/chat) and widget availability (/public/api/v2/chat), as SnapEngage's pages show them.
import { z } from 'zod';
import { botCallSchema } from '../bots/schemas.js';
import { apiKeyParam, msEpoch, waitTimeoutMs, widgetParams } from '../http/control-schemas.js';

/** Delays a script may ask for: at most a week, the longest a chat document can describe. */
const MAX_DELAY_MS = 7 * 24 * 3_600_000;
const delay = (field: string) => z.number().int().min(0).max(MAX_DELAY_MS, `${field} must be at most ${MAX_DELAY_MS} (7 days)`);

// ---- agents and presence ----

export const agentParams = widgetParams.extend({
  agentId: z.string().describe('The agent as the widget lists it: `wc:ada@example.com`, or the email alone (any case).'),
});

export const agentStatusBody = z
  .strictObject({
    status: z.enum(['online', 'paused', 'offline'], { error: 'status must be online, paused or offline' }),
    maxChats: z.number().int().min(1).max(100, 'maxChats must be 1 to 100').optional().describe('Chats the agent takes at once on this widget (default 3).'),
  })
  .meta({ id: 'AgentStatusPut' });

export const agentPresenceSchema = z
  .object({
    agentId: z.string().describe('As the widget response shows it (`wc:` for web-client agents).'),
    agentAlias: z.string(),
    agentAvatar: z.string(),
    status: z.enum(['online', 'paused', 'offline']).describe('`offline` until set.'),
    maxChats: z.number().int(),
    openChats: z.number().int().describe('Chats the agent has on this widget now.'),
  })
  .meta({ id: 'AgentPresence' });

export const widgetAgentsResponse = z
  .object({
    widgetId: z.string(),
    online: z.boolean().describe('What widget availability answers now, on this key\'s clock.'),
    reason: z.string().nullable().describe('Why the widget is offline; null when online.'),
    agents: z.array(agentPresenceSchema),
  })
  .meta({ id: 'WidgetAgents' });

// ---- widget settings: chat settings and the agent script ----

export const chatSettingsBody = z
  .strictObject({
    emailRequired: z.boolean().default(false),
    messageRequired: z.boolean().default(false),
    screenshotRequired: z.boolean().default(false),
  })
  .meta({ id: 'ChatSettings' });

export const agentScriptBody = z
  .strictObject({
    acceptAfterMs: delay('acceptAfterMs').default(0).describe('A queued chat is accepted this long after it queued (by the least busy online agent).'),
    greeting: z.string().min(1).max(10_000).optional().describe('Said on accepting; `{alias}` becomes the agent\'s alias.'),
    replies: z
      .array(z.strictObject({ match: z.string().min(1).max(200), text: z.string().min(1).max(10_000) }))
      .max(100, 'replies may hold at most 100 entries')
      .default([])
      .describe('The first entry whose `match` the visitor\'s line contains (any case) is answered with its `text`.'),
    fallback: z.string().min(1).max(10_000).optional().describe('The answer when no reply matches; without it the agent stays silent.'),
    typingMs: delay('typingMs').default(0).describe('The agent is shown typing this long before each reply.'),
    closeAfterIdleMs: delay('closeAfterIdleMs').min(1).optional().describe('A chat whose visitor stays silent this long is closed by the agent.'),
  })
  .meta({ id: 'AgentScript' });

export const agentScriptResponse = z
  .object({ widgetId: z.string(), script: agentScriptBody, updatedAt: msEpoch })
  .meta({ id: 'AgentScriptSettings' });

// ---- conversations (the agent's side) ----

export const CONVERSATION_STATUSES = ['queued', 'active', 'bot', 'closed'] as const;

export const conversationsQuery = z.strictObject({
  api_key: apiKeyParam,
  widgetId: z.string().optional(),
  status: z.enum(CONVERSATION_STATUSES, { error: 'status must be queued, active, bot or closed' }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Newest first; at most 1000.'),
});

export const caseParams = z.strictObject({ caseId: z.string().describe('The conversation\'s case id, as the visitor got it.') });

const visitorSchema = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  userAgent: z.string().optional(),
  locale: z.string().optional(),
  appVersionName: z.string().optional(),
  ipAddress: z.string().optional(),
  pageUrl: z.string().optional(),
  referrerUrl: z.string().optional(),
  languageCode: z.string().optional(),
});

export const conversationSchema = z
  .object({
    caseId: z.string(),
    widgetId: z.string(),
    type: z.enum(['chat', 'offline']),
    status: z.enum(CONVERSATION_STATUSES).describe('`queued` for an agent, `active` with one, `bot` with the widget\'s bot (until it hands over), `closed`.'),
    agentId: z.string().nullable().describe('The agent who has (or last had) the chat, `wc:` for web-client agents.'),
    visitor: visitorSchema,
    variables: z.array(z.object({ name: z.string(), value: z.string() })).describe('The page\'s custom fields: the case\'s javascript_variables.'),
    description: z.string(),
    proactive: z.boolean(),
    agentTyping: z.boolean(),
    visitorTyping: z.boolean(),
    messageCount: z.number().int(),
    createdAt: msEpoch,
    acceptedAt: msEpoch.nullable(),
    closedAt: msEpoch.nullable(),
    endedBy: z.string().nullable().describe('`visitor`, `agent`, or `bot` once closed.'),
  })
  .meta({ id: 'Conversation' });

export const messageSchema = z
  .object({
    index: z.number().int(),
    kind: z.enum(['visitor', 'agent', 'bot', 'system']),
    author: z.string(),
    agentId: z.string().nullable(),
    text: z.string(),
    at: msEpoch,
  })
  .meta({ id: 'ConversationMessage' });

export const conversationDetail = conversationSchema
  .extend({
    messages: z.array(messageSchema),
    botCalls: z.array(botCallSchema).describe('Every call to a bot about this chat, in order, with how it ended and why (empty without a bot).'),
  })
  .meta({ id: 'ConversationDetail' });

export const acceptBody = z.strictObject({ agentId: z.string().min(1).describe('One of the widget\'s agents, online with a free slot.') });

export const replyBody = z
  .union([
    z.strictObject({ text: z.string().min(1), agentId: z.string().min(1).optional().describe('Default: the chat\'s agent.') }),
    z.strictObject({ system: z.string().min(1).describe('A system line, in SnapEngage\'s slash form (`/NFO …`).') }),
  ])
  .meta({ id: 'ConversationReply' });

export const typingBody = z.strictObject({ typing: z.boolean() });

export const closeBody = z.strictObject({ by: z.enum(['agent', 'visitor']).default('agent').describe('Who ended it: the case\'s chat_ended_by.') });

// ---- the Visitor Chat API and widget availability ----

const flag = z.enum(['true', 'false']);

export const availabilitySchema = z
  .object({ widgetId: z.string(), online: flag, emailRequired: flag, messageRequired: flag, screenshotRequired: flag })
  .meta({ id: 'ChatAvailability' });

export const publicAvailability = z.object({ statusCode: z.literal(200), data: availabilitySchema }).meta({ id: 'PublicChatAvailability' });
export const publicError = z.object({ statusCode: z.number().int(), error: z.object({ message: z.string() }) }).meta({ id: 'PublicError' });

const booleanParam = z.union([z.boolean(), z.stringbool({ error: 'must be true or false' })]);

/** The parameters of a chat's start, in the query string (SnapEngage's sample) or a form or JSON body. */
export const startChatParams = z.strictObject({
  widgetId: z.string().min(1).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(100).optional(),
  userAgent: z.string().max(1000).optional(),
  locale: z.string().max(100).optional(),
  isOffline: booleanParam.optional().describe('true: leave an offline message (emailed) instead of chatting.'),
  appVersionName: z.string().max(100).optional(),
  visitorMessage: z.string().optional(),
  name: z.string().max(200).optional().describe('Not in SnapEngage\'s list: the visitor\'s name, for the case\'s requester_details.'),
});

export const chatStarted = z.object({ caseId: z.string(), widgetId: z.string() }).meta({ id: 'ChatStarted' });

export const pollQuery = z.strictObject({
  index: z.coerce.number().int().min(0).default(0).describe('The start index: lines from this one on (itself included).'),
  isTyping: z.stringbool({ error: 'isTyping must be true or false' }).default(false).describe('Whether the visitor is typing now (default false, as documented).'),
});

export const pollResponse = z
  .object({
    caseId: z.string(),
    agentTyping: z.boolean(),
    messageList: z.array(z.object({ index: z.number().int(), type: z.enum(['agent', 'system']), author: z.string(), text: z.string() })),
  })
  .meta({ id: 'ChatPoll' });

export const sendQuery = z.strictObject({
  caseId: z.string().min(1),
  messageType: z.enum(['1', '2'], { error: 'messageType must be 1 (send) or 2 (close)' }),
  messageBody: z.string().default('').describe('The visitor\'s line (messageType 1, where it may not be empty).'),
});

export const sendResponse = z.object({ caseId: z.string(), messageBody: z.string(), messageType: z.string() }).meta({ id: 'ChatMessageSent' });

// The front desk's shapes as TypeScript, inferred from the schemas above: the harness and the inspector page take them
// from here (one home).
/** GET /api/v1/chat/{widgetId}: the flags are the strings "true"/"false", as SnapEngage sends them. */
export type ChatAvailability = z.infer<typeof availabilitySchema>;
export type ChatStarted = z.infer<typeof chatStarted>;
/** The other side's lines from an index on (the visitor's own lines take indexes too, so the ones answered skip them). */
export type ChatPoll = z.infer<typeof pollResponse>;
export type ChatMessageSent = z.infer<typeof sendResponse>;
export type AgentStatus = z.infer<typeof agentStatusBody>['status'];
export type AgentStatusPut = z.input<typeof agentStatusBody>;
export type AgentPresence = z.infer<typeof agentPresenceSchema>;
export type WidgetAgents = z.infer<typeof widgetAgentsResponse>;
/** A script as sent: every field but the delays and replies optional. */
export type AgentScriptInput = z.input<typeof agentScriptBody>;
export type AgentScriptSettings = z.infer<typeof agentScriptResponse>;
export type ConversationSummary = z.infer<typeof conversationSchema>;
export type ConversationList = { conversations: ConversationSummary[] };
export type ConversationDetail = z.infer<typeof conversationDetail>;
/** One line of a conversation, any side's: `kind` is visitor, agent, bot or system; `index` numbers every line. */
export type ConversationMessage = z.infer<typeof messageSchema>;
export type ConversationFilter = Partial<Omit<z.output<typeof conversationsQuery>, 'api_key'>>;
export type ConversationReply = z.infer<typeof replyBody>;
export type AcceptInput = z.infer<typeof acceptBody>;
export type TypingInput = z.infer<typeof typingBody>;
export type CloseInput = z.input<typeof closeBody>;

// ---- a chat's calls to its bot ----

export const botCallsQuery = z.strictObject({
  api_key: apiKeyParam,
  wait: z
    .enum(['answered', 'handover'], { error: 'wait must be answered or handover' })
    .optional()
    .describe('Long-poll: `answered` until no call is queued or in flight (the bot answered, or failed, every turn so far); `handover` until the bot no longer has the chat (queued for an agent, taken, or closed); or timeout_ms. Then 200 with the calls as they are.'),
  timeout_ms: waitTimeoutMs,
});

export const botCallsView = z
  .object({
    caseId: z.string(),
    status: z.enum(CONVERSATION_STATUSES).describe('The chat\'s status now: `bot` while the bot has it.'),
    botCalls: z.array(botCallSchema),
  })
  .meta({ id: 'ConversationBotCalls' });

export type ConversationBotCalls = z.infer<typeof botCallsView>;
