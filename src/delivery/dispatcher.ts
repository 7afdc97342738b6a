// The webhook dispatcher: claims due deliveries from the outbox, POSTs them, walks the retry ladder, falls back to email.
// On the real clock it runs on its own; on the virtual clock only advance() moves it, for one partner or all of them.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, VirtualClock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { ClaimedDelivery } from '../db/delivery-types.js';
import type { Integration, IntegrationsRepository } from '../db/integrations-repository.js';
import type { Transaction } from '../db/open.js';
import type { AttemptSummary, DeliveryRunner } from './delivery-runner.js';
import { AdvanceQueue, SHARED } from './advance-queue.js';
import { ExchangeGate, type Slot } from './exchange-gate.js';
import { FairShare } from './fair-share.js';
import { InFlightAttempts } from './in-flight.js';
import { PendingOutcomes } from './pending-outcomes.js';
import type { TimedWork } from './timed-work.js';
import { OpenInstants, type Instant, type Scope } from './instants.js';
import type { SettledWaiters } from './settled-waiters.js';

export interface DispatcherDeps {
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  transaction: Transaction;
  deliveries: DeliveriesRepository;
  integrations: IntegrationsRepository;
  runner: DeliveryRunner;
  waiters: SettledWaiters;
}

/** The real-clock loop re-checks at least this often, whatever the next due time says (clock jumps, partners it was not told of). */
const MAX_IDLE_MS = 30_000;
/** Shutdown waits for attempts in flight up to half their own timeout, at most this long, then aborts them. */
const MAX_DRAIN_MS = 5_000;

/**
 * Under an advance (virtual clock), deliveries leased per DELIVERY_CONCURRENCY exchange: the ones running plus the
 * ones waiting for their turn. Leasing ahead lets one commit record a group of outcomes and lease the next group, and a
 * finished exchange starts the next POST at once instead of waiting for a commit. Nobody waits on an advance's
 * intermediate states; on the real clock a `delivering` delivery is one being POSTed, so there it stays 1.
 */
const CLAIM_DEPTH = 3;

/**
 * The scheduler: claims due deliveries from the outbox into a bounded number of slots, hands each to the
 * DeliveryRunner, and records outcomes in group commits. It keeps no state of a delivery's own.
 * Slots are shared fairly between partners (api_keys): see FairShare.
 */
export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #log: FastifyBaseLogger;
  readonly #inFlight = new InFlightAttempts();
  #timer: NodeJS.Timeout | undefined;
  /** Who holds the claims (an attempt holds one from its lease until its exchange is over; at most CLAIM_DEPTH per exchange). */
  readonly #share: FairShare;
  /** Who POSTs now: at most DELIVERY_CONCURRENCY. */
  readonly #gate: ExchangeGate;
  readonly #capacity: number;
  /** Outcomes waiting to be committed together; see #flush. */
  readonly #outcomes = new PendingOutcomes(() => this.#flush());
  readonly #instants = new OpenInstants();
  #running = false;
  #stopping = false;
  readonly #advancing = new AdvanceQueue();
  #work: TimedWork | undefined;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ module: 'dispatcher' });
    const depth = deps.clock.mode === 'virtual' ? CLAIM_DEPTH : 1;
    this.#share = new FairShare(deps, depth);
    this.#gate = new ExchangeGate(deps.config.DELIVERY_CONCURRENCY, deps.config.DELIVERY_PARTNER_SLOTS);
    this.#capacity = deps.config.DELIVERY_CONCURRENCY * depth;
  }

  /** Work an advance walks through besides the deliveries (set once, by the wiring). */
  setTimedWork(work: TimedWork): void {
    this.#work = work;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Recovers what a killed process left in flight, then (real clock only) starts the loop. */
  start(): void {
    const released = this.#deps.deliveries.releaseAll();
    if (released > 0) this.#log.warn({ released }, 'deliveries in flight when the mock last stopped are due again');
    this.#share.activateFromStore();
    if (this.#deps.clock.mode !== 'real') return;
    this.#running = true;
    this.#pump();
  }

  /** `partner` queued a delivery or made one due: the real-clock loop looks now instead of at its next timer. */
  notify(partner: string): void {
    this.#share.activate(partner);
    if (this.#running && !this.#stopping) this.#pump();
  }

  /**
   * Virtual clock only: moves `partner`'s clock (or, without one, the shared clock and every partner following it)
   * forward by `ms`, or to `to` (read when the advance runs, after those queued before it; never backwards), stopping at each due time on the way to run what falls due, in order. Resolves when every
   * attempt (and email) in the window has finished. It always ends: only the deliveries that existed when it began
   * run (each has a bounded ladder); those its attempts create (a receiver calling the mock back) run on the next
   * advance. A partner's advance never claims another partner's deliveries.
   */
  advance(move: { ms: number } | { to: number }, partner?: string): Promise<AttemptSummary[]> {
    const clock = this.#deps.clock as VirtualClock;
    return this.#advancing.run(partner ?? SHARED, async () => {
      const target = 'to' in move ? move.to : clock.now(partner) + move.ms;
      const horizon = this.#deps.deliveries.horizon();
      const summaries: AttemptSummary[] = [];
      const includes = partner === undefined ? (p: string) => !clock.isOwn(p) : (p: string) => p === partner;
      // A reset of the partner while this runs loses the hold: the walk stops and leaves the partner on the shared clock.
      const hold = clock.hold(partner);
      try {
        for (;;) {
          const partners = partner === undefined ? this.#share.active.filter((p) => !clock.isOwn(p)) : [partner];
          const deliveriesDue = this.#nextDue(partners, horizon);
          const workDue = this.#work?.nextDue(includes);
          const due = Math.min(deliveriesDue ?? Infinity, workDue ?? Infinity);
          if (due === Infinity || due > target || this.#stopping || hold.lost) break;
          hold.set(due);
          // Timers that stay due (the store refusing their deletes) end the walk instead of spinning on one instant.
          if (workDue === due && this.#work!.runDue(includes) && deliveriesDue !== due) break;
          if (deliveriesDue !== due) continue;
          const attempts = await this.#runInstant(partners, horizon);
          for (const s of await Promise.all(attempts)) if (s) summaries.push(s);
          if (attempts.length === 0 && workDue !== due) break;
        }
        hold.set(target);
      } finally {
        hold.release();
      }
      // Nothing changes on these clocks until their next advance: waiters get the state this one left.
      this.#deps.waiters.wakeWhere(partner === undefined ? (p) => !clock.isOwn(p) : (p) => p === partner);
      return summaries;
    });
  }

  /** The earliest due time among `partners`' deliveries; a partner found with nothing unsettled leaves the active set. */
  #nextDue(partners: readonly string[], horizon?: number): number | undefined {
    let next: number | undefined;
    for (const partner of partners) {
      const due = this.#deps.deliveries.nextDueFor(partner, horizon);
      if (due === undefined) this.#share.forgetIfSettled(partner);
      else if (next === undefined || due < next) next = due;
    }
    return next;
  }

  /**
   * First step of closing: stop claiming and answer every long-poll now. The HTTP server only finishes closing
   * once its requests have, so this runs before it (preClose), not with stop().
   */
  beginStop(): void {
    this.#stopping = true;
    this.#running = false;
    clearTimeout(this.#timer);
    // Leased deliveries still waiting for their turn give their leases back unsent.
    this.#gate.close();
    this.#deps.waiters.close();
  }

  /** Stops claiming, lets attempts in flight finish within a bound, aborts the rest and gives their leases back. */
  async stop(): Promise<void> {
    this.beginStop();
    await this.#inFlight.drain(Math.min(MAX_DRAIN_MS, Math.ceil(this.#deps.config.WEBHOOK_TIMEOUT_MS / 2)), this.#log);
    await this.#advancing.drain();
  }

  #pump(): void {
    if (this.#running) this.#flush();
  }

  /**
   * Virtual clock: runs everything of `partners` due at their current instant, keeping every slot it gets busy. When
   * an attempt ends, the commit that records it also claims the next one due, so the walk pipelines like the
   * real-clock loop instead of waiting for the slowest of a batch. Resolves (with every attempt started) once
   * nothing due at this instant is left and none of its attempts is open; the clock only moves on after that.
   */
  #runInstant(partners: string[], horizon: number): Promise<Array<Promise<AttemptSummary | undefined>>> {
    return this.#instants.open(partners, horizon, () => this.#flush());
  }

  /**
   * One transaction for every outcome that ended since the last flush plus the claims of the slots they freed:
   * a commit per group instead of one per claim and one per outcome. An outcome is reported (logged, woken,
   * returned) only after this commit, and a claim's lease is in the same commit, so nothing is reported
   * unrecorded and no row is claimed twice.
   */
  #flush(): void {
    const instants = this.#instants.list();
    // Instants whose last claims found nothing more due claim no more: what became due since (a retry due at once, a
    // redelivery) the advance's walk finds at its next step, at the same instant. Their last flush opens no transaction.
    const claiming = !this.#stopping && (this.#running || (instants.length > 0 && !this.#instants.drained(instants)));
    let claimed: Array<{ delivery: ClaimedDelivery; instant?: Instant }> = [];
    if (this.#outcomes.size > 0 || claiming) {
      try {
        claimed = this.#outcomes.commit(this.#deps.transaction, () => (claiming ? this.#claim(instants) : []));
      } catch (err) {
        this.#instants.fail(instants, err);
        if (instants.length === 0) {
          this.#log.error({ err }, 'recording webhook attempts failed');
          this.#armTimer();
        }
        return;
      }
    }
    // Each attempt uses its widget's settings as they are now; one read per widget serves the whole group.
    const settings = new Map<string, Integration | undefined>();
    for (const { delivery, instant } of claimed) {
      if (!settings.has(delivery.widgetId)) settings.set(delivery.widgetId, this.#deps.integrations.findByWidget(delivery.widgetId));
      // Each attempt runs on its own: a receiver that hangs holds one slot, never the loop or the API.
      const attempt = this.#run(delivery, settings.get(delivery.widgetId), instant);
      instant?.attempts.push(attempt);
    }
    this.#instants.settle(instants, this.#stopping);
    if (this.#running) this.#armTimer();
  }

  /** Due deliveries for the free slots: those of the advances running now (each at its own instant), or on the real clock of every partner. */
  #claim(instants: readonly Instant[]): Array<{ delivery: ClaimedDelivery; instant?: Instant }> {
    const scopes: Scope[] = instants.length > 0 ? this.#instants.scopes(instants) : this.#share.active.map((partner) => ({ partner }));
    const claimed = this.#share.claim(scopes, this.#capacity - this.#share.held, (scope) => scope.instant?.drained.add(scope.partner));
    return claimed.map(({ delivery, scope }) => ({ delivery, instant: scope.instant }));
  }

  /**
   * Real clock: attempts ending wake the loop (through #flush); otherwise it sleeps until the next due time of a
   * partner it knows of. With nothing due it wakes every MAX_IDLE_MS and reads the partners from the store again,
   * so a delivery it was never told of (notify) still runs.
   */
  #armTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running || this.#share.held >= this.#capacity) return;
    const due = this.#nextDue(this.#share.active);
    if (due === undefined) {
      this.#timer = setTimeout(() => {
        this.#share.activateFromStore();
        this.#pump();
      }, MAX_IDLE_MS);
      return;
    }
    this.#timer = setTimeout(() => this.#pump(), Math.min(Math.max(due - this.#deps.clock.now(), 0), MAX_IDLE_MS));
  }

  /**
   * The attempt's exchange is over: its turn goes to the next leased delivery at once, and its claim is freed. The
   * commit that records outcomes and leases more waits until enough have ended to fill a group, or until the leased
   * ones run low, or nothing is running.
   */
  #freeSlot(slot: Slot): void {
    if (slot.exchanging) {
      slot.exchanging = false;
      this.#gate.release(slot.partner);
    }
    if (!slot.held) return;
    slot.held = false;
    this.#share.release(slot.partner);
    const concurrency = this.#deps.config.DELIVERY_CONCURRENCY;
    if (this.#outcomes.size >= this.#capacity - concurrency || this.#gate.waiting < concurrency || this.#gate.running === 0) this.#outcomes.scheduleFlush();
  }

  /** Waits for the attempt's turn to POST; false when shutdown came first. */
  async #turn(slot: Slot): Promise<boolean> {
    slot.exchanging = await this.#gate.acquire(slot.partner);
    return slot.exchanging;
  }

  /** Queues an outcome for the next group commit; resolves with whether it was recorded, once committed. */
  #record(slot: Slot, write: () => boolean): Promise<boolean> {
    const recorded = this.#outcomes.add(write);
    // The exchange is over: the commit that records this outcome can already claim the next delivery.
    this.#freeSlot(slot);
    return recorded;
  }

  #run(delivery: ClaimedDelivery, integration: Integration | undefined, instant: Instant | undefined): Promise<AttemptSummary | undefined> {
    const slot: Slot = { held: true, exchanging: false, partner: delivery.partner };
    this.#share.hold(delivery.partner);
    if (instant) instant.open++;
    return this.#inFlight.track(delivery.id, (abort) =>
      this.#deps.runner
        .run(delivery, integration, abort, () => this.#turn(slot), (write) => this.#record(slot, write))
        .catch((err: unknown) => {
          // A bug or a closed database must not kill the loop; the lease runs out and the delivery is retried.
          this.#log.error({ err, deliveryId: delivery.id }, 'webhook attempt crashed');
          return undefined;
        })
        // An attempt that ended without an outcome to record (released, vanished, crashed) frees its slot here.
        .finally(() => {
          this.#freeSlot(slot);
          if (instant && --instant.open === 0) this.#outcomes.scheduleFlush();
        }),
    );
  }
}
