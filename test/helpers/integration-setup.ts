// Arranges what every Integration API test needs: an owner, a widget, its integration settings; and small API shortcuts.
import type { FastifyInstance } from 'fastify';
import { KEY } from './build-test-app.js';

export interface Setup {
  widgetId: string;
  ownerEmail: string;
}

export interface WidgetOptions {
  key?: string;
  ownerEmail?: string;
  destinationEmail?: string;
}

/** A user and a widget with one web-client agent, through the Provisioning API (`app` may be an inject target or a base URL). */
export async function createWidget(app: FastifyInstance, options: WidgetOptions = {}): Promise<Setup> {
  const key = options.key ?? KEY;
  const ownerEmail = options.ownerEmail ?? `owner-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const user = await app.inject({
    method: 'PUT',
    url: `/api/v1/user.json?api_key=${key}`,
    payload: { email: ownerEmail, name: 'Owner', password: '12345', accountType: 'enterprise' },
  });
  if (user.statusCode !== 201) throw new Error(`user: ${user.statusCode} ${user.body}`);
  const widget = await app.inject({
    method: 'PUT',
    url: `/api/v1/widget.json?api_key=${key}`,
    payload: {
      email: ownerEmail,
      name: 'Support',
      ...(options.destinationEmail && { destinationEmail: options.destinationEmail }),
      agents: [{ agentId: 'jerome@example.com', agentAlias: 'Jerome', agentAvatar: 'https://example.com/jerome.png', agentType: 'webclient' }],
    },
  });
  if (widget.statusCode !== 201) throw new Error(`widget: ${widget.statusCode} ${widget.body}`);
  return { widgetId: widget.json<{ uuid: string }>().uuid, ownerEmail };
}

export async function configureIntegration(
  app: FastifyInstance,
  widgetId: string,
  settings: Record<string, unknown>,
  key = KEY,
): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: `/_mock/widgets/${widgetId}/integration?api_key=${key}`, payload: settings });
  if (res.statusCode !== 200) throw new Error(`integration: ${res.statusCode} ${res.body}`);
}

/** A new widget whose integration settings are `settings`. */
export async function integratedWidget(app: FastifyInstance, settings: Record<string, unknown>, options: WidgetOptions = {}): Promise<Setup> {
  const setup = await createWidget(app, options);
  await configureIntegration(app, setup.widgetId, settings, options.key);
  return setup;
}

export interface Created {
  supportRequest: { id: string; type: string; [field: string]: unknown };
  deliveryId: string;
}

export async function createSupportRequest(app: FastifyInstance, widgetId: string, overrides?: object, key = KEY): Promise<Created> {
  const res = await app.inject({
    method: 'POST',
    url: `/_mock/widgets/${widgetId}/support-requests?api_key=${key}`,
    ...(overrides && { payload: overrides }),
  });
  if (res.statusCode !== 201) throw new Error(`support request: ${res.statusCode} ${res.body}`);
  return res.json<Created>();
}

interface AttemptView {
  attempt: number;
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBodyStart: string | null;
  outcome: string;
}

export interface DeliveryView {
  id: string;
  status: string;
  supportRequestId: string;
  attempts: AttemptView[];
  nextAttemptAt: number | null;
  settledAt: number | null;
  emailId: string | null;
  redeliveryOf: string | null;
  url: string;
  format: string;
}

export async function getDelivery(app: FastifyInstance, id: string, query = '', key = KEY): Promise<DeliveryView> {
  const res = await app.inject({ method: 'GET', url: `/_mock/deliveries/${id}?api_key=${key}${query}` });
  if (res.statusCode !== 200) throw new Error(`delivery: ${res.statusCode} ${res.body}`);
  return res.json<DeliveryView>();
}

export interface AdvanceResult {
  now: number;
  attempts: Array<{ deliveryId: string; attempt: number; at: number; outcome: string; statusCode?: number; error?: string; emailId?: string }>;
}

export async function advance(app: FastifyInstance, ms: number): Promise<AdvanceResult> {
  const res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms } });
  if (res.statusCode !== 200) throw new Error(`advance: ${res.statusCode} ${res.body}`);
  return res.json<AdvanceResult>();
}
