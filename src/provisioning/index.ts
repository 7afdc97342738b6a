// The Provisioning REST API under /api/v1: every call authenticated by ?api_key= before anything else is read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireApiKey } from '../http/api-key.js';
import { usersRoutes } from './users-routes.js';
import { widgetsRoutes } from './widgets-routes.js';

export const provisioningApi: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireApiKey);
  await app.register(usersRoutes);
  await app.register(widgetsRoutes);
};
