// The Integration API's routes under /_mock, keyed by api_key: integration settings, support requests, deliveries, emails.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireApiKey } from '../http/api-key.js';
import { deliveriesRoutes } from '../delivery/deliveries-routes.js';
import { emailsRoutes } from '../email/emails-routes.js';
import { integrationRoutes } from './integration-routes.js';

export const integrationApi: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireApiKey);
  await app.register(integrationRoutes);
  await app.register(deliveriesRoutes);
  await app.register(emailsRoutes);
};
