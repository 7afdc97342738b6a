// The inspector (/_mock/ui): its page, its live event stream, and the few reads it needs beyond the partner APIs.
import type { FastifyPluginAsync } from 'fastify';
import { eventsRoutes } from './events-routes.js';
import { inspectorDataRoutes } from './inspector-data-routes.js';
import { uiRoutes } from './ui-routes.js';

export const inspector: FastifyPluginAsync = async (app) => {
  await app.register(uiRoutes);
  await app.register(eventsRoutes);
  await app.register(inspectorDataRoutes);
};
