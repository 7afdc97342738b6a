// Issue 21's done-when: a mobile app written with Python requests, calling as SnapEngage's mobile samples do, chats
// through the real server (the built CLI, real clock, a file store) with a scripted agent; the closed chat reaches a
// real receiver as the support-request document and the Logs API pages the same case.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { createMockClient, type SupportRequest } from '../../src/index.js';
import { apiCaller, spawnServer } from '../helpers/spawned-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const run = promisify(execFile);
const APP = fileURLToPath(new URL('./clients/mobile_app.py', import.meta.url));
const KEY = 'mobile-app-key';
const OWNER = 'owner@example.com';
const ADA = 'wc:ada@example.com';

interface AppRun {
  flags: Record<string, boolean>;
  caseId: string;
  polls: number[];
  lines: Array<{ index: number; type: string; author: string; text: string }>;
  sent: unknown;
  typingAfterSend: boolean;
  closed: unknown;
  error?: string;
}

const transcriptOf = (doc: { transcripts: Array<{ id: string; alias: string; message: string }> }) => doc.transcripts.map((t) => [t.id, t.alias, t.message]);

test('a Python mobile app chats with a scripted agent; the case reaches the receiver and the Logs API with the same id and transcript', async () => {
  const receiver = await startReceiver();
  const server = await spawnServer({ SNAPENGAGE_API_KEYS: KEY, FIXTURES: 'none', DATABASE_PATH: join(tempDir(), 'mock.db'), LOG_LEVEL: 'warn' });
  const api = apiCaller(KEY);
  await api(server.url, 'PUT', '/api/v1/user.json', { email: OWNER, name: 'Owner', password: '12345', accountType: 'enterprise' });
  const { uuid: widgetId } = await api(server.url, 'PUT', '/api/v1/widget.json', {
    email: OWNER,
    agents: [{ agentId: 'ada@example.com', agentAlias: 'Ada', agentAvatar: 'https://example.com/ada.png', agentType: 'webclient' }],
  });

  // The widget as the team would set it up, through the harness's client of a mock running elsewhere.
  const mock = createMockClient({ url: server.url, apiKey: KEY });
  await mock.integration.set(widgetId, { url: receiver.url, authToken: 'hook-token', authHeader: 'Authorization' });
  await mock.agent.setStatus(widgetId, 'ada@example.com', 'online');
  // Typing long enough that the app's poll right after its line sees it (the answer comes 1.5 s later).
  await mock.agent.setScript(widgetId, {
    acceptAfterMs: 300,
    greeting: "Hi, I'm {alias}. How can I help?",
    replies: [{ match: 'price', text: 'Our plans start at $10 a month.' }],
    typingMs: 1_500,
  });

  const { stdout } = await run('python3', [APP, server.url, widgetId, KEY]).catch((err: { stdout: string; stderr: string }) => {
    throw new Error(`mobile_app.py failed: ${err.stdout} ${err.stderr}`);
  });
  const app = JSON.parse(stdout) as AppRun;

  expect(app.flags).toEqual({ online: true, emailRequired: false, messageRequired: false, screenshotRequired: false });
  expect(app.lines).toEqual([
    { index: 1, type: 'system', author: 'system', text: '/NIC Ada' },
    { index: 2, type: 'agent', author: 'Ada', text: "Hi, I'm Ada. How can I help?" },
    { index: 4, type: 'agent', author: 'Ada', text: 'Our plans start at $10 a month.' },
  ]);
  // Each poll asked from the last index seen plus one; never a line twice.
  expect(app.polls[0]).toBe(0);
  expect(app.polls.at(-1)).toBe(3);
  expect(app.polls).toEqual([...app.polls].sort((a, b) => a - b));
  expect(app.sent).toEqual({ caseId: app.caseId, messageBody: 'How much is the price?', messageType: '1' });
  expect(app.typingAfterSend).toBe(true);
  expect(app.closed).toEqual({ caseId: app.caseId, messageBody: '', messageType: '2' });
  // It sent its start as SnapEngage's sample does: everything in the query string, a form Content-Type, no body.
  const [start] = await mock.requests({ method: 'POST', path: '/api/v1/chat' });
  expect(start).toMatchObject({ status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0', 'x-api-key': '[redacted]' } });
  expect(start!.query).toMatchObject({ widgetId, email: 'visitor@example.com', locale: 'en-US', isOffline: 'false', appVersionName: '2.3.0' });

  const [delivered] = await receiver.received(1);
  expect(delivered!.headers.authorization).toBe('hook-token');
  const doc = JSON.parse(delivered!.body) as SupportRequest;
  const transcript = [
    ['', 'visitor', 'Hello from the app'],
    [ADA, 'Ada', "Hi, I'm Ada. How can I help?"],
    ['', 'visitor', 'How much is the price?'],
    [ADA, 'Ada', 'Our plans start at $10 a month.'],
  ];
  expect(doc).toMatchObject({
    id: app.caseId,
    widget_id: widgetId,
    type: 'chat',
    source_id: 2,
    requested_by: 'visitor@example.com',
    requester_details: { emails: ['visitor@example.com'], phones: ['+1 555 0100'] },
    description: 'Hello from the app',
    user_agent: 'DemoApp/2.3 (Android 14)',
    language_code: 'en-US',
    chat_agent_id: ADA,
    chat_agent_alias: 'Ada',
    chat_ended_by: 'visitor',
  });
  expect(transcriptOf(doc)).toEqual(transcript);
  expect(doc.transcripts.map((t) => t.sender)).toEqual(['VISITOR', 'AGENT', 'VISITOR', 'AGENT']);

  const { orgId, apiToken } = await mock.apiCredentials(OWNER);
  const logs = await fetch(`${server.url}/api/v2/${orgId}/logs?start=2000-01-01&end=2099-12-31&widgetId=${widgetId}`, { headers: { Authorization: apiToken } });
  expect(logs.status).toBe(200);
  const { cases } = (await logs.json()) as { cases: Array<SupportRequest & { transcripts: Array<{ date: number }> }> };
  expect(cases.map((c) => c.id)).toEqual([app.caseId]);
  expect(transcriptOf(cases[0]!)).toEqual(transcript);
  expect(cases[0]).toMatchObject({ type: 'chat', chat_agent_id: ADA, chat_agent_alias: 'Ada', chat_ended_by: 'visitor' });
  expect(cases[0]!.transcripts.map((t) => t.date)).toEqual(doc.transcripts.map((t) => t.date_seconds * 1000 + t.date_milliseconds));
}, 120_000);
