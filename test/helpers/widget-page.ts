// A page that runs the JavaScript widget, as the widget's script drives the mock: it registers, starts a chat, polls,
// sends and closes through /widget/…, with its token; each call asserts its status so a test states what it is about.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { KEY } from './build-test-app.js';

export interface Page {
  visitorId: string;
  token: string;
  widgetId: string;
  online: boolean;
}

/** A user and a widget with one online-able agent (Jerome) and proactive chat enabled, through the Provisioning API. */
export async function proactiveWidget(app: FastifyInstance, key = KEY, over: Record<string, unknown> = {}): Promise<string> {
  const email = `owner-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const user = await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${key}`, payload: { email, name: 'Owner', password: '12345', accountType: 'enterprise' } });
  expect(user.statusCode, user.body).toBe(201);
  const widget = await app.inject({
    method: 'PUT',
    url: `/api/v1/widget.json?api_key=${key}`,
    payload: {
      email,
      name: 'Support',
      agents: [{ agentId: 'jerome@example.com', agentAlias: 'Jerome', agentAvatar: 'https://example.com/jerome.png', agentType: 'webclient' }],
      enableProactiveChat: 'true',
      ...over,
    },
  });
  expect(widget.statusCode, widget.body).toBe(201);
  return widget.json().uuid as string;
}

export async function openPage(app: FastifyInstance, widgetId: string, page: Record<string, string> = { pageUrl: 'https://shop.example/cart' }): Promise<Page> {
  const res = await app.inject({ method: 'POST', url: '/widget/visitors', payload: { widgetId, ...page } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export function pageCall(app: FastifyInstance, page: Pick<Page, 'visitorId' | 'token'>, method: 'GET' | 'POST', path: string, body?: object): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: `/widget/visitors/${page.visitorId}${path}`,
    headers: { 'x-visitor-token': page.token },
    ...(body !== undefined && { payload: body }),
  });
}

export async function startPageChat(app: FastifyInstance, page: Page, body: object): Promise<{ caseId: string; type: string; index: number }> {
  const res = await pageCall(app, page, 'POST', '/chat', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The page's poll; with `status` what the page shows, so an unchanged chat holds it until something happens. */
export async function pollPage(app: FastifyInstance, page: Page, cursor: { index?: number; after?: number; status?: string; typing?: boolean; online?: boolean } = {}) {
  const query = new URLSearchParams({ index: String(cursor.index ?? 0), after: String(cursor.after ?? 0), status: cursor.status ?? 'none', typing: String(cursor.typing ?? false) });
  if (cursor.online !== undefined) query.set('online', String(cursor.online));
  const res = await pageCall(app, page, 'GET', `/events?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
