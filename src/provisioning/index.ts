// The Provisioning REST API under /api/v1: every call authenticated by ?api_key= before anything else is read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { usersRoutes } from './users-routes.js';
import { widgetsRoutes } from './widgets-routes.js';

export const provisioningApi: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', async (request) => {
    request.partner = app.ctx.partners.authenticate((request.query as Record<string, unknown>).api_key);
  });
  await app.register(usersRoutes);
  await app.register(widgetsRoutes);
};
