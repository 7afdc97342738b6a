// What the mock does with a bot's answer, item by item, in order: lines to the visitor (its messages, their buttons as
// a `/SYS BTN` line, GOTO as `/SYS GOTO`) and the commands that end the bot's part (close, ban, the transfers).
import type { BotAction } from '../bots/bot-answer.js';
import type { BotsService } from '../bots/bots-service.js';
import type { Conversation } from '../db/conversations-repository.js';
import type { Agent, OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { Desk } from './desk.js';
import type { Presence } from './presence.js';
import { BUTTONS_LINE, GOTO_LINE } from './system-lines.js';

/** The system line a bot's HUMAN_TRANSFER (and TRANSFER_WIDGET) leaves the visitor. */
export const HANDOVER_NOTE = 'You are being transferred to an agent. Please wait for the next available agent.';


export interface ActionDeps {
  desk: Desk;
  presence: Presence;
  widgets: WidgetsRepository;
  bots: BotsService;
}

/** The targets the answer's transfers name, each checked before anything is applied. */
interface Targets {
  agents: Map<string, Agent>;
  widgets: Map<string, OwnedWidget>;
}

/** Lines an action adds at most, to refuse an answer the conversation cannot hold (CHAT_MAX_MESSAGES) before it starts. */
const linesOf = (action: BotAction): number => (action.kind === 'message' ? 2 : action.kind === 'close' || action.kind === 'ban' ? 0 : 1);

/**
 * Why the answer cannot be carried out in this conversation, or the targets it names: an agent the widget does not
 * have, a widget that is not this key's, more lines than the conversation may still hold.
 */
export function resolveTargets(deps: ActionDeps, conversation: Conversation, actions: BotAction[], room: number): Targets | string {
  const targets: Targets = { agents: new Map(), widgets: new Map() };
  const widget = deps.widgets.findById(conversation.widgetId);
  for (const action of actions) {
    if (action.kind === 'transfer-agent') {
      const agent = widget && safely(() => deps.presence.agent(widget, action.agentId));
      if (!agent) return `invalid_answer: TRANSFER_AGENT names ${action.agentId}, not an agent of widget ${conversation.widgetId}`;
      targets.agents.set(action.agentId, agent);
    }
    if (action.kind === 'transfer-widget') {
      const target = deps.widgets.findById(action.widgetId);
      if (!target || target.partner !== conversation.partner) return `invalid_answer: TRANSFER_WIDGET names ${action.widgetId}, not a widget of this api_key`;
      targets.widgets.set(action.widgetId, target);
    }
  }
  const lines = actions.reduce((n, a) => n + linesOf(a), 0);
  if (lines > room) return `invalid_answer: its ${lines} lines do not fit the conversation (CHAT_MAX_MESSAGES)`;
  return targets;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

const nameOf = (action: BotAction): string =>
  action.kind === 'message' ? 'message' : action.kind === 'close' || action.kind === 'ban' ? `command ${action.operation}` : `command ${{ transfer: 'HUMAN_TRANSFER', 'transfer-agent': 'TRANSFER_AGENT', 'transfer-widget': 'TRANSFER_WIDGET', goto: 'GOTO' }[action.kind]}`;

/** Carries out the answer in order; what follows the end of the bot's part is ignored. Returns what was done, item by item. */
export function carryOut(deps: ActionDeps, conversation: Conversation, author: string, actions: BotAction[], targets: Targets): string[] {
  const { desk, presence, bots } = deps;
  const applied: string[] = [];
  for (const action of actions) {
    if (conversation.status !== 'bot') {
      applied.push(`ignored ${nameOf(action)}: the chat had left the bot`);
      continue;
    }
    switch (action.kind) {
      case 'message':
        if (action.text !== '') desk.post(conversation, { kind: 'bot', author, text: action.text });
        if (action.buttons.length > 0) desk.post(conversation, { kind: 'system', author: 'system', text: `${BUTTONS_LINE}${JSON.stringify(action.buttons)}` });
        applied.push(action.buttons.length > 0 ? `message with ${action.buttons.length} buttons` : 'message');
        break;
      case 'goto':
        desk.post(conversation, { kind: 'system', author: 'system', text: `${GOTO_LINE}${action.url}` });
        applied.push('command GOTO');
        break;
      case 'close':
        desk.close(conversation, 'bot');
        applied.push(`command ${action.operation}: closed`);
        break;
      case 'ban': {
        const banned = bots.ban({ id: conversation.widgetId, partner: conversation.partner }, conversation.visitor, action.operation === 'BAN' ? 'email' : 'ip', conversation.caseId);
        desk.close(conversation, 'bot');
        applied.push(`command ${action.operation}: ${banned ? 'banned' : 'nothing to ban the visitor by'}, closed`);
        break;
      }
      case 'transfer':
        desk.requeue(conversation, HANDOVER_NOTE);
        applied.push('command HUMAN_TRANSFER: queued for an agent');
        break;
      case 'transfer-widget':
        desk.transfer(conversation, targets.widgets.get(action.widgetId)!, HANDOVER_NOTE);
        applied.push(`command TRANSFER_WIDGET: queued on widget ${action.widgetId}`);
        break;
      case 'transfer-agent': {
        const agent = targets.agents.get(action.agentId)!;
        const widget = deps.widgets.findById(conversation.widgetId)!;
        if (presence.canTake(widget, agent)) {
          desk.assign(conversation, agent);
          applied.push(`command TRANSFER_AGENT: taken by ${agent.agentAlias}`);
        } else {
          desk.requeue(conversation, `${agent.agentAlias} is not available. ${HANDOVER_NOTE}`);
          applied.push(`command TRANSFER_AGENT: ${agent.agentAlias} is not available, queued for any agent`);
        }
        break;
      }
    }
  }
  return applied;
}
