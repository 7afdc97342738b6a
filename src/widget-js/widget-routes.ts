// /widget/…: what the widget's script calls from a customer's page. Keyless, as SnapEngage's widget is (its api key is a
// secret no page may hold): a page registers for a visitorId and a token, and every later call carries the token in
// `x-visitor-token`, so no other page can read or post into its chat. Any origin may call them (CORS `*`, no cookies), so
// they are `browserFacing` (http/browser-guard.ts); the preflight is answered here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { errorEnvelopeSchema } from '../core/errors.js';
import { closed, invited, inviteBody, polled, pollQuery, registerBody, registered, sendBody, sent, startBody, started, visitorParams, WIDGET_TAG } from './schemas.js';
import { z } from 'zod';

const VISITOR_TOKEN_HEADER = 'x-visitor-token';

const errors = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  404: errorEnvelopeSchema.describe('No such widget, or no page with this visitorId and token (`visitor_not_found`: register again).'),
};
const pageErrors = {
  ...errors,
  409: errorEnvelopeSchema.describe('The page\'s chat is in the wrong state (`chat_in_progress`, `no_open_chat`).'),
};
const security = [{ visitorToken: [] }];
const config = { browserFacing: true };

const tokenOf = (request: FastifyRequest): string | undefined => {
  const value = request.headers[VISITOR_TOKEN_HEADER];
  return typeof value === 'string' ? value : undefined;
};

export const widgetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { widgetJs } = app.ctx;
  const tags = [WIDGET_TAG];

  // No credentials ever travel (the token is a header the page sends on purpose), so `*` is safe and any site may embed.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('access-control-allow-origin', '*');
    done(null, payload);
  });
  // A held poll would keep the server from closing: answer them all.
  app.addHook('preClose', async () => widgetJs.visitors.wakeAll());

  app.options('/widget/*', { config, schema: { hide: true } }, (request, reply) => {
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, DELETE')
      .header('access-control-allow-headers', `content-type, ${VISITOR_TOKEN_HEADER}`)
      .header('access-control-max-age', '600');
    // Chrome asks before a public site's page reaches a private address (a mock on the developer's machine).
    if (request.headers['access-control-request-private-network'] === 'true') reply.header('access-control-allow-private-network', 'true');
    return reply.send();
  });

  app.post(
    '/widget/visitors',
    {
      config,
      schema: {
        tags,
        security: [],
        operationId: 'registerWidgetVisitor',
        summary: 'A page opens the widget: its visitorId and secret token, and whether the widget is online',
        description:
          'What the widget\'s script calls first. The control plane lists the page (GET /_mock/widgets/{widgetId}/visitors) and can send it invitations until it stops polling for WIDGET_VISITOR_IDLE_MS. 503 `too_many_visitors` past WIDGET_MAX_VISITORS.',
        body: registerBody,
        response: { 201: registered.describe('The page, registered.'), ...errors, 503: errorEnvelopeSchema.describe('WIDGET_MAX_VISITORS pages are open (`too_many_visitors`).') },
      },
    },
    async (request, reply) => {
      const { widgetId, ...page } = request.body;
      return reply.code(201).send(widgetJs.service.register(widgetId, page));
    },
  );

  app.delete(
    '/widget/visitors/:visitorId',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'leaveWidgetVisitor',
        summary: 'The page is going (closed, navigated away): the control plane stops listing it',
        description: 'Sent on pagehide. A chat the page started stays open with the front desk, as SnapEngage keeps a chat while the visitor browses; the page\'s token no longer works.',
        params: visitorParams,
        response: { 204: z.null().describe('Gone; no body.'), ...errors },
      },
    },
    async (request, reply) => {
      widgetJs.service.leave(request.params.visitorId, tokenOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/widget/visitors/:visitorId/events',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'pollWidgetVisitor',
        summary: 'The agent\'s lines of the page\'s chat and the control plane\'s invitations, held until one comes',
        description:
          'Answers at once when a line, an event or a chat state the page does not show is there; otherwise held until one is (an agent\'s line, a close, an invitation) or WIDGET_POLL_MS passes.',
        params: visitorParams,
        querystring: pollQuery,
        response: { 200: polled.describe('What is new for the page.'), ...errors },
      },
    },
    async (request) => widgetJs.service.poll(request.params.visitorId, tokenOf(request), request.query),
  );

  app.post(
    '/widget/visitors/:visitorId/chat',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'startWidgetChat',
        summary: 'The page starts a chat, or leaves an offline message',
        description:
          'A chat when the widget is online and `offline` is not true; otherwise an offline message, a case at once. The case carries the page\'s URL, the email, name and custom fields the page set. 429 `too_many_chats` past WIDGET_CHATS_PER_MINUTE for the widget.',
        params: visitorParams,
        body: startBody,
        response: { 200: started.describe('The chat (or offline message) the page started.'), ...pageErrors, 429: errorEnvelopeSchema.describe('The widget\'s pages started WIDGET_CHATS_PER_MINUTE chats in the last minute.') },
      },
    },
    async (request) =>
      widgetJs.service.startChat(request.params.visitorId, tokenOf(request), request.body, {
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        acceptLanguage: request.headers['accept-language'],
      }),
  );

  app.post(
    '/widget/visitors/:visitorId/invitation',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'inviteWidgetVisitor',
        summary: 'The page opens a proactive invitation itself (openProactiveChat): who says it',
        description: 'The invitation is the page\'s to show (OpenProactive fires there); a chat the visitor starts in answer begins with it, said by this agent. The widget\'s enableProactiveChat does not apply: the page asked.',
        params: visitorParams,
        body: inviteBody,
        response: { 200: invited.describe('The invitation, and the alias that says it.'), ...errors },
      },
    },
    async (request) => widgetJs.service.selfInvite(request.params.visitorId, tokenOf(request), request.body.message),
  );

  app.post(
    '/widget/visitors/:visitorId/messages',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'sendWidgetChatLine',
        summary: 'The visitor\'s line in the page\'s open chat',
        params: visitorParams,
        body: sendBody,
        response: { 200: sent.describe('The line was added.'), ...pageErrors },
      },
    },
    async (request) => widgetJs.service.send(request.params.visitorId, tokenOf(request), request.body.text),
  );

  app.post(
    '/widget/visitors/:visitorId/close',
    {
      config,
      schema: {
        tags,
        security,
        operationId: 'closeWidgetChat',
        summary: 'The visitor closes the page\'s chat: it becomes a case (webhook, Logs API)',
        description: 'A chat the agent closed already answers as it is (its `endedBy`).',
        params: visitorParams,
        response: { 200: closed.describe('The chat as it is now.'), ...pageErrors },
      },
    },
    async (request) => widgetJs.service.close(request.params.visitorId, tokenOf(request)),
  );
};
