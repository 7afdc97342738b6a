// Shortcuts for front-desk tests: an agent's status, a visitor's start/poll/send through the Visitor Chat API, and the
// agent's side through /_mock, each asserting its status so a test states only what it is about.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { KEY } from './build-test-app.js';

export const AGENT = 'wc:jerome@example.com';

export async function setAgentStatus(app: FastifyInstance, widgetId: string, status: string, agentId = AGENT, key = KEY, maxChats?: number) {
  const res = await app.inject({
    method: 'PUT',
    url: `/_mock/widgets/${widgetId}/agents/${encodeURIComponent(agentId)}/status?api_key=${key}`,
    payload: { status, ...(maxChats !== undefined && { maxChats }) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function startChat(app: FastifyInstance, params: Record<string, string>, key = KEY): Promise<{ caseId: string; widgetId: string }> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/chat?${new URLSearchParams(params)}`,
    headers: { 'x-api-key': key, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function poll(app: FastifyInstance, caseId: string, index = 0, key = KEY) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}?index=${index}`, headers: { 'x-api-key': key } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { caseId: string; agentTyping: boolean; messageList: Array<{ index: number; type: string; author: string; text: string }> };
}

export async function send(app: FastifyInstance, caseId: string, messageType: '1' | '2', messageBody = '', key = KEY) {
  return app.inject({
    method: 'PUT',
    url: `/api/v1/chat?${new URLSearchParams({ caseId, messageType, messageBody })}`,
    headers: { 'x-api-key': key, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export async function control(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, key = KEY) {
  return app.inject({ method, url: `/_mock${path}${path.includes('?') ? '&' : '?'}api_key=${key}`, ...(payload !== undefined && { payload: payload as object }) });
}
