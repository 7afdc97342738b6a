// The front desk's timers: what a scripted agent does later (accept, reply, close an idle chat), due on the
// conversation's key's clock. On the real clock a timer loop runs them; on the virtual clock an advance walks
// through them in order with the webhook deliveries (the dispatcher's TimedWork).
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Transaction } from '../db/open.js';
import type { Timer, TimerKind, TimersRepository } from '../db/timers-repository.js';
import type { TimedWork } from '../delivery/timed-work.js';

export type TimerHandler = (timer: Timer) => void;

/** The real-clock loop looks again at least this often (a clock jump, a timer written by another path). */
const MAX_SLEEP_MS = 30_000;
/** Timers run at one instant before an advance moves on: a bound on a chain of zero-delay timers. */
const MAX_RUNS_PER_INSTANT = 10_000;
/** On the real clock, the loop's slice of the event loop before it lets requests in, and the timers read at once. */
const SLICE_MS = 5;
const TIMERS_PER_READ = 100;

export class DeskTimers implements TimedWork {
  readonly #handlers = new Map<TimerKind, TimerHandler>();
  #sleep: NodeJS.Timeout | undefined;
  #running = false;
  /** A slice is queued (setImmediate): the loop is busy, and arming a sleep beside it would run a second one. */
  #slicing = false;

  constructor(
    private readonly timers: TimersRepository,
    private readonly clock: Clock,
    private readonly transaction: Transaction,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** What a due timer of `kind` does (one handler per kind). */
  on(kind: TimerKind, handler: TimerHandler): void {
    this.#handlers.set(kind, handler);
  }

  /** A timer `delayMs` after `partner`'s now. */
  schedule(partner: string, caseId: string, kind: TimerKind, delayMs: number, payload: Timer['payload'] = {}): void {
    this.timers.add(partner, caseId, kind, this.clock.now(partner) + delayMs, payload);
    if (this.#running) this.#arm();
  }

  /** Drops a conversation's timers of one kind, or all of them. */
  cancel(caseId: string, kind?: TimerKind): void {
    this.timers.cancel(caseId, kind);
  }

  pending(caseId: string, kind: TimerKind): boolean {
    return this.timers.has(caseId, kind);
  }

  nextDue(includes: (partner: string) => boolean): number | undefined {
    let next: number | undefined;
    for (const { partner, due } of this.timers.nextByPartner()) if (includes(partner) && (next === undefined || due < next)) next = due;
    return next;
  }

  runDue(includes: (partner: string) => boolean): boolean {
    const stuck = this.#runFor(includes, Infinity);
    if (stuck) this.log.error({ runs: MAX_RUNS_PER_INSTANT }, 'conversation timers kept falling due at one instant; the rest wait for the next');
    return stuck;
  }

  /**
   * Runs due timers until none is left or `budgetMs` of real time is spent; true when some are still due. An advance
   * runs all of an instant's at once; the real-clock loop runs them a slice at a time, so a thousand scripted accepts
   * falling due together never hold the event loop (and every request behind it) for long.
   */
  #runFor(includes: (partner: string) => boolean, budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    for (let runs = 0; runs < MAX_RUNS_PER_INSTANT; ) {
      const due = this.timers.nextByPartner().filter(({ partner, due }) => includes(partner) && due <= this.clock.now(partner));
      if (due.length === 0) return false;
      for (const { partner } of due) {
        for (const timer of this.timers.due(partner, this.clock.now(partner), TIMERS_PER_READ)) {
          runs++;
          this.#run(timer);
          if (performance.now() >= deadline) return true;
        }
      }
    }
    return true;
  }

  /** Real clock: runs what is due now and sleeps until the next due time. Virtual: advances run them (runDue). */
  start(): void {
    if (this.clock.mode !== 'real') return;
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#sleep);
  }

  #run(timer: Timer): void {
    const handler = this.#handlers.get(timer.kind);
    try {
      // The timer goes with the work it does: one transaction, so a crash neither loses nor repeats it.
      this.transaction(() => {
        this.timers.delete(timer.id);
        handler?.(timer);
      });
    } catch (err) {
      // A bug or a conversation that changed under it must not stop the other timers; this one is dropped.
      try {
        this.timers.delete(timer.id);
      } catch {
        // A store that refuses writes: the timer stays and is tried again at the next look.
      }
      this.log.error({ err, caseId: timer.caseId, kind: timer.kind }, 'conversation timer failed');
    }
  }

  #arm(): void {
    if (this.#slicing) return;
    clearTimeout(this.#sleep);
    const next = this.nextDue(() => true);
    const wait = next === undefined ? MAX_SLEEP_MS : Math.min(Math.max(next - this.clock.now(), 0), MAX_SLEEP_MS);
    this.#sleep = setTimeout(() => this.#slice(), wait);
    // The loop alone never keeps the process (or a test) alive.
    this.#sleep.unref();
  }

  #slice(): void {
    this.#slicing = false;
    if (!this.#running) return;
    if (!this.#runFor(() => true, SLICE_MS)) return this.#arm();
    this.#slicing = true;
    setImmediate(() => this.#slice());
  }
}
