// The front desk's routes: what SnapEngage serves to visitors (the Visitor Chat API under /api/v1, widget availability
// and the status image, keyless), what the control plane offers an agent (/_mock), and the timers' life with the app.
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireApiKey } from '../http/api-key.js';
import { agentsRoutes } from './agents-routes.js';
import { availabilityRoutes } from './availability-routes.js';
import { conversationsRoutes } from './conversations-routes.js';
import { visitorChatRoutes } from './visitor-chat-routes.js';

/** The visitor's side, at SnapEngage's own paths. */
export const frontDeskApi: FastifyPluginAsyncZod = async (app) => {
  await app.register(visitorChatRoutes, { prefix: '/api/v1' });
  await app.register(availabilityRoutes);
};

/** The agent's side under /_mock, keyed by api_key. */
export const frontDeskControl: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireApiKey);
  await app.register(agentsRoutes);
  await app.register(conversationsRoutes);
};

/** Scripted agents' timers run on the real clock from the app's start to its close (advances run them on the virtual). */
export const frontDeskTimers = fp(
  async (app) => {
    const { timers } = app.ctx.frontDesk;
    app.addHook('onReady', async () => timers.start());
    app.addHook('preClose', async () => timers.stop());
  },
  { name: 'front-desk-timers' },
);
