// /_mock/widgets/{widgetId}/bot: a widget's chat bot (SnapEngage keeps it with the widget's Design Studio settings),
// set, read and removed by the widget owner's api_key; the token is write-only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyQuery, BOTS_TAG, mockErrors, widgetParams } from '../http/control-schemas.js';
import { botBody, botResponse } from './schemas.js';

export const botRoutes: FastifyPluginAsyncZod = async (app) => {
  const { bots } = app.ctx;
  const tags = [BOTS_TAG];

  app.put(
    '/widgets/:widgetId/bot',
    {
      schema: {
        tags,
        operationId: 'setBot',
        summary: "Give a widget a chat bot: its new chats go to the bot until it hands over",
        description:
          'Replaces the settings whole (the bot\'s bans stay). From now on a new chat on the widget is the bot\'s (status `bot`): each visitor turn is POSTed to `url` with `authorization: <token>`, and the answer\'s messages, buttons and commands are carried out. The widget is online without an agent while it has a bot. A `url` reaching one of the mock\'s own listeners is refused (400 `self_delivery`).',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: botBody,
        response: { 200: botResponse.describe('The settings as saved (the token never returned).'), ...mockErrors },
      },
    },
    async (request) => bots.toResponse(await bots.put(request.partner, request.params.widgetId, request.body)),
  );

  app.get(
    '/widgets/:widgetId/bot',
    {
      schema: {
        tags,
        operationId: 'getBot',
        summary: "A widget's chat bot and the visitors it banned (the token is never returned)",
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 200: botResponse.describe('The settings (the token never returned).'), ...mockErrors },
      },
    },
    async (request) => bots.toResponse(bots.get(request.partner, request.params.widgetId)),
  );

  app.delete(
    '/widgets/:widgetId/bot',
    {
      schema: {
        tags,
        operationId: 'deleteBot',
        summary: "Remove a widget's chat bot and its bans",
        description: 'New chats go to the agents\' queue again. A chat the bot has now stays with it until its next turn, whose call fails (`no_bot`) and hands the chat to a human.',
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 204: z.null().describe('Removed; no body.'), ...mockErrors },
      },
    },
    async (request, reply) => {
      bots.delete(request.partner, request.params.widgetId);
      return reply.code(204).send(null);
    },
  );
};
