// The front desk's state machine: a conversation opens (queued, or closed at once as an offline message), takes lines
// from the visitor, agents, bots and the system, is accepted by an agent or returned to the queue, and closes into the
// support-request document that the webhook delivers and the Logs API pages. Every change is one transaction.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { AppError, notFound } from '../core/errors.js';
import type { EventHub } from '../core/event-hub.js';
import type { Conversation, ConversationFilter, ConversationsRepository, NameValue, VisitorDetails } from '../db/conversations-repository.js';
import type { Message, MessageKind, MessagesRepository } from '../db/messages-repository.js';
import type { Transaction } from '../db/open.js';
import type { Agent, OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { SupportRequestsService } from '../integration/support-requests-service.js';
import type { DeskTimers } from './desk-timers.js';
import { caseOf } from './case-of.js';
import { publishedAgentId } from './published.js';

/** What the rest of the front desk reacts to (scripted agents, bots): told after the change is committed. */
export interface DeskListener {
  queued?(conversation: Conversation): void;
  /** A new chat a bot takes first (status `bot`): the bot driver calls the bot with its first turn. */
  withBot?(conversation: Conversation): void;
  accepted?(conversation: Conversation, agent: Agent): void;
  visitorMessage?(conversation: Conversation, text: string): void;
  closed?(conversation: Conversation): void;
}

export interface OpenInput {
  type: 'chat' | 'offline';
  visitor: VisitorDetails;
  variables?: NameValue[];
  /** The visitor's first words: the chat's first line, and the case's description. */
  message?: string;
  proactive?: boolean;
  /** A proactive invitation the visitor answered: the chat's first line, before the visitor's (the JavaScript widget's). */
  invitation?: Line;
}

export interface Line {
  kind: MessageKind;
  author: string;
  agentId?: string | null;
  text: string;
}

export interface DeskDeps {
  config: Config;
  clock: Clock;
  transaction: Transaction;
  conversations: ConversationsRepository;
  messages: MessagesRepository;
  widgets: WidgetsRepository;
  timers: DeskTimers;
  supportRequests: SupportRequestsService;
  events: EventHub;
  log: FastifyBaseLogger;
  /** Who takes a widget's new chats first, and who may not start one (src/bots/); none: every chat queues for agents. */
  reception?: Reception;
}

/** The bots' say in a chat's start. */
export interface Reception {
  /** Throws (400 `visitor_banned`) for a visitor the widget's bot banned. */
  admit(widget: OwnedWidget, visitor: VisitorDetails): void;
  /** Whether a bot takes the widget's new chats until it hands over. */
  hasBot(widgetId: string): boolean;
}

/** The alias transcripts give the visitor when the page never named them (SnapEngage's sample says `visitor`). */
export const VISITOR_ALIAS = 'visitor';

export class Desk {
  readonly #listeners: DeskListener[] = [];

  constructor(private readonly deps: DeskDeps) {}

  listen(listener: DeskListener): void {
    this.#listeners.push(listener);
  }

  /** One of `partner`'s conversations; another key's is indistinguishable from a missing one. */
  get(partner: string, caseId: string): Conversation {
    const conversation = this.deps.conversations.find(caseId);
    if (!conversation || conversation.partner !== partner) throw notFound('conversation_not_found', `no conversation with caseId ${caseId}`);
    return conversation;
  }

  list(filter: ConversationFilter): Conversation[] {
    return this.deps.conversations.list(filter);
  }

  /** The chats one agent has on a widget now. */
  activeOf(widgetId: string, agentId: string): Conversation[] {
    return this.deps.conversations.activeOf(widgetId, agentId);
  }

  /** A widget's queued chats, oldest first. */
  queued(widgetId: string): Conversation[] {
    return this.deps.conversations.queued(widgetId);
  }

  /** The lines a visitor receives (not their own) from `index` on, that line included. */
  linesToVisitor(conversation: Conversation, index: number): Message[] {
    return this.deps.messages.toVisitor(conversation.caseId, index, this.deps.config.CHAT_MAX_MESSAGES);
  }

  /** Every line, for the agent's side. */
  lines(conversation: Conversation): Message[] {
    return this.deps.messages.from(conversation.caseId);
  }

  /** Refuses a change to a closed conversation: 409 on the control plane, 400 where SnapEngage documents only 400. */
  assertOpen(conversation: Conversation, status = 409): void {
    if (conversation.status === 'closed') {
      throw new AppError(status, 'conversation_closed', `conversation ${conversation.caseId} is closed (ended by ${conversation.endedBy})`);
    }
  }

  open(widget: OwnedWidget, input: OpenInput): Conversation {
    const { config, conversations, clock, transaction } = this.deps;
    const partner = widget.partner;
    this.deps.reception?.admit(widget, input.visitor);
    if (input.type === 'chat' && conversations.openCount(partner) >= config.CHAT_MAX_OPEN) {
      throw new AppError(400, 'too_many_conversations', `this api_key has ${config.CHAT_MAX_OPEN} open conversations, CHAT_MAX_OPEN; close some, or reset`);
    }
    // An offline message's words become the case's description without a line: the same bound applies to them.
    this.checkLength(input.message ?? '');
    const now = clock.now(partner);
    // A bot answers at once: the chat counts as taken when it starts (the case's chat_waittime is 0).
    const withBot = input.type === 'chat' && this.deps.reception?.hasBot(widget.id) === true;
    const conversation: Conversation = {
      caseId: randomUUID(),
      partner,
      widgetId: widget.id,
      type: input.type,
      status: withBot ? 'bot' : 'queued',
      agentId: null,
      visitor: input.visitor,
      variables: input.variables ?? [],
      description: input.message ?? '',
      proactive: input.proactive ?? false,
      nextIndex: 0,
      agentTyping: false,
      visitorTyping: false,
      createdAt: now,
      acceptedAt: withBot ? now : null,
      lastVisitorAt: now,
      closedAt: null,
      endedBy: null,
    };
    transaction(() => {
      conversations.insert(conversation);
      if (input.type === 'chat' && input.invitation) this.#append(conversation, input.invitation);
      // An offline message has no chat: the visitor's words are its description, and it is a case at once.
      if (input.type === 'offline') this.#close(conversation, 'visitor');
      else if (input.message) this.#append(conversation, { kind: 'visitor', author: input.visitor.name ?? VISITOR_ALIAS, text: input.message });
    });
    this.#publish(conversation);
    if (conversation.status === 'queued') this.#tell((l) => l.queued?.(conversation));
    else if (conversation.status === 'bot') this.#tell((l) => l.withBot?.(conversation));
    else this.#tell((l) => l.closed?.(conversation));
    return conversation;
  }

  /** A line from anyone; a visitor's line tells the listeners (scripts answer it, a bot is called). */
  post(conversation: Conversation, line: Line): Message {
    this.assertOpen(conversation);
    const message = this.deps.transaction(() => this.#append(conversation, line));
    this.#publish(conversation);
    if (line.kind === 'visitor') this.#tell((l) => l.visitorMessage?.(conversation, line.text));
    return message;
  }

  typing(conversation: Conversation, who: 'agent' | 'visitor', typing: boolean): void {
    const field = who === 'agent' ? 'agentTyping' : 'visitorTyping';
    if (conversation[field] === typing) return;
    conversation[field] = typing;
    this.deps.conversations.update(conversation);
    this.#publish(conversation);
  }

  /** An agent takes the chat: it leaves the queue, and the visitor sees `/NIC <alias>`. */
  assign(conversation: Conversation, agent: Agent): void {
    const now = this.deps.clock.now(conversation.partner);
    this.deps.transaction(() => {
      conversation.status = 'active';
      conversation.agentId = publishedAgentId(agent);
      conversation.acceptedAt ??= now;
      this.#append(conversation, { kind: 'system', author: 'system', text: `/NIC ${agent.agentAlias}` }, true);
    });
    this.#publish(conversation);
    this.#tell((l) => l.accepted?.(conversation, agent));
  }

  /** Back to the queue (its agent went offline, a bot handed over), with a line telling the visitor why. */
  requeue(conversation: Conversation, why: string): void {
    this.deps.transaction(() => {
      conversation.status = 'queued';
      conversation.agentId = null;
      conversation.agentTyping = false;
      this.#append(conversation, { kind: 'system', author: 'system', text: `/NFO ${why}` }, true);
    });
    this.#publish(conversation);
    this.#tell((l) => l.queued?.(conversation));
  }

  /** To another widget of the same key and its queue (a bot's TRANSFER_WIDGET): its agents take it, its case records it. */
  transfer(conversation: Conversation, widget: OwnedWidget, why: string): void {
    conversation.widgetId = widget.id;
    this.requeue(conversation, why);
  }

  /** Ends the conversation and records its case (webhook delivery, Logs API), in one transaction. */
  close(conversation: Conversation, endedBy: string, note?: string): void {
    this.assertOpen(conversation);
    this.deps.transaction(() => {
      if (note) this.#append(conversation, { kind: 'system', author: 'system', text: `/NFO ${note}` }, true);
      this.#close(conversation, endedBy);
    });
    this.#publish(conversation);
    this.#tell((l) => l.closed?.(conversation));
  }

  /** Tells the inspector's feed that a widget's agents changed (a status, a maxChats): nothing else publishes it. */
  presenceChanged(widget: OwnedWidget): void {
    this.deps.events.publish(widget.partner, { type: 'presence', widgetId: widget.id });
  }

  /** A line at the next index. `note`: the desk's own notice of a change (accept, requeue, close), which no limit may block. */
  #append(conversation: Conversation, line: Line, note = false): Message {
    const { config, clock, conversations, messages } = this.deps;
    if (!note) this.checkLength(line.text);
    if (!note && conversation.nextIndex >= config.CHAT_MAX_MESSAGES) {
      throw new AppError(400, 'too_many_messages', `conversation ${conversation.caseId} holds ${config.CHAT_MAX_MESSAGES} messages, CHAT_MAX_MESSAGES`);
    }
    const at = clock.now(conversation.partner);
    const message: Message = {
      caseId: conversation.caseId,
      index: conversation.nextIndex,
      partner: conversation.partner,
      kind: line.kind,
      author: line.author,
      agentId: line.agentId ?? null,
      text: line.text,
      at,
    };
    messages.insert(message);
    conversation.nextIndex++;
    if (line.kind === 'visitor') {
      conversation.lastVisitorAt = at;
      conversation.visitorTyping = false;
    } else if (line.kind === 'agent') conversation.agentTyping = false;
    conversations.update(conversation);
    return message;
  }

  /** Refuses (400 `message_too_long`) a line longer than CHAT_MESSAGE_MAX_CHARS, the one bound of every chat line. */
  checkLength(text: string): void {
    const max = this.deps.config.CHAT_MESSAGE_MAX_CHARS;
    if (text.length > max) throw new AppError(400, 'message_too_long', `a message may hold at most ${max} characters, CHAT_MESSAGE_MAX_CHARS`);
  }

  #close(conversation: Conversation, endedBy: string): void {
    const { clock, conversations, messages, widgets, timers, supportRequests } = this.deps;
    const now = clock.now(conversation.partner);
    conversation.status = 'closed';
    conversation.closedAt = now;
    conversation.endedBy = endedBy;
    conversation.agentTyping = conversation.visitorTyping = false;
    conversations.update(conversation);
    timers.cancel(conversation.caseId);
    const widget = widgets.findById(conversation.widgetId)!;
    const document = caseOf(conversation, messages.from(conversation.caseId), widget);
    supportRequests.record(conversation.partner, widget, document, now);
  }

  #publish(conversation: Conversation): void {
    this.deps.events.publish(conversation.partner, { type: 'conversation', caseId: conversation.caseId, status: conversation.status });
  }

  /**
   * Listeners run after the desk's change, in the order they registered; one that throws (a script's greeting over
   * CHAT_MESSAGE_MAX_CHARS) is logged and keeps neither the others from their turn nor the change from its answer.
   */
  #tell(call: (listener: DeskListener) => void): void {
    for (const listener of this.#listeners) {
      try {
        call(listener);
      } catch (err) {
        this.deps.log.warn({ err }, 'a front-desk listener failed');
      }
    }
  }
}
