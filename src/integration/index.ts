// The Integration API's routes under /_mock, keyed by api_key: integration settings, support requests, deliveries, emails.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePartner } from '../partners.js';
import { deliveriesRoutes } from './deliveries-routes.js';
import { integrationRoutes } from './integration-routes.js';

export const integrationApi: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requirePartner);
  await app.register(integrationRoutes);
  await app.register(deliveriesRoutes);
};
