// What Swagger UI's "Try it out" sends when the user changes nothing: each operation's example body and parameter
// examples, authorized as the page authorizes itself (the default key) on a fresh mock holding the demo data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operationsOf, type DocumentOperation } from '../../src/api-docs/finish-document.js';
import { buildTestApp } from '../helpers/build-test-app.js';

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
const DEMO_FIXTURES = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));
const demo = JSON.parse(readFileSync(DEMO_FIXTURES, 'utf8'));

/** What a user types into Swagger UI's Authorize dialog: the default key (prefilled), Ada's demo API token. */
const credentials: Record<string, { in: 'query' | 'header'; name: string; value: string }> = {
  apiKey: { in: 'query', name: 'api_key', value: 'dev-api-key' },
  apiToken: { in: 'header', name: 'authorization', value: demo.partners[0].users[0].apiToken },
  visitorApiKey: { in: 'header', name: 'x-api-key', value: 'dev-api-key' },
};

/** The documented parameters' examples, and the first security alternative the user can satisfy. */
function requestOf({ method, path, operation }: DocumentOperation) {
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  let url = path;
  for (const p of operation.parameters ?? []) {
    if (p.example === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
    else if (p.in === 'query') query.set(p.name, String(p.example));
  }
  const security: Array<Record<string, string[]>> = operation.security ?? doc.security;
  const usable = security.find((alternative) => Object.keys(alternative).every((scheme) => credentials[scheme]));
  for (const scheme of Object.keys(usable ?? {})) {
    const given = credentials[scheme]!;
    if (given.in === 'query') query.set(given.name, given.value);
    else headers[given.name] = given.value;
  }
  const body = operation.requestBody?.content['application/json'].example;
  const search = query.toString();
  return { method: method.toUpperCase(), url: search ? `${url}?${search}` : url, headers, body };
}

/** Operations whose examples name a record a fresh mock cannot hold (a delivery, a fault rule, an email, a file, a chat, a page). */
const NEED_A_RECORD = new Set([
  'getDelivery',
  'redeliver',
  'removeFault',
  'getEmailAttachment',
  'downloadFile',
  'getTlsCa',
  'pollChat',
  'sendChatMessage',
  'getConversation',
  'acceptConversation',
  'replyToConversation',
  'setAgentTyping',
  'closeConversation',
  'listBotCalls',
  // A bot is set by setBot; a fresh mock's chat widget has none.
  'getBot',
  'deleteBot',
  'pollWidgetVisitor',
  'startWidgetChat',
  'inviteWidgetVisitor',
  'sendWidgetChatLine',
  'closeWidgetChat',
  'leaveWidgetVisitor',
]);

describe("every operation's prefilled example, sent as it is to a fresh mock", () => {
  it.each(operationsOf(doc).map((op) => [op.operation.operationId as string, op] as const))('%s', async (id, op) => {
    const { app } = await buildTestApp({ config: { SNAPENGAGE_API_KEYS: 'dev-api-key', FIXTURES: DEMO_FIXTURES, HTTPS_PORT: 'off' } });
    const { body, ...request } = requestOf(op);
    const reply = await app.inject({ ...request, ...(body !== undefined && { payload: body }) } as never);
    // Never a validation error: the examples and the schemas agree.
    expect(reply.statusCode, reply.body).not.toBe(400);
    if (NEED_A_RECORD.has(id)) expect(reply.statusCode, reply.body).toBeLessThan(500);
    else expect(reply.statusCode, reply.body).toBeLessThan(300);
  });
});
