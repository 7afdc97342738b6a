// The harness's front-desk helpers: a visitor (mock.visitor, the Visitor Chat API), an agent (mock.agent, /_mock) and
// mock.waitForMessage, on the virtual clock (a scripted agent reached by advancing) and on the real clock (in-process,
// and through createMockClient, which listens on /_mock/events). Typed from the API's schemas: no casts below.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MockClientError,
  createMockClient,
  startMock,
  type AgentPresence,
  type ChatAvailability,
  type ChatPoll,
  type Conversation,
  type ConversationMessage,
  type MockHarness,
} from '../../src/index.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));
/** The demo's chat widget: Ada online (maxChats 5), a script that accepts after 2 s, greets, answers after 800 ms of typing. */
const WIDGET = '7e1b4c9a-2d3f-4a5b-8c6d-9e0f1a2b3c4d';
const START = Date.UTC(2026, 0, 5, 9);

const rejection = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('it resolved'), (err: unknown) => err);

describe('front-desk helpers on the virtual clock', () => {
  let mock: MockHarness;
  beforeAll(async () => {
    mock = await startMock({ fixtures: DEMO, startTime: START });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset({ fixtures: true }));

  it('visitor.availability follows agent.setStatus, as strings; agent.agents says why', async () => {
    const online: ChatAvailability = await mock.visitor.availability(WIDGET);
    expect(online).toEqual({ widgetId: WIDGET, online: 'true', emailRequired: 'false', messageRequired: 'false', screenshotRequired: 'false' });
    const ada: AgentPresence = await mock.agent.setStatus(WIDGET, 'wc:ada@example.com', 'offline');
    expect(ada).toMatchObject({ agentId: 'wc:ada@example.com', agentAlias: 'Ada', status: 'offline' });
    expect((await mock.visitor.availability(WIDGET)).online).toBe('false');
    expect(await mock.agent.agents(WIDGET)).toMatchObject({ online: false, reason: 'no agent is online' });
    const missing = await rejection(mock.visitor.availability('no-such-widget'));
    expect(missing).toBeInstanceOf(MockClientError);
    expect(missing).toMatchObject({ status: 404, body: null });
  });

  it('a scripted agent, reached by advancing the clock: accept, greeting, keyword answers, polled by index', async () => {
    const { caseId, widgetId } = await mock.visitor.start({ widgetId: WIDGET, email: 'visitor@example.com', visitorMessage: 'What are your hours?' });
    expect(widgetId).toBe(WIDGET);
    expect((await mock.visitor.poll(caseId)).messageList).toEqual([]);

    // Waiting does not move the clock: the script's accept is 2 s away, so the greeting comes with the advance.
    const greeting = mock.waitForMessage(caseId, /^Hi, I'm Ada/);
    await mock.advanceClock(2_000);
    const greeted: ConversationMessage = await greeting;
    expect(greeted).toMatchObject({ index: 2, kind: 'agent', author: 'Ada', agentId: 'wc:ada@example.com', text: "Hi, I'm Ada. How can I help?" });
    const typing: ChatPoll = await mock.visitor.poll(caseId, { index: 1 });
    expect(typing.agentTyping).toBe(true);
    expect(typing.messageList.map((l) => [l.index, l.type, l.text])).toEqual([[1, 'system', '/NIC Ada'], [2, 'agent', "Hi, I'm Ada. How can I help?"]]);

    await mock.advanceClock(800);
    // Already there: it resolves at once.
    expect((await mock.waitForMessage(caseId, 'We are here around the clock.')).index).toBe(3);
    expect(await mock.visitor.send(caseId, 'And the price?')).toEqual({ caseId, messageBody: 'And the price?', messageType: '1' });
    const answer = mock.waitForMessage(caseId, (line) => line.kind === 'agent' && line.index > 4);
    await mock.advanceClock(800);
    expect((await answer).text).toBe('Our plans start at $10 a month.');
    expect((await mock.visitor.poll(caseId, { index: 4, isTyping: false })).messageList).toEqual([
      { index: 5, type: 'agent', author: 'Ada', text: 'Our plans start at $10 a month.' },
    ]);

    expect(await mock.visitor.close(caseId)).toEqual({ caseId, messageBody: '', messageType: '2' });
    const [closed]: Conversation[] = await mock.agent.conversations({ status: 'closed', widgetId: WIDGET });
    expect(closed).toMatchObject({ caseId, status: 'closed', endedBy: 'visitor', agentId: 'wc:ada@example.com', messageCount: 6 });
    const refused = await rejection(mock.visitor.send(caseId, 'too late'));
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'conversation_closed' } } });
  });

  it('waitForMessage gives up after its bound without moving the clock, and at once when the chat closes without the line', async () => {
    const { caseId } = await mock.visitor.start({ widgetId: WIDGET, visitorMessage: 'hello' });
    const before = (await mock.clock()).now;
    const timedOut = await rejection(mock.waitForMessage(caseId, /^Hi/, { timeoutMs: 200 }));
    expect(String(timedOut)).toMatch(new RegExp(`no line of conversation ${caseId} matched /\\^Hi/ within 200 ms \\(its last lines: 0 visitor visitor: "hello"\\)`));
    expect((await mock.clock()).now).toBe(before);

    const never = mock.waitForMessage(caseId, 'never said', { timeoutMs: 60_000 });
    await mock.visitor.close(caseId);
    expect(String(await rejection(never))).toMatch(/closed \(ended by visitor\) with no line matching "never said"/);
  });

  it('the agent side by hand: script removed, status, queue, accept, typing, reply, close', async () => {
    await mock.agent.removeScript(WIDGET);
    expect(await mock.agent.setStatus(WIDGET, 'grace@example.com', 'online', 1)).toMatchObject({ agentId: 'wc:grace@example.com', status: 'online', maxChats: 1, openChats: 0 });
    const { caseId } = await mock.visitor.start({ widgetId: WIDGET, name: 'Jo', visitorMessage: 'Anyone?' });
    await mock.advanceClock(60_000);
    expect((await mock.agent.conversations({ status: 'queued' })).map((c) => c.caseId)).toEqual([caseId]);

    expect(await mock.agent.accept(caseId, 'grace@example.com')).toMatchObject({ caseId, status: 'active', agentId: 'wc:grace@example.com' });
    expect((await mock.agent.typing(caseId, true)).agentTyping).toBe(true);
    expect((await mock.visitor.poll(caseId)).agentTyping).toBe(true);
    const line = await mock.agent.reply(caseId, 'Grace here. How can I help?');
    expect(line).toMatchObject({ index: 2, kind: 'agent', author: 'Grace', agentId: 'wc:grace@example.com' });
    expect(await mock.visitor.poll(caseId)).toEqual({
      caseId,
      agentTyping: false,
      messageList: [
        { index: 1, type: 'system', author: 'system', text: '/NIC Grace' },
        { index: 2, type: 'agent', author: 'Grace', text: 'Grace here. How can I help?' },
      ],
    });
    expect(await mock.agent.reply(caseId, 'Ada can help too.', 'ada@example.com')).toMatchObject({ author: 'Ada', agentId: 'wc:ada@example.com' });

    expect(await mock.agent.close(caseId)).toMatchObject({ status: 'closed', endedBy: 'agent' });
    const detail = await mock.agent.conversation(caseId);
    expect(detail.messages.map((m) => [m.kind, m.author, m.text])).toEqual([
      ['visitor', 'Jo', 'Anyone?'],
      ['system', 'system', '/NIC Grace'],
      ['agent', 'Grace', 'Grace here. How can I help?'],
      ['agent', 'Ada', 'Ada can help too.'],
    ]);
    expect(await rejection(mock.agent.accept(caseId, 'grace@example.com'))).toMatchObject({ status: 409 });
  });

  it('agent.setScript staffs the widget: the queued chat is taken after acceptAfterMs', async () => {
    await mock.agent.removeScript(WIDGET);
    const { caseId } = await mock.visitor.start({ widgetId: WIDGET });
    const saved = await mock.agent.setScript(WIDGET, { acceptAfterMs: 5_000, greeting: 'Hello from {alias}' });
    expect(saved).toMatchObject({ widgetId: WIDGET, script: { acceptAfterMs: 5_000, greeting: 'Hello from {alias}', replies: [], typingMs: 0 } });
    const hello = mock.waitForMessage(caseId, 'Hello from Ada');
    await mock.advanceClock(4_999);
    expect((await mock.agent.conversation(caseId)).status).toBe('queued');
    await mock.advanceClock(1);
    expect(await hello).toMatchObject({ kind: 'agent', agentId: 'wc:ada@example.com' });
  });

  it('visitor.start while offline, or with isOffline, leaves an offline message: a closed case at once', async () => {
    const { caseId } = await mock.visitor.start({ widgetId: WIDGET, email: 'v@example.com', visitorMessage: 'Call me back', isOffline: true });
    expect(await mock.agent.conversation(caseId)).toMatchObject({ type: 'offline', status: 'closed', description: 'Call me back', messages: [] });
  });
});

describe('front-desk helpers on the real clock', () => {
  let mock: MockHarness;
  beforeAll(async () => {
    mock = await startMock({ fixtures: DEMO, config: { CLOCK: 'real' } });
  });
  afterAll(() => mock.close());
  beforeEach(async () => {
    await mock.reset({ fixtures: true });
    await mock.agent.setScript(WIDGET, { acceptAfterMs: 50, greeting: "Hi, I'm {alias}.", replies: [{ match: 'price', text: '$10 a month.' }], typingMs: 50 });
  });

  it('waitForMessage waits for the script in real time, woken by the event hub', async () => {
    const { caseId } = await mock.visitor.start({ widgetId: WIDGET, visitorMessage: 'The price?' });
    expect(await mock.waitForMessage(caseId, '$10 a month.')).toMatchObject({ index: 3, author: 'Ada' });
    expect((await mock.visitor.poll(caseId, { index: 1 })).messageList.map((l) => l.text)).toEqual(['/NIC Ada', "Hi, I'm Ada.", '$10 a month.']);
  });

  it('createMockClient does the same for a mock elsewhere, listening on /_mock/events', async () => {
    const client = createMockClient({ url: mock.url, apiKey: mock.apiKey });
    const { caseId } = await client.visitor.start({ widgetId: WIDGET, visitorMessage: 'The price?' });
    expect((await client.waitForMessage(caseId, /month/)).text).toBe('$10 a month.');
    await client.visitor.send(caseId, 'and the price again?');
    expect((await client.waitForMessage(caseId, (l) => l.index === 5)).text).toBe('$10 a month.');
    // Each wait's stream is closed once it is over.
    await expect.poll(() => mock.app.ctx.events.size).toBe(0);
  });
});

describe('waitForMessage against a mock that never gets the stream going', () => {
  it.each([
    ['answers the stream but never says ready', (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hello\n\n')],
    ['never answers the stream at all', () => undefined],
  ])('gives up at its bound and closes the connection when the server %s', async (_, answer) => {
    // A stand-in for a mock elsewhere: GET /_mock/events is held open; nothing else is asked before the wait is over.
    const closed: Array<Promise<void>> = [];
    const server = createServer((req, res) => {
      closed.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = createMockClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'dev-api-key' });
      await expect(client.waitForMessage('case-1', 'hello', { timeoutMs: 300 })).rejects.toThrow(/within 300 ms/);
      // The wait is over: its stream's connection goes too, so nothing holds the test run open.
      expect(closed).toHaveLength(1);
      await closed[0];
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
