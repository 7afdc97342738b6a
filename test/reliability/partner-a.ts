// Partner A's world for the isolation test: a mock shared by two keys (A's and B's), A's records of every kind seeded
// with values only A knows, and what A sees of them. isolation.test.ts probes that world with B's key and token.
import { Agent, request } from 'undici';
import { expect, onTestFinished } from 'vitest';
import { startMock } from '../../src/harness/harness.js';
import { scheduledWidgetBody, userBody } from '../helpers/provisioning.js';

export const KEY_A = 'isolation-key-a';
export const KEY_B = 'isolation-key-b';

/** What only A knows: none of it may appear in an answer to B (B never sends these itself). */
export const SECRET_OF_A = {
  name: 'Alice Private-Name',
  phone: '555-867-5309',
  widgetName: 'A-Widget-Private',
  agentAlias: 'A-Agent-Alias',
  destinationEmail: 'a-transcripts-private@example.com',
  integrationPath: '/a-private-receiver-path',
  authToken: 'a-private-auth-token-123',
  description: 'A-private-description-of-the-case',
  fileBytes: 'A-private-file-content',
  faultBody: 'A-private-fault-body',
  visitorMessage: 'A-private-visitor-message',
  greeting: 'A-private-script-greeting',
  botPath: '/a-private-bot-path',
  botToken: 'a-private-bot-token-456',
  botName: 'A-Private-Bot-Name',
  pageMessage: 'A-private-page-message',
  pageUrl: 'https://a-private-shop.example/checkout',
};

export type A = Awaited<ReturnType<typeof seed>>;
export type B = { orgId: string; apiToken: string };

export const k = (path: string, key: string, params: Record<string, string> = {}) => `${path}?${new URLSearchParams({ api_key: key, ...params })}`;
export const kb = (path: string, params: Record<string, string> = {}) => k(path, KEY_B, params);

export async function startTwoPartnerMock() {
  // With MOCK_ADMIN_TOKEN set, as a server shared between suites runs: without it anyone may act on every key (reset
  // everything, remove any rule by its id), as the README's "Who can call what" says. Neither key sends the token.
  const config = { SNAPENGAGE_API_KEYS: `${KEY_A},${KEY_B}`, RETRY_SCHEDULE: 'none', MOCK_ADMIN_TOKEN: 'isolation-admin-token' };
  const mock = await startMock({ apiKey: KEY_A, config });
  const agent = new Agent({ connect: { ca: mock.ca } });
  onTestFinished(async () => {
    await agent.close();
    await mock.close();
  });
  const call = async (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await request(path.startsWith('https:') ? path : `${mock.url}${path}`, {
      method: method as 'GET',
      dispatcher: agent,
      headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: () => JSON.parse(text) };
  };
  return { mock, call };
}

export type Call = Awaited<ReturnType<typeof startTwoPartnerMock>>['call'];

export async function seed(call: Call) {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(method, path, { body });
    expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
    return res.json();
  };
  const email = 'alice@example.com';
  await ok('PUT', k('/api/v1/user.json', KEY_A), userBody({ email, name: SECRET_OF_A.name, phone: SECRET_OF_A.phone, accountType: 'prem' }));
  const { uuid } = await ok('PUT', k('/api/v1/widget.json', KEY_A), scheduledWidgetBody(email, {
    name: SECRET_OF_A.widgetName,
    destinationEmail: SECRET_OF_A.destinationEmail,
    agents: [{ agentId: 'a-agent@example.com', agentAlias: SECRET_OF_A.agentAlias, agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
  }));
  // Port 9 (discard) on loopback refuses: the one attempt fails and, with RETRY_SCHEDULE=none, A gets an email.
  await ok('PUT', k(`/_mock/widgets/${uuid}/integration`, KEY_A), { url: `http://127.0.0.1:9${SECRET_OF_A.integrationPath}`, authToken: SECRET_OF_A.authToken, authHeader: 'Authorization' });
  const file = { name: 'a-file.txt', contentType: 'text/plain', contentBase64: Buffer.from(SECRET_OF_A.fileBytes).toString('base64') };
  const created = await ok('POST', k(`/_mock/widgets/${uuid}/support-requests`, KEY_A), { type: 'offline', description: SECRET_OF_A.description, files: [file] });
  const link = /https:\/\/\S+\/api\/v2\/files\/\S+/.exec(created.supportRequest.description)![0];
  await ok('POST', k('/_mock/clock/advance', KEY_A), { ms: 0 });
  const [mail] = (await ok('GET', k('/_mock/emails', KEY_A))).emails;
  const fault = await ok('POST', '/_mock/faults', { api_key: KEY_A, path: '/api/v1/a-private*', status: 418, body: SECRET_OF_A.faultBody });
  const credentials = await ok('GET', k(`/_mock/users/${email}/api-credentials`, KEY_A));
  // A's front desk: a script, chat settings, an agent online, and a visitor's words.
  await ok('PUT', k(`/_mock/widgets/${uuid}/agent-script`, KEY_A), { greeting: SECRET_OF_A.greeting });
  await ok('PUT', k(`/_mock/widgets/${uuid}/chat-settings`, KEY_A), { emailRequired: false });
  await ok('PUT', k(`/_mock/widgets/${uuid}/agents/wc:a-agent@example.com/status`, KEY_A), { status: 'online' });
  const started = await call('POST', `/api/v1/chat?widgetId=${uuid}&visitorMessage=${SECRET_OF_A.visitorMessage}`, { headers: { 'x-api-key': KEY_A } });
  expect(started.status, started.text).toBe(200);
  // A's bot, set after the chat started (which stays queued for A's agents): its URL, token and name are A's alone.
  await ok('PUT', k(`/_mock/widgets/${uuid}/bot`, KEY_A), { url: `http://127.0.0.1:9${SECRET_OF_A.botPath}`, token: SECRET_OF_A.botToken, name: SECRET_OF_A.botName });
  // A page of A's widget, in a chat of its own.
  const page = (await ok('POST', '/widget/visitors', { widgetId: uuid, pageUrl: SECRET_OF_A.pageUrl })) as { visitorId: string; token: string };
  const pageChat = await call('POST', `/widget/visitors/${page.visitorId}/chat`, { body: { message: SECRET_OF_A.pageMessage }, headers: { 'x-visitor-token': page.token } });
  expect(pageChat.status, pageChat.text).toBe(200);
  return {
    email,
    uuid: uuid as string,
    deliveryId: created.deliveryId as string,
    supportRequestId: created.supportRequest.id as string,
    emailId: mail.id as string,
    filePath: new URL(link).pathname,
    faultId: fault.id as string,
    orgId: credentials.orgId as string,
    caseId: started.json().caseId as string,
    visitorId: page.visitorId,
    pageCaseId: pageChat.json().caseId as string,
  };
}

/** What A sees of its own world, read with A's key: none of it may change under B's probes. */
export async function worldOfA(call: Call, a: A) {
  const read = async (path: string) => (await call('GET', path)).text;
  return {
    user: await read(k('/api/v1/user.json', KEY_A, { email: a.email })),
    credentials: await read(k(`/_mock/users/${a.email}/api-credentials`, KEY_A)),
    clock: await read(k('/_mock/clock', KEY_A)),
    faults: await read(k('/_mock/faults', KEY_A)),
    // Its PUTs only: the GET above is journaled too, at every read of this world.
    journal: await read(k('/_mock/requests', KEY_A, { method: 'PUT' })),
    deliveries: await read(k('/_mock/deliveries', KEY_A)),
    emails: await read(k('/_mock/emails', KEY_A)),
    attachment: await read(k(`/_mock/emails/${a.emailId}/attachments/0`, KEY_A)),
    conversation: await read(k(`/_mock/conversations/${a.caseId}`, KEY_A)),
    pageConversation: await read(k(`/_mock/conversations/${a.pageCaseId}`, KEY_A)),
    agents: await read(k(`/_mock/widgets/${a.uuid}/agents`, KEY_A)),
    script: await read(k(`/_mock/widgets/${a.uuid}/agent-script`, KEY_A)),
    chatSettings: await read(k(`/_mock/widgets/${a.uuid}/chat-settings`, KEY_A)),
    bot: await read(k(`/_mock/widgets/${a.uuid}/bot`, KEY_A)),
    botCalls: await read(k(`/_mock/conversations/${a.caseId}/bot-calls`, KEY_A)),
  };
}
