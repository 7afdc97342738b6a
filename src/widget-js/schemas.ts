// zod schemas of the JavaScript widget: the calls its script makes from a page (/widget/…, keyless, a token per page) and
// the control plane's triggers (/_mock/widgets/{widgetId}/visitors, /proactive, /switch). The widget's browser code
// (widget/src/) imports the types: zod only here, no Node API.
import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../conversations/schemas.js';
import { msEpoch } from '../http/control-schemas.js';

export const WIDGET_TAG = 'javascript widget';

// ---- what a page calls ----

const url = z.string().max(2048);

export const registerBody = z
  .strictObject({
    widgetId: z.string().min(1).max(200).describe('The widget the page loaded (/js/{widgetId}.js).'),
    pageUrl: url.optional().describe('The page the widget runs on: the case\'s page_url and entry_url.'),
    referrerUrl: url.optional().describe('The page\'s referrer: the case\'s referrer_url.'),
  })
  .meta({ id: 'WidgetVisitorRegister' });

export const registered = z
  .object({
    visitorId: z.string().describe('The page, as the control plane names it (GET /_mock/widgets/{widgetId}/visitors).'),
    token: z.string().describe('The page\'s secret: every later call sends it in `x-visitor-token`. Given once, never shown again.'),
    widgetId: z.string(),
    online: z.boolean().describe('What widget availability answers now (presence, schedule, on the key\'s clock).'),
    emailRequired: z.boolean(),
    messageRequired: z.boolean(),
    pollMs: z.number().int().describe('How long a poll is held when nothing is new.'),
  })
  .meta({ id: 'WidgetVisitor' });

export const visitorParams = z.strictObject({ visitorId: z.string().max(100).describe('The page\'s visitorId, as registering answered it.') });

export const pollQuery = z.strictObject({
  index: z.coerce.number().int().min(0).default(0).describe('The first line index the page has not seen.'),
  after: z.coerce.number().int().min(0).default(0).describe('The last event `seq` the page has seen.'),
  status: z.enum(['none', ...CONVERSATION_STATUSES]).default('none').describe('The chat state the page shows; another one answers at once.'),
  typing: z.stringbool({ error: 'typing must be true or false' }).default(false).describe('Whether the page shows the agent typing.'),
  online: z.stringbool({ error: 'online must be true or false' }).optional().describe('Whether the page shows the widget online; another answer comes at once.'),
});

const visitorEvent = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int(), type: z.literal('proactive'), agentAlias: z.string(), message: z.string() }),
  z.object({ seq: z.number().int(), type: z.literal('switch'), widgetId: z.string() }),
]);

// The front desk's own list: a state it gains (a bot owning the chat) reaches the page without a change here.
const chatStatus = z.enum(CONVERSATION_STATUSES);

export const polled = z
  .object({
    visitorId: z.string(),
    online: z.boolean(),
    events: z.array(visitorEvent).describe('Invitations and switches from the control plane after `after`, oldest first.'),
    chat: z
      .object({
        caseId: z.string(),
        status: chatStatus,
        agentTyping: z.boolean(),
        endedBy: z.string().nullable(),
        lines: z.array(z.object({ index: z.number().int(), kind: z.enum(['agent', 'bot', 'system']), author: z.string(), text: z.string() })),
      })
      .nullable()
      .describe('The page\'s last chat, with the other side\'s lines from `index` on; null before any.'),
  })
  .meta({ id: 'WidgetPoll' });

export const startBody = z
  .strictObject({
    email: z.string().max(254).optional(),
    name: z.string().max(200).optional(),
    locale: z.string().max(100).optional().describe('setLocale\'s code: the case\'s language_code.'),
    message: z.string().optional().describe('The visitor\'s first words (or the offline message).'),
    variables: z
      .array(z.strictObject({ name: z.string().min(1).max(200), value: z.string().max(10_000) }))
      .max(100, 'variables may hold at most 100 custom fields')
      .optional()
      .describe('setCustomField\'s fields: the case\'s javascript_variables.'),
    offline: z.boolean().optional().describe('true: an offline message (a case at once), as the offline form sends it.'),
    invitation: z.string().optional().describe('The proactive invitation the visitor answers: the chat is proactive and begins with it.'),
  })
  .meta({ id: 'WidgetChatStart' });

export const started = z
  .object({
    caseId: z.string(),
    type: z.enum(['chat', 'offline']).describe('`offline` when the widget was offline, or the page asked for it.'),
    index: z.number().int().describe('The first line index the page polls from.'),
  })
  .meta({ id: 'WidgetChatStarted' });

export const inviteBody = z.strictObject({ message: z.string().min(1).describe('What the invitation says.') }).meta({ id: 'WidgetInvitationAsk' });
export const invited = z
  .object({ agentAlias: z.string().describe('The agent who invites: a free online agent, else the widget\'s first.'), message: z.string() })
  .meta({ id: 'WidgetInvitation' });

export const sendBody = z.strictObject({ text: z.string().min(1) }).meta({ id: 'WidgetChatLine' });
export const sent = z.object({ caseId: z.string() }).meta({ id: 'WidgetChatLineSent' });
export const closed = z.object({ caseId: z.string(), status: chatStatus, endedBy: z.string().nullable() }).meta({ id: 'WidgetChatClosed' });

// ---- the control plane ----

export const pagesResponse = z
  .object({
    widgetId: z.string(),
    visitors: z.array(
      z.object({
        visitorId: z.string(),
        pageUrl: z.string().nullable(),
        referrerUrl: z.string().nullable(),
        openedAt: msEpoch,
        caseId: z.string().nullable().describe('The chat the page started last, open or closed.'),
      }),
    ),
  })
  .meta({ id: 'WidgetVisitors' });

export const proactiveBody = z
  .strictObject({
    message: z.string().min(1).describe('What the invitation says (OpenProactive\'s msg).'),
    agentId: z.string().min(1).optional().describe('The agent who invites (OpenProactive\'s agent is its alias). Default: a free online agent, else the widget\'s first.'),
    visitorId: z.string().min(1).optional().describe('One page; default: every page of the widget that is not in a chat.'),
  })
  .meta({ id: 'ProactiveInvitation' });

export const proactiveResponse = z
  .object({
    widgetId: z.string(),
    agentId: z.string(),
    agentAlias: z.string(),
    message: z.string(),
    visitors: z.array(z.string()).describe('The pages the invitation went to.'),
  })
  .meta({ id: 'ProactiveInvitationSent' });

export const switchBody = z
  .strictObject({
    to: z.string().min(1).describe('The widget the visitor picked: one of this api_key\'s.'),
    visitorId: z.string().min(1).optional().describe('One page; default: every page of the widget.'),
  })
  .meta({ id: 'WidgetSwitch' });

export const switchResponse = z.object({ widgetId: z.string(), to: z.string(), visitors: z.array(z.string()) }).meta({ id: 'WidgetSwitched' });

export type WidgetVisitor = z.infer<typeof registered>;
export type WidgetPoll = z.infer<typeof polled>;
export type WidgetChatStart = z.infer<typeof startBody>;
export type WidgetChatStarted = z.infer<typeof started>;
export type WidgetChatClosed = z.infer<typeof closed>;
export type WidgetInvitation = z.infer<typeof invited>;
export type WidgetVisitorRegister = z.infer<typeof registerBody>;
