// A chat bot as a participant of the front desk: a chat its widget's bot takes (status `bot`) is driven turn by turn.
// Each visitor turn is recorded and POSTed to the bot, one call at a time per chat and in order, without holding the
// visitor's request; the answer is carried out (bot-actions.ts); a call that fails (timeout, refused, non-200, not the
// expected JSON) is recorded, and the chat goes to a human with a line telling the visitor. Timeouts run on the key's
// clock (a durable `bot-timeout` timer, walked by advances on CLOCK=virtual) as well as in real time (the client).
import type { FastifyBaseLogger } from 'fastify';
import { readAnswer } from '../bots/bot-answer.js';
import type { BotExchange, BotExchanger } from '../bots/bot-exchange.js';
import type { BotsService } from '../bots/bots-service.js';
import type { BotCallRecord, BotTurn } from '../bots/schemas.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventHub } from '../core/event-hub.js';
import type { BotCall, BotCallEnd, BotCallsRepository } from '../db/bot-calls-repository.js';
import type { Bot } from '../db/bots-repository.js';
import { DEFAULT_BOT_NAME } from '../bots/schemas.js';
import type { Conversation, VisitorDetails } from '../db/conversations-repository.js';
import type { Transaction } from '../db/open.js';
import type { Timer } from '../db/timers-repository.js';
import type { WidgetsRepository } from '../db/widgets-repository.js';
import { AttemptAbort } from '../delivery/attempt-abort.js';
import type { SettledWaiters } from '../delivery/settled-waiters.js';
import { carryOut, resolveTargets } from './bot-actions.js';
import type { Desk, DeskListener } from './desk.js';
import type { DeskTimers } from './desk-timers.js';
import type { Presence } from './presence.js';

/** The system line a failed call leaves the visitor, as the chat goes to a human. */
export const BOT_FAILED_NOTE = 'Our assistant could not answer. You are being transferred to an agent.';
/** Characters of an answer's body kept with its call. */
const ANSWER_KEPT = 4096;
/** On the real clock the client's own deadline ends a call; the durable timer, this much later, only fails a call a restart cut off. */
const REAL_CLOCK_GRACE_MS = 1_000;

export interface BotDriverDeps {
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  transaction: Transaction;
  desk: Desk;
  presence: Presence;
  widgets: WidgetsRepository;
  bots: BotsService;
  calls: BotCallsRepository;
  timers: DeskTimers;
  exchanger: BotExchanger;
  /** Woken on every change of a chat's calls or owner: the long-polls of GET .../bot-calls?wait=. */
  waiters: SettledWaiters;
  /** The inspector's feed: each call's start and end. */
  events: EventHub;
}

export type BotWait = 'answered' | 'handover';

export interface BotCallsView {
  caseId: string;
  status: Conversation['status'];
  botCalls: BotCallRecord[];
}

/** `[Contact Details] Name: …, Email: …, Phone: …`: what the visitor told about themselves, as a turn of its own. */
export function contactDetailsText(visitor: VisitorDetails): string | undefined {
  const parts = [['Name', visitor.name], ['Email', visitor.email], ['Phone', visitor.phone]].filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
  return parts.length > 0 ? `[Contact Details] ${parts.join(', ')}` : undefined;
}

export const toBotCallRecord = (c: BotCall): BotCallRecord => ({
  id: c.id,
  turn: c.turn,
  widgetId: c.widgetId,
  state: c.state,
  request: JSON.parse(c.request) as BotTurn,
  url: c.url,
  queuedAt: c.queuedAt,
  startedAt: c.startedAt,
  finishedAt: c.finishedAt,
  durationMs: c.durationMs,
  statusCode: c.statusCode,
  answer: c.answer,
  error: c.error,
  faultId: c.faultId,
  applied: c.applied,
});

export class BotDriver implements DeskListener {
  readonly #inFlight = new Map<number, { abort: AttemptAbort; done: Promise<void> }>();
  #stopping = false;

  constructor(private readonly deps: BotDriverDeps) {
    deps.timers.on('bot-timeout', (timer) => this.#timedOut(timer));
  }

  withBot(conversation: Conversation): void {
    this.#turn(conversation, { description: conversation.description });
    const contact = contactDetailsText(conversation.visitor);
    if (contact) this.#turn(conversation, { text: contact });
  }

  visitorMessage(conversation: Conversation, text: string): void {
    if (conversation.status === 'bot') this.#turn(conversation, { text });
  }

  queued(conversation: Conversation): void {
    this.#left(conversation);
  }

  accepted(conversation: Conversation): void {
    this.#left(conversation);
  }

  closed(conversation: Conversation): void {
    this.#left(conversation);
  }

  /** The chat's calls, in order (404 for another key's chat). */
  view(partner: string, caseId: string): BotCallsView {
    const conversation = this.deps.desk.get(partner, caseId);
    return { caseId, status: conversation.status, botCalls: this.records(caseId) };
  }

  records(caseId: string): BotCallRecord[] {
    return this.deps.calls.ofCase(caseId).map(toBotCallRecord);
  }

  /** The view once the bot has answered every turn so far (`answered`) or no longer has the chat (`handover`), or at `timeoutMs`. */
  async wait(partner: string, caseId: string, until: BotWait, timeoutMs: number): Promise<BotCallsView> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const view = this.view(partner, caseId);
      const done = until === 'handover' ? view.status !== 'bot' : this.deps.calls.openCount(caseId) === 0;
      const left = deadline - performance.now();
      if (done || left <= 0 || this.#stopping) return view;
      await this.deps.waiters.wait(caseId, partner, left);
    }
  }

  /** At the start: a turn queued when the mock last stopped, with no call in flight before it, is sent now. */
  resume(): void {
    for (const { partner, caseId } of this.deps.calls.stranded()) {
      if (this.#find({ partner, caseId })?.status === 'bot') this.#sendNext(partner, caseId);
    }
  }

  /** Shutdown: calls in flight are cut and left pending; their durable timers fail them after a restart. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.deps.waiters.close();
    for (const { abort } of this.#inFlight.values()) abort.abort();
    await Promise.all([...this.#inFlight.values()].map((f) => f.done));
  }

  #turn(conversation: Conversation, turn: Omit<BotTurn, 'widget_id' | 'case_id'>): void {
    const { calls, clock } = this.deps;
    const request = JSON.stringify({ widget_id: conversation.widgetId, case_id: conversation.caseId, ...turn });
    calls.add({ partner: conversation.partner, caseId: conversation.caseId, widgetId: conversation.widgetId, request, queuedAt: clock.now(conversation.partner) });
    // One call at a time per chat: a turn behind a call in flight waits for its end.
    if (calls.openCount(conversation.caseId) === 1) this.#sendNext(conversation.partner, conversation.caseId);
    this.deps.waiters.wake(conversation.caseId);
  }

  #left(conversation: Conversation): void {
    if (conversation.status === 'bot') return;
    if (this.deps.calls.openCount(conversation.caseId) > 0) {
      this.deps.calls.dropQueued(conversation.caseId, 'dropped: the chat left the bot before this turn was sent', this.deps.clock.now(conversation.partner));
    }
    // A wait=handover ends on any leaving (a close by the visitor or an agent too), calls pending or not.
    this.deps.waiters.wake(conversation.caseId);
  }

  #sendNext(partner: string, caseId: string): void {
    const { calls, bots, clock, timers } = this.deps;
    const call = calls.nextQueued(caseId);
    if (!call || this.#stopping || calls.hasPending(caseId)) return;
    const bot = bots.find(call.widgetId);
    const now = clock.now(partner);
    if (!bot) {
      calls.start(call.id, '', now);
      this.#fail(call, { finishedAt: now, durationMs: 0, statusCode: null, answer: null, faultId: null, error: 'no_bot: the widget has no bot any more' });
      return;
    }
    const timeoutMs = bots.timeoutOf(bot);
    calls.start(call.id, bot.url, now);
    const due = clock.mode === 'virtual' ? timeoutMs : timeoutMs + REAL_CLOCK_GRACE_MS;
    timers.schedule(partner, caseId, 'bot-timeout', due, { callId: call.id, timeoutMs });
    const abort = new AttemptAbort();
    const done = this.#exchange(bot, call, timeoutMs, abort);
    this.#inFlight.set(call.id, { abort, done });
    this.deps.events.publish(partner, { type: 'bot-call', caseId, callId: call.id, state: 'pending' });
  }

  async #exchange(bot: Bot, call: BotCall, timeoutMs: number, abort: AttemptAbort): Promise<void> {
    try {
      const result = await this.deps.exchanger.call(bot, call.id, call.request, timeoutMs, abort);
      if (!this.#stopping) this.#settle(call, result);
    } catch (err) {
      // A bug or a store refusing writes: the call stays pending and its timer fails it.
      this.deps.log.error({ err, caseId: call.caseId, callId: call.id }, 'bot call could not be recorded');
    } finally {
      this.#inFlight.delete(call.id);
    }
  }

  #settle(call: BotCall, result: BotExchange): void {
    const { config, clock, calls, transaction, bots } = this.deps;
    const end = {
      finishedAt: clock.now(call.partner),
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      answer: result.body === null ? null : result.body.slice(0, ANSWER_KEPT),
      faultId: result.faultId,
    };
    const failure =
      result.error ??
      (result.statusCode !== 200
        ? `http_status: status ${result.statusCode}`
        : result.tooLarge
          ? `invalid_answer: larger than BOT_ANSWER_MAX_BYTES (${config.BOT_ANSWER_MAX_BYTES})`
          : undefined);
    if (failure !== undefined) return this.#fail(call, { ...end, error: failure });
    const read = readAnswer(result.body ?? '', { widgetId: call.widgetId, caseId: call.caseId }, config.CHAT_MESSAGE_MAX_CHARS);
    if ('error' in read) return this.#fail(call, { ...end, error: read.error });
    let refused: string | undefined;
    let ended = false;
    try {
      transaction(() => {
        const conversation = this.#find(call);
        // Ended meanwhile (the key's clock timed it out), or gone with a reset: nothing to record.
        if (!conversation || calls.find(call.id)?.state !== 'pending') return;
        let applied = [`not carried out: the chat is ${conversation.status}`];
        if (conversation.status === 'bot') {
          const targets = resolveTargets(this.deps, conversation, read.actions, config.CHAT_MAX_MESSAGES - conversation.nextIndex);
          if (typeof targets === 'string') return void (refused = targets);
          applied = carryOut(this.deps, conversation, bots.find(call.widgetId)?.name ?? DEFAULT_BOT_NAME, read.actions, targets);
        }
        ended = calls.end(call.id, { state: 'answered', ...end, error: null, applied });
      });
    } catch (err) {
      this.deps.log.warn({ err, caseId: call.caseId, callId: call.id }, 'bot answer could not be carried out');
      refused = `invalid_answer: could not be carried out (${(err as Error).message})`;
    }
    if (refused !== undefined) return this.#fail(call, { ...end, error: refused });
    if (ended) this.#next(call, 'answered');
  }

  /** Records the failure and hands the chat to a human (when the bot still has it); nothing when the call had already ended. */
  #fail(call: BotCall, end: Omit<BotCallEnd, 'state' | 'applied'>): void {
    const { calls, transaction, log } = this.deps;
    const ended = transaction(() => {
      const conversation = this.#find(call);
      if (!conversation) return false;
      const handOver = conversation.status === 'bot';
      const applied = [handOver ? 'handed to an agent: the call failed' : `nothing: the chat is ${conversation.status}`];
      if (!calls.end(call.id, { state: 'failed', ...end, applied })) return false;
      log.warn({ caseId: call.caseId, callId: call.id, statusCode: end.statusCode, error: end.error }, 'bot call failed');
      if (handOver) this.#handToHuman(conversation);
      return true;
    });
    if (ended) this.#next(call, 'failed');
  }

  /** The chat goes to the agents' queue with a line telling the visitor; when even that line does not fit, it closes. */
  #handToHuman(conversation: Conversation): void {
    try {
      this.deps.desk.requeue(conversation, BOT_FAILED_NOTE);
    } catch (err) {
      this.deps.log.warn({ err, caseId: conversation.caseId }, 'bot chat could not be queued for an agent; closing it');
      this.deps.desk.close(conversation, 'bot');
    }
  }

  /** After a call ended: the waiters and the inspector learn it, and the chat's next turn (if the bot still has it) goes out. */
  #next(call: BotCall, state: 'answered' | 'failed'): void {
    this.deps.timers.cancel(call.caseId, 'bot-timeout');
    this.deps.waiters.wake(call.caseId);
    this.deps.events.publish(call.partner, { type: 'bot-call', caseId: call.caseId, callId: call.id, state });
    if (this.#find(call)?.status === 'bot') this.#sendNext(call.partner, call.caseId);
  }

  #find(call: Pick<BotCall, 'partner' | 'caseId'>): Conversation | undefined {
    try {
      return this.deps.desk.get(call.partner, call.caseId);
    } catch {
      // Gone with a reset.
      return undefined;
    }
  }

  /** The key's clock passed the call's deadline with no answer: it fails (and the exchange, if still running, is cut). */
  #timedOut(timer: Timer): void {
    const call = this.deps.calls.find(timer.payload.callId ?? -1);
    if (!call || call.state !== 'pending') return;
    const now = this.deps.clock.now(call.partner);
    const timeoutMs = timer.payload.timeoutMs ?? now - (call.startedAt ?? now);
    this.#fail(call, { finishedAt: now, durationMs: now - (call.startedAt ?? now), statusCode: null, answer: null, faultId: null, error: `timeout: no answer within ${timeoutMs} ms on the key's clock` });
    this.#inFlight.get(call.id)?.abort.abort();
  }
}
