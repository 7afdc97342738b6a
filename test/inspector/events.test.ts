// GET /_mock/events: the inspector's live feed, read over a real listener with Node's fetch as a browser's EventSource would.
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, KEY, OTHER_KEY, withKey } from '../helpers/build-test-app.js';
import { AGENT, control, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { configureIntegration, createWidget } from '../helpers/integration-setup.js';
import { closedPortUrl } from '../helpers/webhook-receiver.js';

interface Stream {
  status: number;
  /** Resolves with the next event whose type is `type` (earlier ones are skipped). */
  next(type: string): Promise<Record<string, unknown>>;
  /** Every event read so far. */
  seen: Array<Record<string, unknown>>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

async function openStream(url: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  const seen: Array<Record<string, unknown>> = [];
  const waiting: Array<{ type: string; from: number; resolve: (e: Record<string, unknown>) => void }> = [];
  let read = 0;
  const settle = () => {
    for (const w of waiting.splice(0)) {
      const found = seen.slice(w.from).find((e) => e.type === w.type);
      if (found) w.resolve(found);
      else waiting.push(w);
    }
  };
  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    ended = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (data) seen.push(JSON.parse(data.slice(6)) as Record<string, unknown>);
          }
          settle();
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    status: res.status,
    seen,
    ended,
    next: (type) =>
      new Promise((resolve) => {
        const from = read;
        waiting.push({ type, from, resolve: (e) => ((read = seen.indexOf(e) + 1), resolve(e)) });
        settle();
      }),
    close: () => controller.abort(),
  };
}

describe('GET /_mock/events', () => {
  it("streams the key's support requests, attempts, emails and clock moves as they happen, and nothing of another key's", async () => {
    const { app, url } = await buildTestApp({ listen: true });
    const mine = await openStream(`${url}${withKey('/_mock/events', KEY)}`);
    const theirs = await openStream(`${url}${withKey('/_mock/events', OTHER_KEY)}`);
    onExit(mine, theirs);
    expect(mine.status).toBe(200);
    await mine.next('ready');
    await theirs.next('ready');

    const { widgetId } = await createWidget(app);
    await configureIntegration(app, widgetId, { url: await closedPortUrl() });
    await mine.next('journal');
    const created = await app.inject({ method: 'POST', url: withKey(`/_mock/widgets/${widgetId}/support-requests`, KEY), payload: { type: 'chat' } });
    const { deliveryId } = created.json() as { deliveryId: string };
    expect(await mine.next('support-request')).toMatchObject({ deliveryId });

    await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 0 } });
    expect(await mine.next('attempt')).toEqual({ type: 'attempt', deliveryId, attempt: 1, outcome: 'failed' });
    expect((await mine.next('clock')).now).toBe(app.ctx.clock.now());

    // The whole ladder: the last attempt fails and the email follows.
    await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 3 * 3_600_000 } });
    expect(await mine.next('email')).toMatchObject({ deliveryId });

    // The other key saw the shared clock move, and nothing of this key's records.
    await theirs.next('clock');
    expect(theirs.seen.map((e) => e.type).filter((t) => t !== 'clock' && t !== 'ready')).toEqual([]);
  });

  it("streams the front desk: a presence event on every agent's status change, a conversation event on every change of a chat", async () => {
    const { app, url } = await buildTestApp({ listen: true });
    const mine = await openStream(`${url}${withKey('/_mock/events', KEY)}`);
    onExit(mine);
    await mine.next('ready');
    const { widgetId } = await createWidget(app);

    await setAgentStatus(app, widgetId, 'online');
    expect(await mine.next('presence')).toEqual({ type: 'presence', widgetId });
    const { caseId } = await startChat(app, { widgetId, visitorMessage: 'Hello?' });
    expect(await mine.next('conversation')).toEqual({ type: 'conversation', caseId, status: 'queued' });
    await control(app, 'POST', `/conversations/${caseId}/accept`, { agentId: AGENT });
    expect(await mine.next('conversation')).toEqual({ type: 'conversation', caseId, status: 'active' });
    // The visitor's typing, told by the poll, is a change the agent's side must see at once.
    await app.inject({ method: 'GET', url: `/api/v1/chat/poll/${caseId}?index=0&isTyping=true`, headers: { 'x-api-key': KEY } });
    expect(await mine.next('conversation')).toEqual({ type: 'conversation', caseId, status: 'active' });
    await setAgentStatus(app, widgetId, 'paused');
    expect(await mine.next('presence')).toEqual({ type: 'presence', widgetId });
    await control(app, 'POST', `/conversations/${caseId}/close`, {});
    expect(await mine.next('conversation')).toEqual({ type: 'conversation', caseId, status: 'closed' });
  });

  it('refuses a stream past EVENTS_MAX_CONNECTIONS with a 503 that names the setting, and takes one again once a stream closes', async () => {
    const { url, app } = await buildTestApp({ listen: true, config: { EVENTS_MAX_CONNECTIONS: '1' } });
    const first = await openStream(`${url}${withKey('/_mock/events', KEY)}`);
    onExit(first);
    await first.next('ready');
    const refused = await fetch(`${url}${withKey('/_mock/events', KEY)}`);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_event_streams');
    expect(body.error.message).toContain('EVENTS_MAX_CONNECTIONS (1)');

    first.close();
    await first.ended;
    await waitFor(() => app.ctx.events.size === 0);
    const again = await openStream(`${url}${withKey('/_mock/events', KEY)}`);
    onExit(again);
    await again.next('ready');
  });

  it('answers 401 without an accepted api_key', async () => {
    const { url } = await buildTestApp({ listen: true });
    expect((await fetch(`${url}/_mock/events`)).status).toBe(401);
    expect((await fetch(`${url}${withKey('/_mock/events', 'nope')}`)).status).toBe(401);
  });

  it('sends a heartbeat comment on an idle stream every EVENTS_HEARTBEAT_MS', async () => {
    const { url } = await buildTestApp({ listen: true, config: { EVENTS_HEARTBEAT_MS: '100' } });
    const res = await fetch(`${url}${withKey('/_mock/events', KEY)}`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': heartbeat')) text += (await reader.read()).value ?? '';
    await reader.cancel();
  });

  it('does not hold up shutdown: close() ends an open stream and returns promptly', async () => {
    const { app, url } = await buildTestApp({ listen: true });
    const stream = await openStream(`${url}${withKey('/_mock/events', KEY)}`);
    await stream.next('ready');
    const started = performance.now();
    await app.close();
    await stream.ended;
    // Far from the default SHUTDOWN_TIMEOUT_MS (10 s) that a held connection would run into; a generous bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

/** Streams are closed before the app (onTestFinished runs in reverse order of registration). */
function onExit(...streams: Stream[]) {
  onTestFinished(() => {
    for (const s of streams) s.close();
  });
}

/** Polls a condition the server reaches right after a socket closes (no event to await for it). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
