// /_mock/widgets/{widgetId}/visitors, /proactive and /switch: what only a person at SnapEngage could cause on a page that
// runs the widget (an agent's proactive invitation, the visitor picking another widget), on cue from a test. An agent's
// lines and the close are the conversation routes' (/_mock/conversations/{caseId}/…): the page hears those too.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiKeyQuery, conflictError, FRONT_DESK_TAG, mockErrors, widgetParams } from '../http/control-schemas.js';
import { pagesResponse, proactiveBody, proactiveResponse, switchBody, switchResponse } from './schemas.js';

export const widgetControlRoutes: FastifyPluginAsyncZod = async (app) => {
  const { widgetJs } = app.ctx;
  const tags = [FRONT_DESK_TAG];

  app.get(
    '/widgets/:widgetId/visitors',
    {
      schema: {
        tags,
        operationId: 'listWidgetVisitors',
        summary: 'The pages that have the JavaScript widget open now, and the chat each started',
        description: 'A page is listed from the widget\'s first call until it stops polling for WIDGET_VISITOR_IDLE_MS. Its `visitorId` addresses one page in /proactive and /switch.',
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 200: pagesResponse.describe('The open pages, oldest first.'), ...mockErrors },
      },
    },
    async (request) => {
      const pages = widgetJs.service.pages(request.partner, request.params.widgetId);
      return {
        widgetId: request.params.widgetId,
        visitors: pages.map((v) => ({ visitorId: v.id, pageUrl: v.pageUrl ?? null, referrerUrl: v.referrerUrl ?? null, openedAt: v.openedAt, caseId: v.caseId })),
      };
    },
  );

  app.post(
    '/widgets/:widgetId/proactive',
    {
      schema: {
        tags,
        operationId: 'sendProactiveInvitation',
        summary: 'An agent invites the visitors on the widget\'s pages to chat: OpenProactive fires on each page',
        description:
          'To every open page of the widget that is not in a chat, or to one `visitorId` (409 `chat_in_progress` when that page is in one). The page shows the invitation unless it called allowProactiveChat(false); the visitor\'s answer starts a proactive chat (source_id 3) that begins with the invitation. 409 `proactive_chat_disabled` when the widget\'s enableProactiveChat is "false".',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: proactiveBody,
        response: { 200: proactiveResponse.describe('The invitation, and the pages it went to (none when no page is open).'), ...mockErrors, ...conflictError },
      },
    },
    async (request) => widgetJs.service.invite(request.partner, request.params.widgetId, request.body),
  );

  app.post(
    '/widgets/:widgetId/switch',
    {
      schema: {
        tags,
        operationId: 'switchWidgetVisitors',
        summary: 'The visitor picks another widget: SwitchWidget(newWidgetId) fires on the page, which moves to it',
        description: 'To every open page of the widget, or to one `visitorId`. `to` is another widget of this api_key (404 otherwise); a page in a chat moves once the chat ends.',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: switchBody,
        response: { 200: switchResponse.describe('The pages told to switch.'), ...mockErrors },
      },
    },
    async (request) => widgetJs.service.switchWidget(request.partner, request.params.widgetId, request.body),
  );
};
