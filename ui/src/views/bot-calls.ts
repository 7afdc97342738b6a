// A chat's calls to its widget's bot, beside the transcript: one row per call (the turn and what it said, its state,
// when it was sent and finished, how long it took, the status, the fault rule that shaped it), why a failed call failed
// in plain sight, what the mock did with an answer item by item, and, folded, the turn as sent and the answer as
// received. A row is redrawn only when its call changed, so one opened stays open while live updates come in.
import type { BotCallRecord } from '../../../src/bots/schemas.js';
import type { ConversationDetail } from '../../../src/conversations/schemas.js';
import { badge, h, replace, time } from '../dom.js';

export interface BotCallsPanel {
  el: HTMLElement;
  show(chat: ConversationDetail): void;
}

/** Calls are short: milliseconds matter (duration() in dom.ts counts in seconds). */
const took = (ms: number | null) => (ms === null ? '—' : ms < 10_000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The answer as received, pretty-printed when it parses (only its start is kept: a cut one stays as it came). */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text.replace(/^\uFEFF/, '')), null, 2);
  } catch {
    return text;
  }
}

function row(c: BotCallRecord): HTMLElement {
  const said = c.request.text ?? c.request.description ?? '';
  const name = `Turn ${c.turn}`;
  return h(
    'li',
    { class: `bot-call bot-call-${c.state}`, 'data-call': c.id },
    h(
      'p',
      { class: 'call-head' },
      h('strong', {}, name),
      ' ',
      badge(c.state),
      c.statusCode !== null && [' ', h('span', { class: 'call-status' }, `HTTP ${c.statusCode}`)],
      ' ',
      h('span', { class: 'call-said' }, said ? `“${said}”` : '(no words)'),
    ),
    h(
      'p',
      { class: 'call-times' },
      c.startedAt === null ? ['queued ', time(c.queuedAt, false), ', not sent'] : ['sent ', time(c.startedAt, false)],
      c.finishedAt !== null && [', finished ', time(c.finishedAt, false), ` · took ${took(c.durationMs)}`],
      c.faultId && [' · fault rule ', h('code', {}, c.faultId)],
    ),
    // Why it failed in plain sight, beside what the mock did about it (the chat handed to an agent).
    c.error && h('p', { class: c.state === 'failed' ? 'why' : 'muted' }, h('strong', {}, c.state === 'failed' ? 'Failed: ' : 'Why: '), c.error),
    c.applied.length > 0 && h('ul', { class: 'applied', 'aria-label': `What the mock did with the answer to ${name.toLowerCase()}` }, c.applied.map((a) => h('li', {}, a))),
    c.state === 'answered' && c.applied.length === 0 && h('p', { class: 'muted' }, 'Nothing to carry out: the answer\'s content was empty.'),
    h(
      'details',
      {},
      h('summary', {}, `${name}: sent and received`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Queued'),
        h('dd', {}, time(c.queuedAt)),
        h('dt', {}, 'URL'),
        h('dd', {}, c.url ? h('code', {}, c.url) : 'not sent'),
        h('dt', {}, 'Status'),
        h('dd', {}, c.statusCode === null ? 'no answer' : String(c.statusCode)),
        c.faultId && [h('dt', {}, 'Fault rule'), h('dd', {}, h('code', {}, c.faultId), ' answered in the bot\'s place (Faults view)')],
      ),
      h('h3', {}, 'Sent'),
      h('pre', { tabindex: 0, 'aria-label': `${name} as sent` }, JSON.stringify(c.request, null, 2)),
      h('h3', {}, 'Answer as received'),
      c.answer === null ? h('p', { class: 'muted' }, 'None.') : h('pre', { tabindex: 0, 'aria-label': `The answer to ${name.toLowerCase()}` }, pretty(c.answer)),
    ),
  );
}

export function botCallsPanel(): BotCallsPanel {
  const heading = h('h2', { id: 'bot-calls-h' });
  const list = h('ol', { class: 'bot-calls' });
  const el = h(
    'section',
    { class: 'bot-calls-panel', 'aria-labelledby': 'bot-calls-h', hidden: true },
    heading,
    h('p', { class: 'muted' }, 'Each visitor turn POSTed to the bot, in order, as GET /_mock/conversations/{caseId}/bot-calls lists them.'),
    list,
  );
  let caseId = '';
  /** Each call drawn, and the record it was drawn from. */
  const rows = new Map<number, { drawn: string; el: HTMLElement }>();

  return {
    el,
    show(chat) {
      if (chat.caseId !== caseId) {
        caseId = chat.caseId;
        rows.clear();
        replace(list);
      }
      el.hidden = chat.botCalls.length === 0;
      const title = `Calls to the bot (${chat.botCalls.length})`;
      if (heading.textContent !== title) heading.textContent = title;
      for (const c of chat.botCalls) {
        const drawn = JSON.stringify(c);
        const old = rows.get(c.id);
        if (old?.drawn === drawn) continue;
        const next = row(c);
        if (old) {
          next.querySelector('details')!.open = old.el.querySelector('details')!.open;
          const focused = old.el.contains(document.activeElement);
          old.el.replaceWith(next);
          if (focused) next.querySelector('summary')!.focus();
        } else list.append(next);
        rows.set(c.id, { drawn, el: next });
      }
    },
  };
}
