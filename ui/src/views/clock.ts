// Clock: the mock's time; on the virtual clock, buttons that move it and list what ran; reset this key or everything.
import type { ClockAdvanceInput } from '../../../src/control/clock-schemas.js';
import { call } from '../api.js';
import { badge, h, replace, time } from '../dom.js';
import { act, type View } from './view.js';

const STEPS: Array<[string, number]> = [
  ['+30 s', 30_000],
  ['+5 min', 300_000],
  ['+1 h', 3_600_000],
  ['+2 h 05 min', 7_500_000],
];

export const clockView: View = {
  title: 'Clock',
  async mount(container, _arg, ctx) {
    const now = h('p', { class: 'now' });
    const ran = h('section', { 'aria-labelledby': 'ran-h', 'aria-live': 'polite' });
    const buttons = h('div', { class: 'actions' });
    const advance = (body: ClockAdvanceInput, label: string) =>
      act(ctx, async () => {
        const result = await call('POST /_mock/clock/advance', { body });
        replace(
          ran,
          h('h2', { id: 'ran-h' }, `${label}: ${result.attempts.length} attempt${result.attempts.length === 1 ? '' : 's'} ran`),
          h('ul', { class: 'ran' }, result.attempts.map((a) => h('li', {}, time(a.at), ' ', h('a', { href: `#/delivery/${a.deliveryId}` }, `attempt ${a.attempt}`), ' ', badge(a.outcome), a.statusCode ? ` ${a.statusCode}` : '', a.error ? ` ${a.error}` : ''))),
        );
        await refresh();
        return `Clock moved ${label}; ${result.attempts.length} attempt(s) ran.`;
      });
    const nextDue = () =>
      act(ctx, async () => {
        const { deliveries } = await call('GET /_mock/deliveries', { query: { status: 'pending' } });
        const due = deliveries.map((d) => d.nextAttemptAt).filter((t): t is number => t !== null);
        if (due.length === 0) return 'No attempt is planned for this key.';
        const clock = await call('GET /_mock/clock');
        await advance({ to: Math.max(clock.now, Math.min(...due)) }, 'to the next due attempt');
      });
    const reset = (all: boolean) =>
      act(ctx, async () => {
        if (!window.confirm(all ? 'Wipe every key’s data, journal and fault rules?' : 'Wipe this key’s data, journal and fault rules?')) return;
        await call('POST /_mock/reset', { noKey: all });
        await refresh();
        return all ? 'Everything was reset.' : 'This key was reset.';
      });
    const refresh = async () => {
      // Always asked with the key: on the virtual clock each key may have its own (moved only by its own advances).
      const clock = await call('GET /_mock/clock');
      const whose = clock.mode !== 'virtual' ? '' : clock.diverged ? ' (this key’s own clock)' : ' (the shared clock, until this key moves its own)';
      replace(now, 'Now ', time(clock.now), ' · ', h('strong', {}, clock.mode), ` clock${whose}`);
      replace(
        buttons,
        clock.mode === 'virtual'
          ? [STEPS.map(([label, ms]) => h('button', { type: 'button', onclick: () => advance({ ms }, label) }, `Advance ${label}`)), h('button', { type: 'button', onclick: nextDue }, 'To the next due attempt')]
          : h('p', {}, 'The real clock runs by itself; start the mock with CLOCK=virtual to move time by hand.'),
      );
    };
    replace(
      container,
      h('h1', {}, 'Clock'),
      now,
      buttons,
      ran,
      h('h2', {}, 'Reset'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', onclick: () => reset(false) }, 'Reset this key'), h('button', { type: 'button', class: 'danger', onclick: () => reset(true) }, 'Reset everything')),
    );
    await refresh();
    return refresh;
  },
};
