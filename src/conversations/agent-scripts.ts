// Agent scripts: a widget's desk staffed without test code. A script accepts queued chats after a delay (as the
// least busy online agent), greets, answers the visitor's lines by keyword (after showing the agent typing), and closes
// a chat left idle. Every delay runs on the conversation's key's clock, so a test walks through them with an advance.
import type { Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { Conversation } from '../db/conversations-repository.js';
import type { Timer } from '../db/timers-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { WidgetSettings, WidgetSettingsRepository } from '../db/widget-settings-repository.js';
import type { Agent } from '../db/widgets-repository.js';
import type { Desk, DeskListener } from './desk.js';
import type { DeskTimers } from './desk-timers.js';
import type { Presence } from './presence.js';
import { publishedAgentId } from './published.js';

export interface AgentScript {
  /** How long a queued chat waits before the script accepts it (if an agent is free then). */
  acceptAfterMs: number;
  /** Said on accepting; `{alias}` is the accepting agent's alias. */
  greeting?: string;
  /** The first reply whose `match` the visitor's line contains (any case) is said. */
  replies: Array<{ match: string; text: string }>;
  /** Said when no reply matches; without it, nothing is said. */
  fallback?: string;
  /** The agent is shown typing this long before each reply. */
  typingMs: number;
  /** A chat whose visitor has been silent this long is closed by the agent. */
  closeAfterIdleMs?: number;
}

export class AgentScripts implements DeskListener {
  constructor(
    private readonly scripts: WidgetSettingsRepository<AgentScript>,
    private readonly widgets: WidgetsRepository,
    private readonly desk: Desk,
    private readonly presence: Presence,
    private readonly timers: DeskTimers,
    private readonly clock: Clock,
  ) {
    timers.on('accept', (timer) => this.#accept(timer));
    timers.on('reply', (timer) => this.#reply(timer));
    timers.on('idle-close', (timer) => this.#idleClose(timer));
  }

  get(widget: OwnedWidget): WidgetSettings<AgentScript> {
    const script = this.scripts.find(widget.id);
    if (!script) throw notFound('agent_script_not_found', `widget ${widget.id} has no agent script`);
    return script;
  }

  /** Replaces the script; the widget's queued chats are picked up by it from now on. */
  put(widget: OwnedWidget, script: AgentScript): WidgetSettings<AgentScript> {
    const record = { widgetId: widget.id, partner: widget.partner, settings: script, updatedAt: this.clock.now(widget.partner) };
    this.scripts.put(record);
    this.staffQueue(widget);
    return record;
  }

  delete(widget: OwnedWidget): void {
    if (!this.scripts.delete(widget.id)) throw notFound('agent_script_not_found', `widget ${widget.id} has no agent script`);
  }

  /** Each queued chat of a scripted widget without a pending accept gets one (an agent came online, a script was set). */
  staffQueue(widget: OwnedWidget): void {
    const script = this.scripts.find(widget.id)?.settings;
    if (!script) return;
    for (const conversation of this.desk.queued(widget.id)) this.#planAccept(conversation, script);
  }

  queued(conversation: Conversation): void {
    const script = this.#scriptOf(conversation);
    if (script) this.#planAccept(conversation, script);
  }

  accepted(conversation: Conversation, agent: Agent): void {
    const script = this.#scriptOf(conversation);
    if (!script) return;
    if (script.greeting) this.desk.post(conversation, this.#agentLine(agent, script.greeting.replaceAll('{alias}', agent.agentAlias)));
    this.#planIdleClose(conversation, script);
    // The visitor's first words waited in the queue: the agent answers them now.
    if (conversation.description) this.#answer(conversation, script, conversation.description);
  }

  visitorMessage(conversation: Conversation, text: string): void {
    const script = this.#scriptOf(conversation);
    // A bot's chat is the bot's to answer (and not the script's to close when idle) until it hands over.
    if (!script || conversation.status === 'bot') return;
    this.#planIdleClose(conversation, script);
    if (conversation.status === 'active') this.#answer(conversation, script, text);
  }

  /** A slot came free on the widget: its queued chats may be taken. */
  closed(conversation: Conversation): void {
    const widget = this.widgets.findById(conversation.widgetId);
    if (widget) this.staffQueue(widget);
  }

  #answer(conversation: Conversation, script: AgentScript, text: string): void {
    const lower = text.toLowerCase();
    const reply = script.replies.find((r) => lower.includes(r.match.toLowerCase()))?.text ?? script.fallback;
    if (reply === undefined) return;
    if (script.typingMs > 0) this.desk.typing(conversation, 'agent', true);
    this.timers.schedule(conversation.partner, conversation.caseId, 'reply', script.typingMs, { text: reply });
  }

  #scriptOf(conversation: Conversation): AgentScript | undefined {
    return this.scripts.find(conversation.widgetId)?.settings;
  }

  #planAccept(conversation: Conversation, script: AgentScript): void {
    if (!this.timers.pending(conversation.caseId, 'accept')) this.timers.schedule(conversation.partner, conversation.caseId, 'accept', script.acceptAfterMs);
  }

  #planIdleClose(conversation: Conversation, script: AgentScript): void {
    if (script.closeAfterIdleMs === undefined) return;
    this.timers.cancel(conversation.caseId, 'idle-close');
    this.timers.schedule(conversation.partner, conversation.caseId, 'idle-close', script.closeAfterIdleMs);
  }

  #agentLine(agent: Agent, text: string) {
    return { kind: 'agent' as const, author: agent.agentAlias, agentId: publishedAgentId(agent), text };
  }

  /** Still queued and a free agent now: it takes the chat; none free: the chat waits for an agent to come online. */
  #accept(timer: Timer): void {
    const conversation = this.desk.get(timer.partner, timer.caseId);
    const widget = this.widgets.findById(conversation.widgetId);
    if (conversation.status !== 'queued' || !widget) return;
    const agent = this.presence.freeAgent(widget);
    if (agent) this.desk.assign(conversation, agent);
  }

  #reply(timer: Timer): void {
    const conversation = this.desk.get(timer.partner, timer.caseId);
    const widget = this.widgets.findById(conversation.widgetId);
    const agent = widget?.agents.find((a) => publishedAgentId(a) === conversation.agentId);
    if (conversation.status !== 'active' || !agent) return;
    this.desk.post(conversation, this.#agentLine(agent, timer.payload.text ?? ''));
  }

  #idleClose(timer: Timer): void {
    const conversation = this.desk.get(timer.partner, timer.caseId);
    if (conversation.status !== 'closed') this.desk.close(conversation, 'agent', 'The chat was closed after a period of inactivity.');
  }
}
