// Every call the page makes, typed by the server's own zod schemas: what it sends and what it gets back. Type-only
// imports, which esbuild erases, so no server code reaches the bundle; a server change that breaks the page breaks
// `npm run typecheck` instead. The modules imported here hold zod schemas only (no Node APIs): keep it that way.
import type { BotSettings } from '../../src/bots/schemas.js';
import type { ClockAdvance, ClockAdvanceInput, ClockState } from '../../src/control/clock-schemas.js';
import type {
  AcceptInput,
  AgentPresence,
  AgentStatusPut,
  CloseInput,
  ConversationDetail,
  ConversationList,
  ConversationMessage,
  ConversationReply,
  ConversationSummary,
  TypingInput,
  WidgetAgents,
} from '../../src/conversations/schemas.js';
import type { FaultList, FaultRule, FaultRuleInput, Health, JournalList, Removed, ResetResult } from '../../src/control/schemas.js';
import type { Delivery, DeliveryList } from '../../src/delivery/schemas.js';
import type { EmailList } from '../../src/email/schemas.js';
import type { InspectorAccounts, Ladder, SupportRequestView } from '../../src/inspector/schemas.js';
import type { IntegrationSettings, IntegrationSettingsInput, SupportRequestCreated } from '../../src/integration/schemas.js';
import type { UserCreate, UserResponse, WidgetCreate, WidgetResponse } from '../../src/provisioning/schemas.js';
import type { SupportRequestOverrides } from '../../src/support-request/document-schema.js';

/** `METHOD /path` (`:name` for a path parameter) -> the body it takes, if any, and what a 2xx answers. */
export interface Routes {
  /** Open (no key): the key prompt reads `devApiKey` from it. */
  'GET /_mock/health': { response: Health };
  'GET /_mock/accounts': { response: InspectorAccounts };
  'PUT /api/v1/user.json': { body: UserCreate; response: UserResponse };
  'PUT /api/v1/widget.json': { body: WidgetCreate; response: WidgetResponse };
  'PUT /_mock/widgets/:widgetId/integration': { body: IntegrationSettingsInput; response: IntegrationSettings };
  'POST /_mock/widgets/:widgetId/support-requests': { body: SupportRequestOverrides; response: SupportRequestCreated };
  'GET /_mock/support-requests/:id': { response: SupportRequestView };
  'GET /_mock/deliveries': { response: DeliveryList };
  'GET /_mock/deliveries/:id': { response: Delivery };
  'GET /_mock/deliveries/:id/ladder': { response: Ladder };
  'POST /_mock/deliveries/:id/redeliver': { response: Delivery };
  'GET /_mock/emails': { response: EmailList };
  /** The attachment as it was attached: read through raw(), as a blob. */
  'GET /_mock/emails/:id/attachments/:index': { response: string };
  'GET /_mock/requests': { response: JournalList };
  'GET /_mock/faults': { response: FaultList };
  'POST /_mock/faults': { body: FaultRuleInput; response: FaultRule };
  'DELETE /_mock/faults/:id': { response: Removed };
  'GET /_mock/clock': { response: ClockState };
  'POST /_mock/clock/advance': { body: ClockAdvanceInput; response: ClockAdvance };
  'POST /_mock/reset': { response: ResetResult };
  'GET /_mock/conversations': { response: ConversationList };
  'GET /_mock/conversations/:caseId': { response: ConversationDetail };
  'POST /_mock/conversations/:caseId/accept': { body: AcceptInput; response: ConversationSummary };
  'POST /_mock/conversations/:caseId/messages': { body: ConversationReply; response: ConversationMessage };
  'POST /_mock/conversations/:caseId/typing': { body: TypingInput; response: ConversationSummary };
  'POST /_mock/conversations/:caseId/close': { body: CloseInput; response: ConversationSummary };
  'GET /_mock/widgets/:widgetId/agents': { response: WidgetAgents };
  'PUT /_mock/widgets/:widgetId/agents/:agentId/status': { body: AgentStatusPut; response: AgentPresence };
  /** 404 `bot_not_found` for a widget without a bot. The token is write-only: the answer says only `tokenSet`. */
  'GET /_mock/widgets/:widgetId/bot': { response: BotSettings };
}

export type Route = keyof Routes;
