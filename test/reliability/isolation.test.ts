// Isolation: every operation of the OpenAPI document (and the inspector's reads, which it leaves out), called with
// another partner's key or token against partner A's user, widget, integration, support request, file, delivery,
// email, fault rule, clock and widget page, is refused or sees nothing, answers nothing of A's, and changes nothing of A's. The
// probes are keyed by operationId: an operation added to the document without a probe here fails the test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partnerOf } from '../../src/http/api-key.js';
import { scheduledWidgetBody, userBody } from '../helpers/provisioning.js';
import { KEY_A, KEY_B, SECRET_OF_A, k, kb, seed, startTwoPartnerMock, worldOfA, type A, type B } from './partner-a.js';

const DOCUMENT = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};

interface Probe {
  method: string;
  /** A path on the http listener, or an https URL. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The statuses that count as refusing B, or serving B only its own. */
  expect: number[];
  /** For a 200: a check that it holds nothing of A's. */
  empty?: (json: any) => unknown;
}

/** Every documented operation's probes, by operationId. */
const PROBES: Record<string, (a: A, b: B, https: string) => Probe[]> = {
  createUser: (a) => [
    { method: 'PUT', path: kb('/api/v1/user.json'), body: userBody({ email: 'copy@example.com', templateId: a.email, accountType: undefined }), expect: [400] },
    { method: 'PUT', path: kb('/api/v1/user.json'), body: userBody({ email: a.email }), expect: [409] },
  ],
  // B may learn only that the user exists (documented).
  getUser: (a) => [{ method: 'GET', path: kb('/api/v1/user.json', { email: a.email }), expect: [200], empty: (j) => expect(j).toEqual({ email: a.email }) }],
  updateUser: (a) => [
    { method: 'POST', path: kb('/api/v1/user.json'), body: { email: a.email, name: 'Hijacked', password: 'hijacked' }, expect: [403] },
    { method: 'POST', path: kb('/api/v1/user.json'), body: { email: a.email, name: 'Hijacked', accountType: 'trial' }, expect: [403] },
  ],
  deleteUser: (a) => [{ method: 'DELETE', path: kb('/api/v1/user.json', { email: a.email }), expect: [403] }],
  createWidget: (a) => [{ method: 'PUT', path: kb('/api/v1/widget.json'), body: scheduledWidgetBody(a.email), expect: [403] }],
  getWidget: (a) => [
    { method: 'GET', path: kb('/api/v1/widget.json', { uuid: a.uuid, email: a.email }), expect: [404] },
    { method: 'GET', path: kb('/api/v1/widget.json', { uuid: a.uuid, email: 'bob@example.com' }), expect: [404] },
  ],
  updateWidget: (a) => [
    { method: 'POST', path: kb('/api/v1/widget.json'), body: { ...scheduledWidgetBody(a.email), uuid: a.uuid }, expect: [404] },
    { method: 'POST', path: kb('/api/v1/widget.json'), body: { ...scheduledWidgetBody('bob@example.com'), uuid: a.uuid }, expect: [404] },
  ],
  deleteWidget: (a) => [{ method: 'DELETE', path: kb('/api/v1/widget.json', { uuid: a.uuid, email: a.email }), expect: [404] }],
  getLogs: (a, b) => [
    { method: 'GET', path: `/api/v2/${a.orgId}/logs?start=2000-01-01&end=2099-12-31`, headers: { authorization: b.apiToken }, expect: [403] },
    { method: 'GET', path: `/api/v2/${a.orgId}/logs?start=2000-01-01&end=2099-12-31`, expect: [401] },
  ],
  downloadFile: (a, b, https) => [
    { method: 'GET', path: `${https}${a.filePath}?orgId=${a.orgId}`, headers: { authorization: b.apiToken }, expect: [403] },
    { method: 'GET', path: `${https}${a.filePath}?orgId=${b.orgId}`, headers: { authorization: b.apiToken }, expect: [404] },
  ],
  getHealth: () => [{ method: 'GET', path: '/_mock/health', expect: [200] }],
  listRequests: () => [{ method: 'GET', path: kb('/_mock/requests'), expect: [200], empty: (j) => expect(JSON.stringify(j)).not.toContain(partnerOf(KEY_A)) }],
  addFault: () => [{ method: 'POST', path: '/_mock/faults', body: { api_key: KEY_B, path: '/api/v1/user.json', status: 503 }, expect: [201] }],
  listFaults: (a) => [{ method: 'GET', path: kb('/_mock/faults'), expect: [200], empty: (j) => expect(j.faults.map((f: { id: string }) => f.id)).not.toContain(a.faultId) }],
  removeFault: (a) => [{ method: 'DELETE', path: kb(`/_mock/faults/${a.faultId}`), expect: [404] }],
  removeFaults: () => [{ method: 'DELETE', path: kb('/_mock/faults'), expect: [200] }],
  getClock: () => [{ method: 'GET', path: kb('/_mock/clock'), expect: [200] }],
  advanceClock: () => [{ method: 'POST', path: kb('/_mock/clock/advance'), body: { ms: 3_600_000 }, expect: [200], empty: (j) => expect(j.attempts).toEqual([]) }],
  getTlsCa: () => [{ method: 'GET', path: '/_mock/tls/ca.pem', expect: [200] }],
  setIntegration: (a) => [{ method: 'PUT', path: kb(`/_mock/widgets/${a.uuid}/integration`), body: { url: 'http://127.0.0.1:9/steal' }, expect: [404] }],
  getIntegration: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/integration`), expect: [404] }],
  deleteIntegration: (a) => [{ method: 'DELETE', path: kb(`/_mock/widgets/${a.uuid}/integration`), expect: [404] }],
  createSupportRequest: (a) => [{ method: 'POST', path: kb(`/_mock/widgets/${a.uuid}/support-requests`), body: {}, expect: [404] }],
  listDeliveries: (a) => [
    { method: 'GET', path: kb('/_mock/deliveries'), expect: [200], empty: (j) => expect(JSON.stringify(j)).not.toContain(a.uuid) },
    { method: 'GET', path: kb('/_mock/deliveries', { widget_id: a.uuid }), expect: [200], empty: (j) => expect(j.deliveries).toEqual([]) },
    { method: 'GET', path: kb('/_mock/deliveries', { support_request_id: a.supportRequestId }), expect: [200], empty: (j) => expect(j.deliveries).toEqual([]) },
  ],
  getDelivery: (a) => [
    { method: 'GET', path: kb(`/_mock/deliveries/${a.deliveryId}`), expect: [404] },
    { method: 'GET', path: kb(`/_mock/deliveries/${a.deliveryId}`, { wait: 'settled', timeout_ms: '50' }), expect: [404] },
  ],
  redeliver: (a) => [{ method: 'POST', path: kb(`/_mock/deliveries/${a.deliveryId}/redeliver`), expect: [404] }],
  listEmails: (a) => [
    { method: 'GET', path: kb('/_mock/emails'), expect: [200], empty: (j) => expect(JSON.stringify(j)).not.toContain(a.uuid) },
    { method: 'GET', path: kb('/_mock/emails', { widget_id: a.uuid }), expect: [200], empty: (j) => expect(j.emails).toEqual([]) },
    { method: 'GET', path: kb('/_mock/emails', { delivery_id: a.deliveryId }), expect: [200], empty: (j) => expect(j.emails).toEqual([]) },
  ],
  getEmailAttachment: (a) => [{ method: 'GET', path: kb(`/_mock/emails/${a.emailId}/attachments/0`), expect: [404] }],
  getApiCredentials: (a) => [{ method: 'GET', path: kb(`/_mock/users/${a.email}/api-credentials`), expect: [404] }],
  rotateApiToken: (a) => [{ method: 'POST', path: kb(`/_mock/users/${a.email}/api-credentials/rotate`), expect: [404] }],
  getChatAvailability: (a) => [{ method: 'GET', path: `/api/v1/chat/${a.uuid}`, headers: { 'x-api-key': KEY_B }, expect: [404] }],
  startChat: (a) => [{ method: 'POST', path: `/api/v1/chat?widgetId=${a.uuid}&visitorMessage=hi`, headers: { 'x-api-key': KEY_B }, expect: [404] }],
  pollChat: (a) => [{ method: 'GET', path: `/api/v1/chat/poll/${a.caseId}?index=0`, headers: { 'x-api-key': KEY_B }, expect: [404] }],
  sendChatMessage: (a) => [
    { method: 'PUT', path: `/api/v1/chat?caseId=${a.caseId}&messageType=1&messageBody=x`, headers: { 'x-api-key': KEY_B }, expect: [404] },
    { method: 'PUT', path: `/api/v1/chat?caseId=${a.caseId}&messageType=2`, headers: { 'x-api-key': KEY_B }, expect: [404] },
  ],
  // What SnapEngage serves to anyone: whether the widget is online (the secrets check covers the rest).
  getWidgetAvailability: (a) => [{ method: 'GET', path: `/public/api/v2/chat/${a.uuid}`, expect: [200] }],
  getStatusImage: (a) => [{ method: 'GET', path: `/statusImage?w=${a.uuid}`, expect: [200] }],
  listWidgetAgents: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/agents`), expect: [404] }],
  setAgentStatus: (a) => [{ method: 'PUT', path: kb(`/_mock/widgets/${a.uuid}/agents/wc:a-agent@example.com/status`), body: { status: 'offline' }, expect: [404] }],
  setAgentScript: (a) => [{ method: 'PUT', path: kb(`/_mock/widgets/${a.uuid}/agent-script`), body: { greeting: 'mine now' }, expect: [404] }],
  getAgentScript: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/agent-script`), expect: [404] }],
  deleteAgentScript: (a) => [{ method: 'DELETE', path: kb(`/_mock/widgets/${a.uuid}/agent-script`), expect: [404] }],
  setChatSettings: (a) => [{ method: 'PUT', path: kb(`/_mock/widgets/${a.uuid}/chat-settings`), body: { emailRequired: false }, expect: [404] }],
  getChatSettings: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/chat-settings`), expect: [404] }],
  listConversations: (a) => [
    { method: 'GET', path: kb('/_mock/conversations'), expect: [200], empty: (j) => expect(JSON.stringify(j)).not.toContain(a.caseId) },
    { method: 'GET', path: kb('/_mock/conversations', { widgetId: a.uuid }), expect: [200], empty: (j) => expect(j.conversations).toEqual([]) },
  ],
  getConversation: (a) => [{ method: 'GET', path: kb(`/_mock/conversations/${a.caseId}`), expect: [404] }],
  acceptConversation: (a) => [{ method: 'POST', path: kb(`/_mock/conversations/${a.caseId}/accept`), body: { agentId: 'wc:a-agent@example.com' }, expect: [404] }],
  replyToConversation: (a) => [{ method: 'POST', path: kb(`/_mock/conversations/${a.caseId}/messages`), body: { text: 'hi' }, expect: [404] }],
  setAgentTyping: (a) => [{ method: 'POST', path: kb(`/_mock/conversations/${a.caseId}/typing`), body: { typing: true }, expect: [404] }],
  closeConversation: (a) => [{ method: 'POST', path: kb(`/_mock/conversations/${a.caseId}/close`), body: { by: 'agent' }, expect: [404] }],
  setBot: (a) => [{ method: 'PUT', path: kb(`/_mock/widgets/${a.uuid}/bot`), body: { url: 'http://127.0.0.1:9/steal' }, expect: [404] }],
  getBot: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/bot`), expect: [404] }],
  deleteBot: (a) => [{ method: 'DELETE', path: kb(`/_mock/widgets/${a.uuid}/bot`), expect: [404] }],
  listBotCalls: (a) => [
    { method: 'GET', path: kb(`/_mock/conversations/${a.caseId}/bot-calls`), expect: [404] },
    { method: 'GET', path: kb(`/_mock/conversations/${a.caseId}/bot-calls`, { wait: 'handover', timeout_ms: '50' }), expect: [404] },
  ],
  // The JavaScript widget. Its page routes need no key, as SnapEngage's widget needs none: anyone may open a page of any
  // widget (and learn only whether it is online); A's page is reached only with A's page token, which B never has.
  registerWidgetVisitor: (a) => [
    { method: 'POST', path: '/widget/visitors', body: { widgetId: a.uuid }, expect: [201], empty: (j) => expect(Object.keys(j).sort()).toEqual(['emailRequired', 'messageRequired', 'online', 'pollMs', 'token', 'visitorId', 'widgetId']) },
  ],
  pollWidgetVisitor: (a) => [
    { method: 'GET', path: `/widget/visitors/${a.visitorId}/events?status=none`, headers: { 'x-visitor-token': a.visitorId }, expect: [404] },
    { method: 'GET', path: `/widget/visitors/${a.visitorId}/events?status=none`, expect: [404] },
  ],
  startWidgetChat: (a) => [{ method: 'POST', path: `/widget/visitors/${a.visitorId}/chat`, body: { message: 'hijack' }, headers: { 'x-visitor-token': 'guess' }, expect: [404] }],
  inviteWidgetVisitor: (a) => [{ method: 'POST', path: `/widget/visitors/${a.visitorId}/invitation`, body: { message: 'hi' }, headers: { 'x-visitor-token': 'guess' }, expect: [404] }],
  sendWidgetChatLine: (a) => [{ method: 'POST', path: `/widget/visitors/${a.visitorId}/messages`, body: { text: 'injected' }, headers: { 'x-visitor-token': 'guess' }, expect: [404] }],
  leaveWidgetVisitor: (a) => [{ method: 'DELETE', path: `/widget/visitors/${a.visitorId}`, headers: { 'x-visitor-token': 'guess' }, expect: [404] }],
  closeWidgetChat: (a) => [{ method: 'POST', path: `/widget/visitors/${a.visitorId}/close`, headers: { 'x-visitor-token': 'guess' }, expect: [404] }],
  listWidgetVisitors: (a) => [{ method: 'GET', path: kb(`/_mock/widgets/${a.uuid}/visitors`), expect: [404] }],
  sendProactiveInvitation: (a) => [{ method: 'POST', path: kb(`/_mock/widgets/${a.uuid}/proactive`), body: { message: 'hi' }, expect: [404] }],
  switchWidgetVisitors: (a) => [{ method: 'POST', path: kb(`/_mock/widgets/${a.uuid}/switch`), body: { to: a.uuid }, expect: [404] }],
  // B's own reset: it must take nothing of A's. Last, since it takes B's own records.
  reset: () => [{ method: 'POST', path: kb('/_mock/reset'), expect: [200] }],
};

/** The inspector's reads, which the document leaves out (`hide`). */
const UNDOCUMENTED = (a: A): Probe[] => [
  { method: 'GET', path: kb('/_mock/accounts'), expect: [200], empty: (j) => expect(JSON.stringify(j)).not.toContain(a.uuid) },
  { method: 'GET', path: kb(`/_mock/support-requests/${a.supportRequestId}`), expect: [404] },
  { method: 'GET', path: kb(`/_mock/deliveries/${a.deliveryId}/ladder`), expect: [404] },
];

const documented = Object.values(DOCUMENT.paths).flatMap((ops) => Object.values(ops).flatMap((op) => (op.operationId ? [op.operationId] : [])));

describe('isolation between partners', () => {
  it('no documented operation lets another api_key (or its organization\'s token) read, change or delete partner A\'s records', async () => {
    const { mock, call } = await startTwoPartnerMock();
    const a = await seed(call);
    // B has records of its own, so lists answered to B are not empty by accident of B having nothing.
    expect((await call('PUT', kb('/api/v1/user.json'), { body: userBody({ email: 'bob@example.com' }) })).status).toBe(201);
    const b = (await call('GET', kb('/_mock/users/bob@example.com/api-credentials'))).json() as B;
    const before = await worldOfA(call, a);

    expect(documented.filter((id) => !(id in PROBES)), 'operations of openapi/openapi.json without a probe').toEqual([]);
    expect(Object.keys(PROBES).filter((id) => !documented.includes(id)), 'probes of operations no longer documented').toEqual([]);
    const probes = [...documented.filter((id) => id !== 'reset').flatMap((id) => PROBES[id]!(a, b, mock.httpsUrl!)), ...UNDOCUMENTED(a), ...PROBES.reset!(a, b, '')];

    const offences: string[] = [];
    for (const probe of probes) {
      const res = await call(probe.method, probe.path, { body: probe.body, headers: probe.headers });
      const label = `${probe.method} ${probe.path}`;
      if (!probe.expect.includes(res.status)) offences.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
      for (const [what, value] of Object.entries(SECRET_OF_A)) if (res.text.includes(value)) offences.push(`${label} leaked A's ${what}`);
      if (res.status === 200 && probe.empty) probe.empty(res.json());
    }
    expect(offences).toEqual([]);
    // Nothing of A's changed: not its records, token, clock, fault rules, journal, deliveries or emails.
    expect(await worldOfA(call, a)).toEqual(before);
  });
});
