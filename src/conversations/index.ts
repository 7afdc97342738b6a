// The front desk's public routes: what SnapEngage serves to visitors (the Visitor Chat API under /api/v1, widget
// availability and the status image, keyless); and the timers' life with the app. The agent's side is registered with
// the rest of /_mock (control/index.ts).
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availabilityRoutes } from './availability-routes.js';
import { visitorChatRoutes } from './visitor-chat-routes.js';

/** The visitor's side, at SnapEngage's own paths. */
export const frontDeskApi: FastifyPluginAsyncZod = async (app) => {
  await app.register(visitorChatRoutes, { prefix: '/api/v1' });
  await app.register(availabilityRoutes);
};

/**
 * Scripted agents' timers run on the real clock from the app's start to its close (advances run them on the virtual);
 * bot calls in flight are cut at the close (left pending: their timers fail them after a restart), then their client
 * closes; a turn left queued behind nothing is sent at the next start.
 */
export const frontDeskTimers = fp(
  async (app) => {
    const { timers, bots } = app.ctx.frontDesk;
    app.addHook('onReady', async () => {
      timers.start();
      bots.resume();
    });
    app.addHook('preClose', async () => {
      timers.stop();
      await bots.stop();
    });
    app.addHook('onClose', async () => app.ctx.transports.bots.close());
  },
  { name: 'front-desk-timers' },
);
