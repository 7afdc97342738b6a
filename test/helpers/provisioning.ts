// Request builders for the provisioning API, so each test states only what it is about.
import type { FastifyInstance } from 'fastify';
import { KEY, withKey, type Listening } from './build-test-app.js';

export const userBody = (over: Record<string, unknown> = {}) => ({
  email: 'jimbo@example.com',
  name: 'Jimbo Something',
  password: '12345',
  phone: '555-617-8980',
  accountType: 'enterprise',
  ...over,
});

export const agent = (over: Record<string, unknown> = {}) => ({
  agentId: 'Agent@Example.com',
  agentAlias: 'An Agent',
  agentAvatar: 'https://www.website.com/charlie.png',
  agentType: 'webclient',
  ...over,
});

export const widgetBody = (over: Record<string, unknown> = {}) => ({
  email: 'jimbo@example.com',
  destinationEmail: 'transcripts@example.com',
  name: 'Widget #1',
  agents: [agent()],
  enableProactiveChat: 'true',
  enableConversations: true,
  ...over,
});

/** A widget of `email` with every optional part filled, a conversation schedule included. */
export const scheduledWidgetBody = (email: string, over: Record<string, unknown> = {}) => ({
  email,
  name: 'Support',
  destinationEmail: 'transcripts@example.com',
  agents: [{ agentId: 'agent@example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
  enableProactiveChat: 'true',
  enableConversations: true,
  conversationSchedule: {
    timeZone: 'Europe/Berlin',
    schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }],
  },
  ...over,
});

/** Creates a user and one widget under `key` over the network; returns the widget's uuid. */
export async function seedUserAndWidget(live: Listening, key: string, email: string, over: Record<string, unknown> = {}): Promise<string> {
  const user = await live.request('PUT', withKey('/api/v1/user.json', key), { body: userBody({ email, ...over }) });
  if (user.status !== 201) throw new Error(`seeding user ${email}: ${user.status} ${user.text}`);
  const widget = await live.request('PUT', withKey('/api/v1/widget.json', key), { body: scheduledWidgetBody(email) });
  if (widget.status !== 201) throw new Error(`seeding widget for ${email}: ${widget.status} ${widget.text}`);
  return widget.json().uuid as string;
}

export const api = (app: FastifyInstance, key = KEY) => ({
  putUser: (body: unknown) => app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${key}`, payload: body as object }),
  postUser: (body: unknown) => app.inject({ method: 'POST', url: `/api/v1/user.json?api_key=${key}`, payload: body as object }),
  getUser: (email: string) => app.inject({ method: 'GET', url: `/api/v1/user.json?api_key=${key}&email=${encodeURIComponent(email)}` }),
  deleteUser: (email: string) =>
    app.inject({ method: 'DELETE', url: `/api/v1/user.json?api_key=${key}&email=${encodeURIComponent(email)}` }),
  putWidget: (body: unknown) => app.inject({ method: 'PUT', url: `/api/v1/widget.json?api_key=${key}`, payload: body as object }),
  postWidget: (body: unknown) => app.inject({ method: 'POST', url: `/api/v1/widget.json?api_key=${key}`, payload: body as object }),
  getWidget: (uuid: string, email: string) =>
    app.inject({ method: 'GET', url: `/api/v1/widget.json?api_key=${key}&uuid=${uuid}&email=${encodeURIComponent(email)}` }),
  deleteWidget: (uuid: string, email: string) =>
    app.inject({ method: 'DELETE', url: `/api/v1/widget.json?api_key=${key}&uuid=${uuid}&email=${encodeURIComponent(email)}` }),
});

/** The first detail of an error envelope, for one-line assertions. */
export const firstDetail = (body: string) => (JSON.parse(body) as { error: { details: Array<{ field: string; rule: string }> } }).error.details[0];
