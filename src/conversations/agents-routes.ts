// /_mock/widgets/{widgetId}/agents, /agent-script and /chat-settings: who staffs a widget's desk and how (presence per
// agent, a script that plays the agent), and what the widget asks of a visitor. Keyed by the widget owner's api_key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyQuery, FRONT_DESK_TAG, mockErrors, widgetParams } from '../http/control-schemas.js';
import type { AgentPresence } from './presence.js';
import { agentParams, agentPresenceSchema, agentScriptBody, agentScriptResponse, agentStatusBody, chatSettingsBody, widgetAgentsResponse } from './schemas.js';
import { publishedAgentId } from './published.js';

const toPresence = (p: AgentPresence) => ({
  agentId: publishedAgentId(p.agent),
  agentAlias: p.agent.agentAlias,
  agentAvatar: p.agent.agentAvatar,
  status: p.status,
  maxChats: p.maxChats,
  openChats: p.openChats,
});

export const agentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { agents, scripts, visitors } = app.ctx.frontDesk;
  const { clock } = app.ctx;
  const tags = [FRONT_DESK_TAG];

  app.get(
    '/widgets/:widgetId/agents',
    {
      schema: {
        tags,
        operationId: 'listWidgetAgents',
        summary: "A widget's agents with their status and open chats, and whether the widget is online",
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 200: widgetAgentsResponse.describe('The agents, and the availability they make.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widget, availability, agents: list } = agents.agents(request.partner, request.params.widgetId);
      return { widgetId: widget.id, online: availability.online, reason: availability.reason, agents: list.map(toPresence) };
    },
  );

  app.put(
    '/widgets/:widgetId/agents/:agentId/status',
    {
      schema: {
        tags,
        operationId: 'setAgentStatus',
        summary: "Set an agent's status on a widget: online, paused or offline",
        description:
          'Online agents with a free slot make the widget online (inside its conversationSchedule). Paused agents keep their chats but take no new one. Going offline returns the agent\'s chats to the queue, each with a system line. 404 for an agent the widget does not have (provisioning decides who).',
        params: agentParams,
        querystring: apiKeyQuery,
        body: agentStatusBody,
        response: { 200: agentPresenceSchema.describe('The agent as it is now on this widget.'), ...mockErrors },
      },
    },
    async (request) =>
      toPresence(agents.setStatus(request.partner, request.params.widgetId, request.params.agentId, request.body.status, request.body.maxChats)),
  );

  app.put(
    '/widgets/:widgetId/agent-script',
    {
      schema: {
        tags,
        operationId: 'setAgentScript',
        summary: 'Staff the widget with a scripted agent: accept, greet, answer by keyword, close when idle',
        description:
          "Every delay runs on the widget key's clock: on CLOCK=virtual, advance it to walk through them. The script drives every chat of the widget, whoever accepted it; remove it to play the agent yourself.",
        params: widgetParams,
        querystring: apiKeyQuery,
        body: agentScriptBody,
        response: { 200: agentScriptResponse.describe('The script as saved, its defaults filled in.'), ...mockErrors },
      },
    },
    async (request) => {
      const { widgetId, settings, updatedAt } = scripts.put(agents.widget(request.partner, request.params.widgetId), request.body);
      return { widgetId, script: settings, updatedAt };
    },
  );

  app.get(
    '/widgets/:widgetId/agent-script',
    {
      schema: { tags, operationId: 'getAgentScript', summary: "A widget's agent script", params: widgetParams, querystring: apiKeyQuery, response: { 200: agentScriptResponse.describe('The script.'), ...mockErrors } },
    },
    async (request) => {
      const { widgetId, settings, updatedAt } = scripts.get(agents.widget(request.partner, request.params.widgetId));
      return { widgetId, script: settings, updatedAt };
    },
  );

  app.delete(
    '/widgets/:widgetId/agent-script',
    {
      schema: {
        tags,
        operationId: 'deleteAgentScript',
        summary: "Remove a widget's agent script (its pending steps still run; new chats wait for a person)",
        params: widgetParams,
        querystring: apiKeyQuery,
        response: { 204: z.null().describe('Removed; no body.'), ...mockErrors },
      },
    },
    async (request, reply) => {
      scripts.delete(agents.widget(request.partner, request.params.widgetId));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/widgets/:widgetId/chat-settings',
    {
      schema: {
        tags,
        operationId: 'setChatSettings',
        summary: 'What the widget asks of a visitor: the emailRequired, messageRequired and screenshotRequired flags',
        description: 'SnapEngage sets these in its Design Studio; availability answers them as strings, and a chat start without a required email or message is refused (400).',
        params: widgetParams,
        querystring: apiKeyQuery,
        body: chatSettingsBody,
        response: { 200: chatSettingsBody.describe('The settings as saved.'), ...mockErrors },
      },
    },
    async (request) => {
      const widget = agents.widget(request.partner, request.params.widgetId);
      return visitors.putChatSettings(widget, request.body, clock.now(request.partner));
    },
  );

  app.get(
    '/widgets/:widgetId/chat-settings',
    {
      schema: { tags, operationId: 'getChatSettings', summary: "A widget's chat settings (all false until set)", params: widgetParams, querystring: apiKeyQuery, response: { 200: chatSettingsBody.describe('The settings.'), ...mockErrors } },
    },
    async (request) => visitors.chatSettings(agents.widget(request.partner, request.params.widgetId)),
  );
};
