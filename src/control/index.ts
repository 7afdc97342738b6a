// The mock's own control surface under /_mock: health, reset, the request journal, fault rules and the clock.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clockRoutes } from './clock-routes.js';
import { faultsRoutes } from './faults-routes.js';
import { healthRoutes } from './health-routes.js';
import { journalRoutes } from './journal-routes.js';
import { resetRoutes } from './reset-routes.js';

export const controlApi: FastifyPluginAsyncZod = async (app) => {
  await app.register(healthRoutes);
  await app.register(resetRoutes);
  await app.register(journalRoutes);
  await app.register(faultsRoutes);
  await app.register(clockRoutes);
};
