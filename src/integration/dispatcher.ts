// The webhook dispatcher: claims due deliveries from the outbox, POSTs them, walks the retry ladder, falls back to email.
// On the real clock it runs on its own; on the virtual clock only advance() moves it.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, VirtualClock } from '../clock.js';
import type { Config } from '../config.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { ClaimedDelivery } from '../db/delivery-types.js';
import type { Integration, IntegrationsRepository } from '../db/integrations-repository.js';
import type { Transaction } from '../db/open.js';
import type { AttemptSummary, DeliveryRunner } from './delivery-runner.js';
import { InFlightAttempts } from './in-flight.js';
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

/** The lease outlives the attempt's own deadline, so a live attempt never loses its row. */
const LEASE_MARGIN_MS = 30_000;
/** The real-clock loop re-checks at least this often, whatever the next due time says (clock jumps, other writers). */
const MAX_IDLE_MS = 30_000;
/** Shutdown waits for attempts in flight up to half their own timeout, at most this long, then aborts them. */
const MAX_DRAIN_MS = 5_000;

/** One attempt's claim on a concurrency slot: held from the claim until its HTTP exchange is over. */
interface Slot {
  held: boolean;
}

/** An attempt's outcome waiting for the next group commit; `write` runs inside that transaction. */
interface PendingRecord {
  write: () => boolean;
  resolve: (recorded: boolean) => void;
  reject: (err: unknown) => void;
}

/** The virtual instant an advance() is working through: every attempt due at it, and how it ends. */
interface Instant {
  /** The advance's horizon: deliveries created after it began wait for the next advance. */
  horizon: number;
  attempts: Array<Promise<AttemptSummary | undefined>>;
  idle: () => void;
  fail: (err: unknown) => void;
}

/**
 * The scheduler: claims due deliveries from the outbox into a bounded number of slots, hands each to the
 * DeliveryRunner, and records outcomes in group commits. It keeps no state of a delivery's own.
 */
export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #log: FastifyBaseLogger;
  readonly #inFlight = new InFlightAttempts();
  #timer: NodeJS.Timeout | undefined;
  /** Attempts holding a slot (claimed, exchange not over); never more than DELIVERY_CONCURRENCY. */
  #slots = 0;
  /** Outcomes waiting to be committed together; see #flush. */
  #records: PendingRecord[] = [];
  #flushQueued = false;
  #instant: Instant | undefined;
  #running = false;
  #stopping = false;
  /** advance() calls run one after another, so two callers never interleave their timelines. */
  #advancing: Promise<unknown> = Promise.resolve();

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ module: 'dispatcher' });
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Recovers what a killed process left in flight, then (real clock only) starts the loop. */
  start(): void {
    const released = this.#deps.deliveries.releaseAll();
    if (released > 0) this.#log.warn({ released }, 'deliveries in flight when the mock last stopped are due again');
    if (this.#deps.clock.mode !== 'real') return;
    this.#running = true;
    this.#pump();
  }

  /** Something was queued or made due: the real-clock loop looks now instead of at its next timer. */
  notify(): void {
    if (this.#running && !this.#stopping) this.#pump();
  }

  /**
   * Virtual clock only: moves time forward by `ms`, stopping at each due time on the way to run what falls
   * due, in order. Resolves when every attempt (and email) in the window has finished. It always ends: only the
   * deliveries that existed when it began run (each has a bounded ladder); those its attempts create (a receiver
   * calling the mock back) run on the next advance.
   */
  advance(ms: number): Promise<AttemptSummary[]> {
    const clock = this.#deps.clock as VirtualClock;
    const run = this.#advancing.then(async () => {
      const target = clock.now() + ms;
      const horizon = this.#deps.deliveries.horizon();
      const summaries: AttemptSummary[] = [];
      for (;;) {
        const due = this.#deps.deliveries.nextDueAt(horizon);
        if (due === undefined || due > target || this.#stopping) break;
        clock.set(due);
        const attempts = await this.#runInstant(horizon);
        for (const s of await Promise.all(attempts)) if (s) summaries.push(s);
        if (attempts.length === 0) break;
      }
      clock.set(target);
      // Nothing changes on the virtual clock until the next advance: waiters get the state this one left.
      this.#deps.waiters.wakeAll();
      return summaries;
    });
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  /**
   * First step of closing: stop claiming and answer every long-poll now. The HTTP server only finishes closing
   * once its requests have, so this runs before it (preClose), not with stop().
   */
  beginStop(): void {
    this.#stopping = true;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#deps.waiters.close();
  }

  /** Stops claiming, lets attempts in flight finish within a bound, aborts the rest and gives their leases back. */
  async stop(): Promise<void> {
    this.beginStop();
    await this.#inFlight.drain(Math.min(MAX_DRAIN_MS, Math.ceil(this.#deps.config.WEBHOOK_TIMEOUT_MS / 2)), this.#log);
    await this.#advancing;
  }

  #pump(): void {
    if (this.#running) this.#flush();
  }

  /**
   * Virtual clock: runs everything due at the current instant, keeping every slot busy. When an attempt ends, the
   * commit that records it also claims the next one due at the same instant, so the walk pipelines like the
   * real-clock loop instead of waiting for the slowest of a batch. Resolves (with every attempt started) once
   * nothing due at this instant is left and no attempt holds a slot; the clock only moves on after that.
   */
  #runInstant(horizon: number): Promise<Array<Promise<AttemptSummary | undefined>>> {
    const attempts: Array<Promise<AttemptSummary | undefined>> = [];
    return new Promise((resolve, reject) => {
      this.#instant = { horizon, attempts, idle: () => resolve(attempts), fail: reject };
      this.#flush();
    });
  }

  #scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    // After the current I/O phase: outcomes that arrive together (several sockets read in one pass) share a commit.
    setImmediate(() => {
      this.#flushQueued = false;
      this.#flush();
    });
  }

  /**
   * One transaction for every outcome that ended since the last flush plus the claims of the slots they freed:
   * a commit per group instead of one per claim and one per outcome. An outcome is reported (logged, woken,
   * returned) only after this commit, and a claim's lease is in the same commit, so nothing is reported
   * unrecorded and no row is claimed twice.
   */
  #flush(): void {
    const records = this.#records.splice(0);
    const instant = this.#instant;
    const claiming = instant ? !this.#stopping : this.#running;
    let claimed: ClaimedDelivery[] = [];
    if (records.length > 0 || claiming) {
      let recorded: boolean[];
      try {
        recorded = this.#deps.transaction(() => {
          const results = records.map((r) => r.write());
          if (claiming) claimed = this.#claim(this.#deps.config.DELIVERY_CONCURRENCY - this.#slots);
          return results;
        });
      } catch (err) {
        // A closed or broken database: the attempts are reported as crashed and their leases run out.
        for (const r of records) r.reject(err);
        if (instant) {
          this.#instant = undefined;
          instant.fail(err);
        } else {
          this.#log.error({ err }, 'recording webhook attempts failed');
          this.#armTimer();
        }
        return;
      }
      records.forEach((r, i) => r.resolve(recorded[i]!));
    }
    // Each attempt uses its widget's settings as they are now; one read per widget serves the whole group.
    const settings = new Map<string, Integration | undefined>();
    for (const delivery of claimed) {
      if (!settings.has(delivery.widgetId)) settings.set(delivery.widgetId, this.#deps.integrations.findByWidget(delivery.widgetId));
      const attempt = this.#run(delivery, settings.get(delivery.widgetId));
      // Each attempt runs on its own: a receiver that hangs holds one slot, never the loop or the API.
      if (instant) instant.attempts.push(attempt);
    }
    if (instant) {
      if (this.#slots === 0 && this.#records.length === 0) {
        this.#instant = undefined;
        instant.idle();
      }
      return;
    }
    this.#armTimer();
  }

  /** Real clock: attempts ending wake the loop (through #flush); otherwise it sleeps until the next due time. */
  #armTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running || this.#slots >= this.#deps.config.DELIVERY_CONCURRENCY) return;
    const due = this.#deps.deliveries.nextDueAt();
    const wait = due === undefined ? MAX_IDLE_MS : Math.min(Math.max(due - this.#deps.clock.now(), 0), MAX_IDLE_MS);
    this.#timer = setTimeout(() => this.#pump(), wait);
  }

  /** Frees an attempt's slot once; the next flush can claim into it. */
  #freeSlot(slot: Slot): void {
    if (!slot.held) return;
    slot.held = false;
    this.#slots--;
    this.#scheduleFlush();
  }

  /** Queues an outcome for the next group commit; resolves with whether it was recorded, once committed. */
  #record(slot: Slot, write: () => boolean): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#records.push({ write, resolve, reject });
      // The exchange is over: the commit that records this outcome can already claim the next delivery.
      this.#freeSlot(slot);
    });
  }

  #claim(limit: number): ClaimedDelivery[] {
    const now = this.#deps.clock.now();
    const leaseUntil = now + this.#deps.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
    return this.#deps.deliveries.claimDue(now, limit, leaseUntil, randomUUID, this.#instant?.horizon);
  }

  #run(delivery: ClaimedDelivery, integration: Integration | undefined): Promise<AttemptSummary | undefined> {
    const slot: Slot = { held: true };
    this.#slots++;
    return this.#inFlight.track(delivery.id, (signal) =>
      this.#deps.runner
        .run(delivery, integration, signal, (write) => this.#record(slot, write))
        .catch((err: unknown) => {
          // A bug or a closed database must not kill the loop; the lease runs out and the delivery is retried.
          this.#log.error({ err, deliveryId: delivery.id }, 'webhook attempt crashed');
          return undefined;
        })
        // An attempt that ended without an outcome to record (released, vanished, crashed) frees its slot here.
        .finally(() => this.#freeSlot(slot)),
    );
  }
}
