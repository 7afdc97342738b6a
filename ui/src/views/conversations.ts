// Conversations: the front desk from the agent's chair, so a person can play the agent for an app under development:
// the agents and the bot of each widget (set an agent online first), the queue (oldest first, with how long each has
// waited), the chats a bot has, the chats under way, the recently closed, and one chat live with the controls to
// accept, reply and close it, beside its calls to the bot.
import type { BotSettings } from '../../../src/bots/schemas.js';
import type { ConversationSummary, WidgetAgents } from '../../../src/conversations/schemas.js';
import type { InspectorWidget } from '../../../src/inspector/schemas.js';
import { ApiError, call } from '../api.js';
import { duration, field, h, replace, time, type Child } from '../dom.js';
import { agentsPanel } from './agents-panel.js';
import { botCallsPanel } from './bot-calls.js';
import { chatPanel, visitorName } from './chat.js';
import { oneAtATime, type View } from './view.js';

/** The widget chosen, kept while the page lives: opening a chat remounts the view. */
let widgetChoice = '';
/** Widgets whose agents the panel shows when every widget is chosen; a key with more picks one. */
const MAX_DESKS = 10;
const CLOSED_SHOWN = 10;
/** The events this view is drawn from. */
const LIVE = new Set(['conversation', 'presence', 'bot-call', 'clock', 'reset']);
/**
 * The journal's events too (a widget provisioned meanwhile is one to staff), but at most one refresh for them every
 * JOURNAL_EVERY_MS: every visitor's poll is journaled, and a desk of many visitors would otherwise redraw on each.
 */
const JOURNAL_EVERY_MS = 5_000;
let lastJournalRefresh = 0;
const concerns = (type: string): boolean => {
  if (LIVE.has(type)) return true;
  if (type !== 'journal' || Date.now() - lastJournalRefresh < JOURNAL_EVERY_MS) return false;
  lastJournalRefresh = Date.now();
  return true;
};

const notFoundAsNull = (err: unknown) => {
  if (err instanceof ApiError && err.status === 404) return null;
  throw err;
};

export const conversationsView: View = {
  title: 'Conversations',
  live: (event) => concerns(event.type),
  async mount(container, caseId, ctx) {
    const widget = h('select', { name: 'widgetId' });
    const queue = h('section', { 'aria-labelledby': 'queue-h' });
    const withBot = h('section', { 'aria-labelledby': 'bot-h' });
    const active = h('section', { 'aria-labelledby': 'active-h' });
    const closed = h('section', { 'aria-labelledby': 'closed-h' });
    const side = h('div', { class: 'conv-side' });
    const placeholder = h('div', { class: 'card' });
    /** The mock's now minus the browser's, to count waits on the real clock between updates. */
    let offset = 0;
    let ticking = false;

    const refresh = oneAtATime(async () => {
      const [{ widgets }, clock] = await Promise.all([call('GET /_mock/accounts'), call('GET /_mock/clock')]);
      if (widgetChoice && !widgets.some((w) => w.uuid === widgetChoice)) widgetChoice = '';
      const widgetId = widgetChoice || undefined;
      const [q, b, a, c, chat] = await Promise.all([
        call('GET /_mock/conversations', { query: { status: 'queued', widgetId, limit: 1000 } }),
        call('GET /_mock/conversations', { query: { status: 'bot', widgetId, limit: 1000 } }),
        call('GET /_mock/conversations', { query: { status: 'active', widgetId, limit: 1000 } }),
        call('GET /_mock/conversations', { query: { status: 'closed', widgetId, limit: CLOSED_SHOWN } }),
        caseId ? call('GET /_mock/conversations/:caseId', { params: { caseId } }).catch(notFoundAsNull) : null,
      ]);
      const names = new Map(widgets.map((w) => [w.uuid, w.name ?? w.uuid]));
      const staffed = widgetId ? widgets.filter((w) => w.uuid === widgetId) : widgets.filter((w) => w.enableConversations);
      const shown = staffed.slice(0, MAX_DESKS).map((w) => w.uuid);
      const wanted = chat && !shown.includes(chat.widgetId) ? [...shown, chat.widgetId] : shown;
      const [desks, botList] = await Promise.all([
        Promise.all(wanted.map((id) => call('GET /_mock/widgets/:widgetId/agents', { params: { widgetId: id } }))),
        Promise.all(wanted.map((id) => call('GET /_mock/widgets/:widgetId/bot', { params: { widgetId: id } }).catch(notFoundAsNull))),
      ]);
      const bots = new Map<string, BotSettings | null>(wanted.map((id, i) => [id, botList[i]!]));
      offset = clock.now - Date.now();
      ticking = clock.mode === 'real';

      drawWidgets(widgets);
      const aliases = new Map(desks.flatMap((d) => d.agents.map((x) => [`${d.widgetId} ${x.agentId}`, x.agentAlias] as const)));
      const place = (conv: ConversationSummary) => (widgetId ? null : names.get(conv.widgetId));
      const waiting = [...q.conversations].sort((x, y) => x.createdAt - y.createdAt);
      drawList(queue, 'queue-h', 'Queue', waiting, 'Nobody is waiting.', (conv) => [
        h('span', { 'data-since': conv.createdAt }, `waiting ${duration(clock.now - conv.createdAt)}`),
        place(conv) && ` · ${place(conv)}`,
        conv.visitorTyping && ' · typing…',
      ]);
      // A chat a bot has waits for no agent: its own group, shown while there is one or a widget shown has a bot.
      withBot.hidden = b.conversations.length === 0 && ![...bots.values()].some(Boolean);
      drawList(withBot, 'bot-h', 'With a bot', b.conversations, 'No chat is with a bot.', (conv) => [
        `with ${bots.get(conv.widgetId)?.name ?? 'the bot'}, since `,
        time(conv.createdAt, false),
        place(conv) && ` · ${place(conv)}`,
        conv.visitorTyping && ' · typing…',
      ]);
      drawList(active, 'active-h', 'Under way', a.conversations, 'No chat is under way.', (conv) => [
        `with ${aliases.get(`${conv.widgetId} ${conv.agentId}`) ?? conv.agentId}`,
        place(conv) && ` · ${place(conv)}`,
        (conv.visitorTyping || conv.agentTyping) && ' · typing…',
      ]);
      drawList(closed, 'closed-h', 'Recently closed', c.conversations, 'No chat closed yet.', (conv) => [
        'closed ',
        time(conv.closedAt),
        conv.endedBy && ` by ${conv.endedBy}`,
        place(conv) && ` · ${place(conv)}`,
      ]);
      panel.show(
        desks.filter((d) => shown.includes(d.widgetId)),
        names,
        bots,
        staffed.length > MAX_DESKS ? `${staffed.length - MAX_DESKS} more widgets take chats: choose one above to staff it.` : undefined,
      );
      if (chat) {
        chatView.show(chat, desks.find((d: WidgetAgents) => d.widgetId === chat.widgetId), names.get(chat.widgetId) ?? chat.widgetId, bots.get(chat.widgetId));
        callsView.show(chat);
        if (side.firstChild !== chatView.el) replace(side, chatView.el, callsView.el);
      } else {
        replace(placeholder, caseId ? `This key has no conversation ${caseId} (a reset removes them).` : 'Choose a chat from the queue to see it live and answer it as an agent.');
        if (side.firstChild !== placeholder) replace(side, placeholder);
      }
    });
    const panel = agentsPanel(ctx, refresh);
    const chatView = chatPanel(ctx, refresh);
    const callsView = botCallsPanel();

    const drawWidgets = (widgets: InspectorWidget[]) => {
      if (document.activeElement === widget) return;
      replace(widget, h('option', { value: '' }, 'All widgets'), widgets.map((w) => h('option', { value: w.uuid }, w.name ?? w.uuid)));
      widget.value = widgetChoice;
    };
    /** Redrawn only when it changed (a visitor's every poll is an event), keeping the keyboard on the chat it was on. */
    const drawList = (el: HTMLElement, id: string, title: string, list: ConversationSummary[], empty: string, meta: (c: ConversationSummary) => Child[]) => {
      const next = [
        h('h2', { id }, `${title} (${list.length})`),
        list.length === 0
          ? h('p', { class: 'muted' }, empty)
          : h(
              'ul',
              { class: 'convs' },
              list.map((conv) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    { href: `#/conversations/${encodeURIComponent(conv.caseId)}`, class: 'conv', 'aria-current': conv.caseId === caseId ? 'true' : null },
                    // The spaces part the link's name for a screen reader; the grid does not draw them.
                    h('span', { class: 'conv-who' }, visitorName(conv)),
                    ' ',
                    h('span', { class: 'conv-first' }, conv.description || '(no message)'),
                    ' ',
                    h('span', { class: 'conv-meta' }, meta(conv)),
                  ),
                ),
              ),
            ),
      ];
      if (next.length === el.childNodes.length && next.every((node, i) => node.isEqualNode(el.childNodes[i]!))) return;
      const focused = el.contains(document.activeElement) ? document.activeElement?.getAttribute('href') : null;
      replace(el, next);
      if (focused) [...el.querySelectorAll('a')].find((a) => a.getAttribute('href') === focused)?.focus();
    };

    widget.addEventListener('change', () => {
      widgetChoice = widget.value;
      refresh().catch(ctx.showError);
    });
    // Waits grow by themselves on the real clock; on the virtual one time stands still between advances.
    const tick = window.setInterval(() => {
      if (!container.isConnected) return window.clearInterval(tick);
      if (!ticking) return;
      for (const el of container.querySelectorAll<HTMLElement>('[data-since]')) el.textContent = `waiting ${duration(Date.now() + offset - Number(el.dataset.since))}`;
    }, 1000);

    replace(
      container,
      h('h1', {}, 'Conversations'),
      h('p', {}, 'Play the agent for the visitors of your app: a widget takes chats only while one of its agents is online (or it has a bot), so set one online under Agents first.'),
      h('div', { class: 'filters' }, field('Widget', widget)),
      h('div', { class: `conv-layout${caseId ? ' has-chat' : ''}` }, h('div', { class: 'conv-lists' }, panel.el, queue, withBot, active, closed), side),
    );
    await refresh();
    return refresh;
  },
};
