// The Integration API's control routes under /_mock: integration settings, support requests, deliveries, emails, the clock.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePartner } from '../partners.js';
import { clockRoutes } from './clock-routes.js';
import { deliveriesRoutes } from './deliveries-routes.js';
import { integrationRoutes } from './integration-routes.js';

export const integrationAdmin: FastifyPluginAsyncZod = async (app) => {
  await app.register(clockRoutes);
  await app.register(async (keyed) => {
    keyed.addHook('onRequest', requirePartner);
    await keyed.register(integrationRoutes);
    await keyed.register(deliveriesRoutes);
  });
};
