// The one registry of every /_mock route (app.ts mounts it under /_mock), and of who may call each: control's own (health,
// reset, journal, faults, clock, the TLS CA), then each feature's, whose route files stay beside the services they call.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { credentialsRoutes } from '../accounts/credentials-routes.js';
import { botRoutes } from '../bots/bot-routes.js';
import { botCallsRoutes } from '../conversations/bot-calls-routes.js';
import { agentsRoutes } from '../conversations/agents-routes.js';
import { conversationsRoutes } from '../conversations/conversations-routes.js';
import { deliveriesRoutes } from '../delivery/deliveries-routes.js';
import { emailsRoutes } from '../email/emails-routes.js';
import { requireApiKey } from '../http/api-key.js';
import { eventsRoutes } from '../inspector/events-routes.js';
import { inspectorDataRoutes } from '../inspector/inspector-data-routes.js';
import { uiRoutes } from '../inspector/ui-routes.js';
import { integrationRoutes } from '../integration/integration-routes.js';
import type { TlsMaterial } from '../tls/material.js';
import { widgetControlRoutes } from '../widget-js/control-routes.js';
import { demoRoutes } from '../widget-js/demo-routes.js';
import { clockRoutes } from './clock-routes.js';
import { faultsRoutes } from './faults-routes.js';
import { healthRoutes } from './health-routes.js';
import { journalRoutes } from './journal-routes.js';
import { resetRoutes } from './reset-routes.js';
import { tlsRoutes } from './tls-routes.js';

export interface ControlPlaneOptions {
  /** The https listener's certificate material, whose CA GET /_mock/tls/ca.pem serves; undefined when HTTPS is off. */
  tls: TlsMaterial | undefined;
}

export const controlPlane: FastifyPluginAsyncZod<ControlPlaneOptions> = async (app, { tls }) => {
  // Each checks its own caller, route by route: open (health, the clock's time, the CA), one key's own things with
  // ?api_key=, or every key's without it, which MOCK_ADMIN_TOKEN (when set) guards.
  await app.register(healthRoutes);
  await app.register(resetRoutes);
  await app.register(journalRoutes);
  await app.register(faultsRoutes);
  await app.register(clockRoutes);
  await app.register(tlsRoutes, { tls });

  // One partner's things, for the api_key that owns them: every route here needs an accepted key.
  await app.register(async (keyed) => {
    keyed.addHook('onRequest', requireApiKey);
    await keyed.register(integrationRoutes);
    await keyed.register(deliveriesRoutes);
    await keyed.register(emailsRoutes);
    await keyed.register(credentialsRoutes);
    await keyed.register(eventsRoutes);
    await keyed.register(inspectorDataRoutes);
    await keyed.register(agentsRoutes);
    await keyed.register(conversationsRoutes);
    await keyed.register(botRoutes);
    await keyed.register(botCallsRoutes);
    await keyed.register(widgetControlRoutes);
  });

  // The inspector's page: no key (it asks for one; the data it shows comes through the keyed routes above).
  await app.register(uiRoutes);
  // The widget's demo page: no key (a page such as any customer's, whose widget calls are keyless).
  await app.register(demoRoutes);
};
