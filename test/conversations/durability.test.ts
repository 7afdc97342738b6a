// The front desk keeps its state where the mock keeps everything: a restart on the same file finds the open chat, its
// lines, the agents' presence and the script's pending steps; on the real clock the scripted agent acts by itself.
import { describe, expect, it } from 'vitest';
import { partnerOf } from '../../src/http/api-key.js';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { AGENT, control, poll, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { advance, createWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the front desk across a restart', () => {
  it('keeps the open chat, its lines, presence and the pending scripted accept', async () => {
    const config = { DATABASE_PATH: `${tempDir()}/desk.db` };
    const { app: first } = await buildTestApp({ config });
    const { widgetId } = await createWidget(first);
    await control(first, 'PUT', `/widgets/${widgetId}/agent-script`, { acceptAfterMs: 60_000, greeting: 'Back again.' });
    await setAgentStatus(first, widgetId, 'online');
    const { caseId } = await startChat(first, { widgetId, visitorMessage: 'Before the restart' });
    await advance(first, 30_000);
    await first.close();

    const { app: second } = await buildTestApp({ config });
    expect((await control(second, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({
      status: 'queued',
      description: 'Before the restart',
      messages: [{ index: 0, kind: 'visitor', text: 'Before the restart' }],
    });
    expect((await control(second, 'GET', `/widgets/${widgetId}/agents`)).json().online).toBe(true);
    // The accept was due 60 s after the start; 30 s of them passed before the restart.
    await advance(second, 29_999);
    expect((await poll(second, caseId)).messageList).toEqual([]);
    await advance(second, 1);
    expect((await poll(second, caseId)).messageList.map((m) => m.text)).toEqual(['/NIC Jerome', 'Back again.']);
  });
});

describe('on the real clock', () => {
  it('the scripted agent accepts and greets by itself', async () => {
    const { app } = await buildTestApp({ clock: 'real' });
    const { widgetId } = await createWidget(app);
    await control(app, 'PUT', `/widgets/${widgetId}/agent-script`, { acceptAfterMs: 20, greeting: 'Hello from {alias}.' });
    await setAgentStatus(app, widgetId, 'online');
    // The in-process event feed says when the conversation changes: no sleeping.
    const accepted = new Promise<void>((resolve) => {
      const stop = app.ctx.events.subscribe(partnerOf(KEY), async (event) => {
        if (event.type !== 'conversation' || event.status !== 'active') return;
        stop();
        resolve();
      });
    });
    const { caseId } = await startChat(app, { widgetId });
    await accepted;
    expect((await control(app, 'GET', `/conversations/${caseId}`)).json()).toMatchObject({ status: 'active', agentId: AGENT });
    expect((await poll(app, caseId)).messageList.map((m) => m.text)).toEqual(['/NIC Jerome', 'Hello from Jerome.']);
  });
});
