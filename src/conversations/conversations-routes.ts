// /_mock/conversations: the agent's side of every chat of an api_key (SnapEngage's agent desk is not an API): the
// queue, each chat with its lines, and an agent's actions on it (accept, reply, typing, close).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Conversation } from '../db/conversations-repository.js';
import type { Message } from '../db/messages-repository.js';
import { apiKeyQuery, conflictError, FRONT_DESK_TAG, mockErrors } from '../http/control-schemas.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { acceptBody, caseParams, closeBody, conversationDetail, conversationSchema, conversationsQuery, messageSchema, replyBody, typingBody } from './schemas.js';

const toConversation = (c: Conversation) => ({
  caseId: c.caseId,
  widgetId: c.widgetId,
  type: c.type,
  status: c.status,
  agentId: c.agentId,
  visitor: c.visitor,
  variables: c.variables,
  description: c.description,
  proactive: c.proactive,
  agentTyping: c.agentTyping,
  visitorTyping: c.visitorTyping,
  messageCount: c.nextIndex,
  createdAt: c.createdAt,
  acceptedAt: c.acceptedAt,
  closedAt: c.closedAt,
  endedBy: c.endedBy,
});

const toMessage = (m: Message) => ({ index: m.index, kind: m.kind, author: m.author, agentId: m.agentId, text: m.text, at: m.at });

export const conversationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { agents, bots } = app.ctx.frontDesk;
  const tags = [FRONT_DESK_TAG];
  const errors = { ...mockErrors, ...conflictError };

  app.get(
    '/conversations',
    {
      schema: {
        tags,
        operationId: 'listConversations',
        summary: "This api_key's conversations, newest first: the queue (status=queued), the chats under way, the closed",
        querystring: conversationsQuery,
        response: { 200: z.object({ conversations: z.array(conversationSchema) }).describe('The conversations, newest first.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widgetId, status, limit } = request.query;
      return { conversations: agents.list({ partner: request.partner, widgetId, status, limit }).map(toConversation) };
    },
  );

  app.get(
    '/conversations/:caseId',
    {
      schema: {
        tags,
        operationId: 'getConversation',
        summary: 'One conversation with every line (the visitor\'s, the agents\', bots\' and system lines) and every call to its bot',
        params: caseParams,
        querystring: apiKeyQuery,
        response: { 200: conversationDetail.describe('The conversation and every line, in order.'), ...mockErrors },
      },
    },
    async (request) => {
      const { conversation, messages } = agents.detail(request.partner, request.params.caseId);
      return { ...toConversation(conversation), messages: messages.map(toMessage), botCalls: bots.records(conversation.caseId) };
    },
  );

  const action = <B extends z.ZodType>(path: string, operationId: string, summary: string, body: B, description: string) =>
    ({ path, schema: { tags, operationId, summary, description, params: caseParams, querystring: apiKeyQuery, body, response: { 200: conversationSchema.describe('The conversation as it is now.'), ...errors } } }) as const;

  const accept = action('accept', 'acceptConversation', 'An agent takes a queued chat', acceptBody, 'The agent must be one of the widget\'s, online with a free slot (409 `agent_unavailable` otherwise); the visitor sees `/NIC <alias>`. 409 `conversation_not_queued` for a chat already taken.');
  app.post(`/conversations/:caseId/${accept.path}`, { schema: accept.schema }, async (request) =>
    toConversation(agents.accept(request.partner, request.params.caseId, request.body.agentId)),
  );

  app.post(
    '/conversations/:caseId/messages',
    {
      schema: {
        tags,
        operationId: 'replyToConversation',
        summary: 'An agent\'s line (the chat\'s agent, or `agentId`), or a system line',
        params: caseParams,
        querystring: apiKeyQuery,
        body: replyBody,
        response: { 200: messageSchema.describe('The line as recorded, with its index.'), ...errors },
      },
    },
    async (request) => {
      return toMessage(agents.reply(request.partner, request.params.caseId, request.body));
    },
  );

  const typing = action('typing', 'setAgentTyping', 'Show or hide the agent typing', typingBody, 'The visitor\'s poll answers it as `agentTyping`; the agent\'s next line clears it.');
  app.post(`/conversations/:caseId/${typing.path}`, { schema: typing.schema }, async (request) =>
    toConversation(agents.typing(request.partner, request.params.caseId, request.body.typing)),
  );

  const close = action('close', 'closeConversation', 'Close a chat: it becomes a case (webhook, Logs API)', closeBody, 'The case\'s chat_ended_by is `by` (default `agent`). 409 `conversation_closed` when it already is.');
  app.post(`/conversations/:caseId/${close.path}`, { schema: close.schema, config: { bodyOptional: true }, preValidation: emptyBodyAsObject }, async (request) =>
    toConversation(agents.close(request.partner, request.params.caseId, request.body.by)),
  );
};
