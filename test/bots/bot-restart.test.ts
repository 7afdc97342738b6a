// A restart never loses a bot's chat: a call cut by the stop stays pending and its timer, on the key's clock, fails it
// after the restart and hands the chat to a human; a turn left queued behind nothing is sent at the next start.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { answer, botCalls, botWidget, say, wordsOf } from '../helpers/bot-setup.js';
import { poll, send, startChat } from '../helpers/front-desk.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('bot calls across a restart', () => {
  it('a call in flight at the stop is failed by its timer after the restart, and the chat goes to a human', async () => {
    const config = { DATABASE_PATH: join(tempDir(), 'bots.db') };
    const first = await buildTestApp({ config });
    const { widgetId, bot } = await botWidget(first.app, () => undefined, { timeoutMs: 30_000 });
    const { caseId } = await startChat(first.app, { widgetId });
    await bot.received(1);
    await first.app.close();

    const second = await buildTestApp({ config });
    expect((await botCalls(second.app, caseId)).botCalls.map((c) => c.state)).toEqual(['pending']);
    await second.app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${KEY}`, payload: { ms: 30_000 } });
    const after = await botCalls(second.app, caseId);
    expect([after.status, after.botCalls[0]!.state, after.botCalls[0]!.error]).toEqual(['queued', 'failed', "timeout: no answer within 30000 ms on the key's clock"]);
  });

  it('a turn queued while the mock was stopping is sent when it starts again', async () => {
    const config = { DATABASE_PATH: join(tempDir(), 'bots.db') };
    const first = await buildTestApp({ config });
    const { widgetId, bot } = await botWidget(first.app, (req, res) => res.send(answer(req, say(`you said: ${wordsOf(req)}`))));
    const { caseId } = await startChat(first.app, { widgetId, visitorMessage: 'one' });
    await botCalls(first.app, caseId, 'answered');
    // Stopping (as the close's first step does), the mock still finishes the requests in flight: this line is one.
    await first.app.ctx.frontDesk.bots.stop();
    await send(first.app, caseId, '1', 'two');
    expect((await botCalls(first.app, caseId)).botCalls.map((c) => c.state)).toEqual(['answered', 'queued']);
    await first.app.close();

    const second = await buildTestApp({ config });
    await botCalls(second.app, caseId, 'answered');
    expect(bot.calls.map((c) => c.body.text ?? c.body.description)).toEqual(['one', 'two']);
    expect((await poll(second.app, caseId)).messageList.map((m) => m.text)).toEqual(['you said: one', 'you said: two']);
  });
});
