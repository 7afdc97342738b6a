// Arranges organizations with widgets and cases for the Logs API tests, through the public routes.
import type { FastifyInstance } from 'fastify';
import { KEY } from './build-test-app.js';
import { createSupportRequest, createWidget } from './integration-setup.js';

export interface Org {
  email: string;
  orgId: string;
  apiToken: string;
  widgetIds: string[];
}

export async function credentialsOf(app: FastifyInstance, email: string, key = KEY): Promise<{ orgId: string; apiToken: string }> {
  const res = await app.inject({ method: 'GET', url: `/_mock/users/${encodeURIComponent(email)}/api-credentials?api_key=${key}` });
  if (res.statusCode !== 200) throw new Error(`credentials: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A user (organization) with `widgets` widgets. */
export async function createOrg(app: FastifyInstance, options: { key?: string; widgets?: number } = {}): Promise<Org> {
  const key = options.key ?? KEY;
  const first = await createWidget(app, { key });
  const widgetIds = [first.widgetId];
  for (let i = 1; i < (options.widgets ?? 1); i++) {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/widget.json?api_key=${key}`,
      payload: {
        email: first.ownerEmail,
        agents: [{ agentId: 'ana@example.com', agentAlias: 'Ana', agentAvatar: 'https://example.com/ana.png', agentType: 'webclient' }],
      },
    });
    if (res.statusCode !== 201) throw new Error(`widget: ${res.statusCode} ${res.body}`);
    widgetIds.push(res.json<{ uuid: string }>().uuid);
  }
  return { email: first.ownerEmail, widgetIds, ...(await credentialsOf(app, first.ownerEmail, key)) };
}

/** `count` cases spread round-robin over the org's widgets, one a minute from `fromSeconds`, in shuffled creation order. */
export async function createCases(app: FastifyInstance, org: Org, count: number, fromSeconds: number, key = KEY): Promise<string[]> {
  const ids: string[] = [];
  // Created out of date order, so "oldest first" is not just insertion order.
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (a % 3) - (b % 3) || b - a);
  for (const i of order) {
    const widgetId = org.widgetIds[i % org.widgetIds.length]!;
    const created = await createSupportRequest(app, widgetId, { created_at_seconds: fromSeconds + i * 60, created_at_milliseconds: 0 }, key);
    ids[i] = created.supportRequest.id;
  }
  return ids;
}

export const logsUrl = (orgId: string, query: string) => `/api/v2/${orgId}/logs?${query}`;
