// The front desk from a test: the visitor's side as a mobile app calls SnapEngage's Visitor Chat API (x-api-key, the
// parameters in the query string), and the agent's side under /_mock (presence, accept, reply, typing, close, scripts).
import type {
  AgentPresence,
  AgentScriptInput,
  AgentScriptSettings,
  AgentStatus,
  ChatAvailability,
  ChatMessageSent,
  ChatPoll,
  ChatStarted,
  ConversationDetail,
  ConversationFilter,
  ConversationMessage,
  ConversationSummary as Conversation,
  WidgetAgents,
} from '../conversations/schemas.js';
import type { startChatParams } from '../conversations/schemas.js';
import type { z } from 'zod';
import { query, type Transport } from './transport.js';

export type {
  AgentPresence,
  AgentScriptInput,
  AgentScriptSettings,
  AgentStatus,
  ChatAvailability,
  ChatMessageSent,
  ChatPoll,
  ChatStarted,
  Conversation,
  ConversationDetail,
  ConversationFilter,
  ConversationMessage,
  WidgetAgents,
};
/** POST /api/v1/chat's parameters; `widgetId` is required here (the mock answers 400 without it). */
export type StartChatInput = Omit<z.input<typeof startChatParams>, 'widgetId'> & { widgetId: string };

export interface PollOptions {
  /** The start index, included: the last index seen plus one (default 0, every line). */
  index?: number;
  /** Tells the agent's side whether the visitor is typing. */
  isTyping?: boolean;
}

/** A visitor, as SnapEngage's mobile samples call the Visitor Chat API with this client's key in `x-api-key`. */
export interface VisitorHelpers {
  /** Whether the widget is online now (on this key's clock) and what it asks of a visitor; 404 for another key's widget. */
  availability(widgetId: string): Promise<ChatAvailability>;
  /** A chat (queued until an agent accepts it) when the widget is online; else, or with `isOffline: true`, an offline message, closed at once. */
  start(params: StartChatInput): Promise<ChatStarted>;
  /** The agent's and the system's lines from `index` on, and whether an agent is typing. */
  poll(caseId: string, options?: PollOptions): Promise<ChatPoll>;
  /** A visitor's line (messageType 1); a closed chat answers 400 `conversation_closed`. */
  send(caseId: string, text: string): Promise<ChatMessageSent>;
  /** Ends the chat (messageType 2): it becomes a case, delivered by the webhook and paged by the Logs API. */
  close(caseId: string): Promise<ChatMessageSent>;
}

/** The agent's side (SnapEngage's agent desk is not an API: the mock's /_mock routes play it). */
export interface AgentHelpers {
  /** A widget's agents with their status and open chats, and whether they make the widget online. */
  agents(widgetId: string): Promise<WidgetAgents>;
  /** `agentId` as the widget lists it (`wc:ada@example.com`, or the email). Offline returns the agent's chats to the queue. */
  setStatus(widgetId: string, agentId: string, status: AgentStatus, maxChats?: number): Promise<AgentPresence>;
  /** A queued chat taken by an agent online with a free slot (409 `agent_unavailable` otherwise); the visitor sees `/NIC <alias>`. */
  accept(caseId: string, agentId: string): Promise<Conversation>;
  /** A line from the chat's agent, or from `agentId` (another agent of the widget). */
  reply(caseId: string, text: string, agentId?: string): Promise<ConversationMessage>;
  /** Shows or hides the agent typing (the visitor's poll says `agentTyping`); the agent's next line hides it. */
  typing(caseId: string, on: boolean): Promise<Conversation>;
  /** Ends the chat as the agent (chat_ended_by `agent`): it becomes a case. */
  close(caseId: string): Promise<Conversation>;
  /** Staffs the widget with a scripted agent (accept, greet, answer by keyword, close when idle), on this key's clock. */
  setScript(widgetId: string, script: AgentScriptInput): Promise<AgentScriptSettings>;
  /** Removes the widget's script: its new chats wait for you to accept them. */
  removeScript(widgetId: string): Promise<void>;
  /** This key's conversations, newest first (`status: 'queued'` is the queue). */
  conversations(filter?: ConversationFilter): Promise<Conversation[]>;
  /** One conversation with every line, the visitor's included. */
  conversation(caseId: string): Promise<ConversationDetail>;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function visitorHelpers(http: Transport, apiKey: string): VisitorHelpers {
  // As SnapEngage's sample sends them: the key in x-api-key, every parameter in the query string, a form type, no body.
  const visitor = { 'x-api-key': apiKey };
  const chat = <T>(method: string, path: string) => http.call<T>(method, `/api/v1/chat${path}`, undefined, { ...visitor, ...(method !== 'GET' && FORM) });
  const line = (caseId: string, messageType: '1' | '2', messageBody: string): Promise<ChatMessageSent> =>
    chat('PUT', query({ caseId, messageType, messageBody }));
  return {
    availability: (widgetId) => chat('GET', `/${encodeURIComponent(widgetId)}`),
    start: (params) => chat('POST', query(params)),
    poll: (caseId, options = {}) => chat('GET', `/poll/${encodeURIComponent(caseId)}${query({ index: options.index, isTyping: options.isTyping })}`),
    send: (caseId, text) => line(caseId, '1', text),
    close: (caseId) => line(caseId, '2', ''),
  };
}

export function agentHelpers(http: Transport, apiKey: string): AgentHelpers {
  const key = query({ api_key: apiKey });
  const widget = (id: string) => `/_mock/widgets/${encodeURIComponent(id)}`;
  const conversation = (id: string, action = '') => `/_mock/conversations/${encodeURIComponent(id)}${action}${key}`;
  return {
    agents: (widgetId) => http.call('GET', `${widget(widgetId)}/agents${key}`),
    setStatus: (widgetId, agentId, status, maxChats) =>
      http.call('PUT', `${widget(widgetId)}/agents/${encodeURIComponent(agentId)}/status${key}`, { status, maxChats }),
    accept: (caseId, agentId) => http.call('POST', conversation(caseId, '/accept'), { agentId }),
    reply: (caseId, text, agentId) => http.call('POST', conversation(caseId, '/messages'), { text, agentId }),
    typing: (caseId, on) => http.call('POST', conversation(caseId, '/typing'), { typing: on }),
    close: (caseId) => http.call('POST', conversation(caseId, '/close'), { by: 'agent' }),
    setScript: (widgetId, script) => http.call('PUT', `${widget(widgetId)}/agent-script${key}`, script),
    removeScript: async (widgetId) => {
      await http.call('DELETE', `${widget(widgetId)}/agent-script${key}`);
    },
    conversations: async (filter = {}) =>
      (await http.call<{ conversations: Conversation[] }>('GET', `/_mock/conversations${query({ api_key: apiKey, ...filter })}`)).conversations,
    conversation: (caseId) => http.call('GET', conversation(caseId)),
  };
}
