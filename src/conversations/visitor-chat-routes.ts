// The Visitor Chat API under /api/v1 (what mobile apps and custom chat clients call): availability, start a chat,
// poll for the other side's lines, send or close. Keyed by the `x-api-key` header; a 404 has an empty body, as
// SnapEngage documents; parameters travel in the query string (SnapEngage's sample) or a form or JSON body.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, errorEnvelopeSchema } from '../core/errors.js';
import { requireHeaderApiKey } from '../http/api-key.js';
import { emptyBodyAsObject } from '../http/optional-body.js';
import { availabilitySchema, chatStarted, pollQuery, pollResponse, sendQuery, sendResponse, startChatParams } from './schemas.js';

export const VISITOR_CHAT_TAG = 'visitor chat';

const errors = {
  400: errorEnvelopeSchema.describe('A parameter is invalid or missing (`details` names it), or the chat is closed (`conversation_closed`).'),
  401: errorEnvelopeSchema.describe('The x-api-key header is missing or not an API key the mock accepts.'),
  404: z.null().describe('No such widget or case for this API key: an empty body, as SnapEngage documents.'),
};
const security = [{ visitorApiKey: [] }];
const config = { emptyNotFound: true, formBody: true, bodyOptional: true };

export const visitorChatRoutes: FastifyPluginAsyncZod = async (app) => {
  const { visitors } = app.ctx.frontDesk;
  const tags = [VISITOR_CHAT_TAG];
  app.addHook('onRequest', requireHeaderApiKey);

  app.get(
    '/chat/:widgetId',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'getChatAvailability',
        summary: 'Whether a widget is online, and what it asks of a visitor (flags as the strings "true"/"false")',
        params: z.strictObject({ widgetId: z.string() }),
        response: { 200: availabilitySchema.describe('Whether the widget is online now, and what it asks of a visitor.'), ...errors },
      },
    },
    async (request) => visitors.availability(visitors.widget(request.params.widgetId, request.partner)),
  );

  app.post(
    '/chat',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'startChat',
        summary: 'Start a chat, or leave an offline message',
        description:
          'Parameters in the query string (as SnapEngage\'s sample sends them, with `Content-Type: application/x-www-form-urlencoded` and no body), or in a form or JSON body; the query string wins where both give one. A chat when the widget is online and `isOffline` is not true: it waits in the queue until an agent accepts it, or, when the widget has a bot (`PUT /_mock/widgets/{widgetId}/bot`), the bot takes it first. Otherwise an offline message, recorded at once as an `offline` case (webhook, Logs API).',
        querystring: startChatParams,
        body: startChatParams,
        response: { 200: chatStarted.describe('The case id the chat (or offline message) goes by, from the poll to the Logs API.'), ...errors },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => {
      const { widgetId, ...input } = { ...request.body, ...request.query };
      if (!widgetId) throw badRequest('widgetId', 'required', 'widgetId is required');
      const widget = visitors.widget(widgetId, request.partner);
      const { caseId } = visitors.start(widget, input, {
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        acceptLanguage: request.headers['accept-language'],
      });
      return { caseId, widgetId };
    },
  );

  app.get(
    '/chat/poll/:caseId',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'pollChat',
        summary: "The agent's and the system's lines from an index on, and whether an agent is typing",
        description:
          'Lines are numbered across the whole chat (the visitor\'s own lines take numbers too, so the indexes answered skip them). A bot\'s lines are `agent` lines under its name; its buttons follow as a `/SYS BTN ["…"]` system line. `index` is the start index: the line with that number is included, so ask for the last index seen plus one. SnapEngage recommends polling every 1-2 s.',
        params: z.strictObject({ caseId: z.string() }),
        querystring: pollQuery,
        response: { 200: pollResponse.describe('The lines from `index` on, and whether an agent is typing.'), ...errors },
      },
    },
    async (request) => visitors.poll(request.partner, request.params.caseId, request.query.index, request.query.isTyping),
  );

  app.put(
    '/chat',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'sendChatMessage',
        summary: 'Send a visitor line (messageType 1) or close the chat (messageType 2)',
        description: 'Parameters in the query string, as SnapEngage\'s sample sends them. Closing makes the chat a case: the webhook delivers it and the Logs API pages it.',
        querystring: sendQuery,
        response: { 200: sendResponse.describe('What was sent, echoed.'), ...errors },
      },
    },
    async (request) => {
      // As SnapEngage's sample sends them: a body's parameters would be dropped without a word, so one is refused.
      if (request.body !== undefined && request.body !== null && Object.keys(request.body as object).length > 0) {
        throw badRequest('body', 'query_only', 'send caseId, messageType and messageBody in the query string, as SnapEngage documents; the body is not read');
      }
      return visitors.send(request.partner, request.query.caseId, request.query.messageType, request.query.messageBody);
    },
  );
};
