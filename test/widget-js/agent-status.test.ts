// getAgentStatusAsync on a virtual clock: the availability the widget asks (the public widget availability, and the
// `online` of each poll) follows the widget's conversationSchedule on its key's clock, walked by advancing the clock.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY, START_TIME } from '../helpers/build-test-app.js';
import { control, setAgentStatus } from '../helpers/front-desk.js';
import { openPage, pollPage, proactiveWidget } from '../helpers/widget-page.js';

const HOUR = 3_600_000;

describe('the status getAgentStatusAsync answers', () => {
  it("is false outside the widget's schedule and true inside it, on the key's virtual clock; a page's held poll hears it", async () => {
    const { app } = await buildTestApp();
    // Mondays 8 AM to 5 PM in Berlin; START_TIME is Monday 09:00 UTC, 10:00 in Berlin.
    const widgetId = await proactiveWidget(app, KEY, {
      conversationSchedule: { timeZone: 'Europe/Berlin', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }] },
    });
    await setAgentStatus(app, widgetId, 'online');
    const page = await openPage(app, widgetId);
    let shown = page.online;
    expect(shown).toBe(true);

    /** Moves K's clock with the page's poll held, as a page sits between answers; returns what the widget answers then. */
    const at = async (instant: number) => {
      const held = pollPage(app, page, { online: shown });
      expect((await control(app, 'POST', '/clock/advance', { to: instant })).statusCode).toBe(200);
      shown = (await held).online;
      const res = await app.inject({ method: 'GET', url: `/public/api/v2/chat/${widgetId}`, headers: { origin: 'https://shop.example' } });
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.json().data.online).toBe(String(shown));
      return shown;
    };

    expect(await at(START_TIME + 7 * HOUR - 1)).toBe(true); // 16:59:59.999 in Berlin
    expect(await at(START_TIME + 7 * HOUR)).toBe(false); // 17:00: the end is not inside
    expect(await at(START_TIME + 23 * HOUR)).toBe(false); // Tuesday 08:00
    expect(await at(START_TIME + 7 * 24 * HOUR - HOUR)).toBe(true); // the next Monday, 09:00 in Berlin
  });
});
