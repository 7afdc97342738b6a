// The Conversations view's Agents panel: each widget's agents with a status select (online, paused, offline) and their
// load, whether the widget is online and why not, and its bot (which takes the widget's new chats first). Nothing can
// be accepted without an online agent: this is where a person staffs the desk. Redrawn in place, so a select keeps its
// focus while live updates come in.
import type { BotSettings } from '../../../src/bots/schemas.js';
import type { AgentPresence, WidgetAgents } from '../../../src/conversations/schemas.js';
import { call } from '../api.js';
import { badge, duration, h, replace, time } from '../dom.js';
import { act, type ViewContext } from './view.js';

const STATUSES: Array<AgentPresence['status']> = ['online', 'paused', 'offline'];

export const load = (a: AgentPresence) => `${a.openChats} of ${a.maxChats} chat${a.maxChats === 1 ? '' : 's'}`;

export interface AgentsPanel {
  el: HTMLElement;
  /** Draws the widgets' agents; `names` gives each widget its name, `bots` its bot (null: none). */
  show(desks: WidgetAgents[], names: Map<string, string>, bots: Map<string, BotSettings | null>, note?: string): void;
}

/** A widget's bot as its settings say (the token is write-only: only whether one is set), and whom it banned. */
function botLine(bot: BotSettings | null | undefined): HTMLElement {
  if (!bot) return h('p', { class: 'desk-bot muted' }, 'No bot: new chats wait in the queue for an agent.');
  const bans = bot.bans.length;
  return h(
    'div',
    { class: 'desk-bot' },
    h(
      'p',
      {},
      h('span', { class: 'owner-bot' }, `Bot (${bot.name})`),
      ' takes new chats first: ',
      h('code', {}, bot.url),
      `, ${bot.tokenSet ? 'a token set' : 'no token'}, a call times out after ${bot.timeoutMs < 1000 ? `${bot.timeoutMs} ms` : duration(bot.timeoutMs)}`,
      bans === 0 ? ', no visitor banned.' : '.',
    ),
    bans > 0 &&
      h(
        'details',
        {},
        h('summary', {}, `${bans} visitor${bans === 1 ? '' : 's'} banned by the bot`),
        h(
          'ul',
          {},
          bot.bans.map((b) =>
            h('li', {}, `${b.kind === 'email' ? 'email' : 'IP'} `, h('code', {}, b.value), ', ', time(b.createdAt), ', in ', h('a', { href: `#/conversations/${encodeURIComponent(b.caseId)}` }, `chat ${b.caseId.slice(0, 8)}…`)),
          ),
        ),
      ),
  );
}

export function agentsPanel(ctx: ViewContext, refresh: () => Promise<void>): AgentsPanel {
  const body = h('div', { class: 'desks' });
  const el = h('section', { class: 'agents-panel', 'aria-labelledby': 'agents-h' }, h('h2', { id: 'agents-h' }, 'Agents'), body);
  /** What is drawn, so an unchanged set of widgets and agents is updated rather than redrawn. */
  let drawn = '';
  const parts = new Map<string, { select: HTMLSelectElement; load: HTMLElement }>();
  const availability = new Map<string, HTMLElement>();

  const setStatus = (desk: WidgetAgents, agent: AgentPresence, name: string, status: AgentPresence['status']) =>
    act(ctx, async () => {
      try {
        await call('PUT /_mock/widgets/:widgetId/agents/:agentId/status', { params: { widgetId: desk.widgetId, agentId: agent.agentId }, body: { status } });
      } finally {
        // Refused or not, the select shows what the mock holds.
        await refresh();
      }
      return `${agent.agentAlias} is ${status} on ${name}.`;
    });

  const widgetState = (desk: WidgetAgents) => (desk.online ? [badge('online')] : [badge('offline'), ` ${desk.reason ?? ''}`]);

  return {
    el,
    show(desks, names, bots, note) {
      const signature = JSON.stringify([note, desks.map((d) => [d.widgetId, names.get(d.widgetId), d.agents.map((a) => a.agentId), bots.get(d.widgetId)])]);
      if (signature === drawn) {
        for (const desk of desks) {
          replace(availability.get(desk.widgetId)!, ...widgetState(desk));
          for (const agent of desk.agents) {
            const part = parts.get(`${desk.widgetId} ${agent.agentId}`)!;
            if (part.select.value !== agent.status) part.select.value = agent.status;
            part.load.textContent = load(agent);
          }
        }
        return;
      }
      drawn = signature;
      parts.clear();
      availability.clear();
      replace(
        body,
        desks.length === 0 ? h('p', {}, 'No widget of this key has conversations enabled.') : null,
        desks.map((desk) => {
          const name = names.get(desk.widgetId) ?? desk.widgetId;
          const state = h('p', { class: 'desk-state' }, ...widgetState(desk));
          availability.set(desk.widgetId, state);
          return h(
            'div',
            { class: 'desk card' },
            h('h3', {}, name),
            state,
            botLine(bots.get(desk.widgetId)),
            desk.agents.length === 0
              ? h('p', {}, 'No agents: provisioning gives a widget its agents.')
              : h(
                  'ul',
                  { class: 'desk-agents' },
                  desk.agents.map((agent) => {
                    const select = h('select', { 'aria-label': `Status of ${agent.agentAlias} on ${name}` }, STATUSES.map((s) => h('option', { value: s }, s)));
                    select.value = agent.status;
                    select.addEventListener('change', () => setStatus(desk, agent, name, select.value as AgentPresence['status']));
                    const chats = h('small', {}, load(agent));
                    parts.set(`${desk.widgetId} ${agent.agentId}`, { select, load: chats });
                    return h('li', {}, h('strong', {}, agent.agentAlias), ' ', select, ' ', chats);
                  }),
                ),
          );
        }),
        note ? h('p', {}, h('small', {}, note)) : null,
      );
    },
  };
}
