// The webhook dispatcher: claims due deliveries from the outbox, POSTs them, walks the retry ladder, falls back to email.
// On the real clock it runs on its own; on the virtual clock only advance() moves it.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, VirtualClock } from '../clock.js';
import type { Config } from '../config.js';
import type { EmailsRepository } from '../db/emails-repository.js';
import type { Integration, IntegrationsRepository } from '../db/integrations-repository.js';
import type { Attempt, AttemptResult, ClaimedDelivery, DeliveryWithAttempts, OutboxRepository } from '../db/outbox-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import { VERSION } from '../version.js';
import type { SupportRequest } from './document-schema.js';
import { createSmtpTransport, renderSupportRequestEmail, sendEmail, type SmtpTransport } from './mail.js';
import { RetrySchedule } from './retry-schedule.js';
import type { WebhookClient, WebhookResponse } from './webhook-client.js';
import { toLegacyXml } from './xml.js';

export interface AttemptSummary {
  deliveryId: string;
  attempt: number;
  /** When the attempt started (ms epoch, on the mock's clock). */
  at: number;
  /** `emailed`: the attempt failed, the ladder was exhausted, and the support request went by email. */
  outcome: 'delivered' | 'failed' | 'emailed';
  statusCode?: number;
  error?: string;
  emailId?: string;
}

export interface DispatcherDeps {
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  client: WebhookClient;
  outbox: OutboxRepository;
  integrations: IntegrationsRepository;
  widgets: WidgetsRepository;
  emails: EmailsRepository;
  /** Defaults to one built from config.SMTP_URL, when set. */
  smtp?: SmtpTransport;
}

/** The lease outlives the attempt's own deadline, so a live attempt never loses its row. */
const LEASE_MARGIN_MS = 30_000;
/** The real-clock loop re-checks at least this often, whatever the next due time says (clock jumps, other writers). */
const MAX_IDLE_MS = 30_000;
/**
 * Shutdown waits for attempts in flight up to half their own timeout (at most 5 s), then aborts them and gives
 * their leases back: the next start retries them, so nothing is lost and closing stays bounded.
 */
const MAX_DRAIN_MS = 5_000;

export const mockHeaders = { delivery: 'x-snapengage-mock-delivery', attempt: 'x-snapengage-mock-attempt' } as const;

interface InFlight {
  abort: AbortController;
  done: Promise<unknown>;
}

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
  attempts: Array<Promise<AttemptSummary | undefined>>;
  idle: () => void;
  fail: (err: unknown) => void;
}

export class Dispatcher {
  readonly schedule: RetrySchedule;
  readonly #deps: DispatcherDeps;
  readonly #log: FastifyBaseLogger;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #smtp: SmtpTransport | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Attempts holding a slot (claimed, exchange not over); never more than DELIVERY_CONCURRENCY. */
  #slots = 0;
  /** Outcomes waiting to be committed together; see #flush. */
  #records: PendingRecord[] = [];
  #flushQueued = false;
  #instant: Instant | undefined;
  /** While a flush starts its claims: each widget's integration settings, read once for all of them. */
  #settings: Map<string, Integration | undefined> | undefined;
  #running = false;
  #stopping = false;
  /** advance() calls run one after another, so two callers never interleave their timelines. */
  #advancing: Promise<unknown> = Promise.resolve();

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ module: 'dispatcher' });
    this.schedule = new RetrySchedule(deps.config.RETRY_SCHEDULE, deps.clock.mode === 'real');
    this.#smtp = deps.smtp ?? (deps.config.SMTP_URL ? createSmtpTransport(deps.config.SMTP_URL) : undefined);
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Long-polls (wait=settled) currently held. */
  get waiting(): number {
    let n = 0;
    for (const set of this.#waiters.values()) n += set.size;
    return n;
  }

  /** Recovers what a killed process left in flight, then (real clock only) starts the loop. */
  start(): void {
    const released = this.#deps.outbox.releaseAll();
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
   * due, in order. Resolves when every attempt (and email) in the window has finished.
   */
  advance(ms: number): Promise<AttemptSummary[]> {
    const clock = this.#deps.clock as VirtualClock;
    const run = this.#advancing.then(async () => {
      const target = clock.now() + ms;
      const summaries: AttemptSummary[] = [];
      for (;;) {
        const due = this.#deps.outbox.nextDueAt();
        if (due === undefined || due > target || this.#stopping) break;
        clock.set(due);
        const attempts = await this.#runInstant();
        for (const s of await Promise.all(attempts)) if (s) summaries.push(s);
        if (attempts.length === 0) break;
      }
      clock.set(target);
      // Nothing changes on the virtual clock until the next advance: waiters get the state this one left.
      this.#wakeAll();
      return summaries;
    });
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves once delivery `id` is settled (delivered or emailed) or after `timeoutMs`, whichever comes first.
   * On the virtual clock it also resolves when the advance running (or the next one) ends, since nothing
   * can change after that until someone advances again.
   */
  waitSettled(id: string, timeoutMs: number): Promise<void> {
    const current = this.#deps.outbox.find(id);
    if (!current || current.status === 'delivered' || current.status === 'emailed' || this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.#waiters.get(id) ?? new Set();
      this.#waiters.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.#waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
    });
  }

  /**
   * First step of closing: stop claiming and answer every long-poll now. The HTTP server only finishes closing
   * once its requests have, so this runs before it (preClose), not with stop().
   */
  beginStop(): void {
    this.#stopping = true;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#wakeAll();
  }

  /** Stops claiming, lets attempts in flight finish within a bound, aborts the rest and gives their leases back. */
  async stop(): Promise<void> {
    this.beginStop();
    const drainMs = Math.min(MAX_DRAIN_MS, Math.ceil(this.#deps.config.WEBHOOK_TIMEOUT_MS / 2));
    const all = () => Promise.allSettled([...this.#inFlight.values()].map((f) => f.done));
    if (this.#inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
      clearTimeout(timer);
      if (this.#inFlight.size > 0) this.#log.warn({ inFlight: this.#inFlight.size, drainMs }, 'aborting webhook attempts still in flight');
      for (const f of this.#inFlight.values()) f.abort.abort();
      await all();
    }
    await this.#advancing;
    this.#wakeAll();
    await this.#deps.client.close();
    this.#smtp?.close();
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
  #runInstant(): Promise<Array<Promise<AttemptSummary | undefined>>> {
    const attempts: Array<Promise<AttemptSummary | undefined>> = [];
    return new Promise((resolve, reject) => {
      this.#instant = { attempts, idle: () => resolve(attempts), fail: reject };
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
        recorded = this.#deps.outbox.transaction(() => {
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
    // Attempts read their settings synchronously as they start, so one read per widget serves the whole group.
    this.#settings = claimed.length > 1 ? new Map() : undefined;
    try {
      if (instant) {
        for (const delivery of claimed) instant.attempts.push(this.#run(delivery));
      } else {
        // Each attempt runs on its own: a receiver that hangs holds one slot, never the loop or the API.
        for (const delivery of claimed) void this.#run(delivery);
      }
    } finally {
      this.#settings = undefined;
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
    const due = this.#deps.outbox.nextDueAt();
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
    return this.#deps.outbox.claimDue(now, limit, now + this.#deps.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS, randomUUID);
  }

  #run(delivery: ClaimedDelivery): Promise<AttemptSummary | undefined> {
    const abort = new AbortController();
    const slot: Slot = { held: true };
    this.#slots++;
    const done = this.#attempt(delivery, abort.signal, slot)
      .catch((err: unknown) => {
        // A bug or a closed database must not kill the loop; the lease runs out and the delivery is retried.
        this.#log.error({ err, deliveryId: delivery.id }, 'webhook attempt crashed');
        return undefined;
      })
      .finally(() => {
        this.#inFlight.delete(delivery.id);
        // An attempt that ended without an outcome to record (released, vanished, crashed) frees its slot here.
        this.#freeSlot(slot);
      });
    this.#inFlight.set(delivery.id, { abort, done });
    return done;
  }

  async #attempt(delivery: ClaimedDelivery, signal: AbortSignal, slot: Slot): Promise<AttemptSummary | undefined> {
    const { outbox, widgets, clock, client } = this.#deps;
    // Deleted meanwhile (a reset; a deleted widget takes its deliveries with it): nothing to send or record.
    if (delivery.document === null) return undefined;
    const document = delivery.document;
    const attemptNo = delivery.attemptCount + 1;
    const startedAt = clock.now();
    const integration = this.#integration(delivery.widgetId);
    let url = delivery.url;
    let format = delivery.format;
    let response: WebhookResponse;
    if (integration) {
      // The widget's current settings: a receiver fixed mid-ladder gets the retries at its new URL.
      ({ url, format } = integration);
      response = await client.post(
        { url, headers: this.#headers(integration, delivery.id, attemptNo), body: this.#body(document, format) },
        signal,
      );
      if (signal.aborted && this.#stopping) {
        outbox.release(delivery);
        return undefined;
      }
    } else {
      response = { statusCode: null, bodyStart: null, error: 'no_integration: the widget has no integration settings any more', location: null, durationMs: 0 };
    }

    const error = this.#failure(response);
    const attempt: Attempt = {
      attempt: attemptNo,
      url,
      startedAt,
      durationMs: response.durationMs,
      statusCode: response.statusCode,
      error,
      responseBodyStart: response.bodyStart,
      outcome: error === null ? 'delivered' : 'failed',
    };
    const now = clock.now();
    const base = { url, format, emailId: null };
    const logCtx = { deliveryId: delivery.id, attempt: attemptNo, statusCode: response.statusCode, durationMs: response.durationMs };
    const summary: AttemptSummary = {
      deliveryId: delivery.id,
      attempt: attemptNo,
      at: startedAt,
      outcome: attempt.outcome,
      ...(response.statusCode !== null && { statusCode: response.statusCode }),
      ...(error !== null && { error }),
    };

    if (error === null) {
      // debug, not info: a line per delivered attempt is noise at volume and costs about as much as the commit;
      // the attempt is in /_mock/deliveries. Failures stay at warn.
      if (await this.#complete(slot, delivery, attempt, { ...base, status: 'delivered', nextAttemptAt: null, settledAt: now })) {
        this.#log.debug(logCtx, 'webhook delivered');
      }
      return summary;
    }
    const nextAttemptAt = this.schedule.nextAttemptAt(attemptNo, now);
    if (nextAttemptAt !== null) {
      if (await this.#complete(slot, delivery, attempt, { ...base, status: 'pending', nextAttemptAt, settledAt: null })) {
        this.#log.warn({ ...logCtx, error, nextAttemptAt }, 'webhook attempt failed');
      }
      return summary;
    }
    const widget = widgets.findById(delivery.widgetId);
    // The widget went (and its deliveries with it): nowhere to record the outcome or send the email.
    if (!widget) return undefined;
    const emailId = await this.#emailFallback(slot, delivery, attempt, { ...base, status: 'emailed', nextAttemptAt: null, settledAt: now }, {
      stored: JSON.parse(document) as SupportRequest,
      widget,
      integration,
    });
    if (emailId === undefined) return summary;
    this.#log.warn({ ...logCtx, error, emailId }, 'webhook attempts exhausted; support request sent by email');
    return { ...summary, outcome: 'emailed', emailId };
  }

  /** The widget's integration settings as they are now (shared by the attempts one flush starts). */
  #integration(widgetId: string): Integration | undefined {
    const cache = this.#settings;
    if (!cache) return this.#deps.integrations.findByWidget(widgetId);
    if (cache.has(widgetId)) return cache.get(widgetId);
    const found = this.#deps.integrations.findByWidget(widgetId);
    cache.set(widgetId, found);
    return found;
  }

  /** The reason an answer is not a success, or null when it is one. */
  #failure(response: WebhookResponse): string | null {
    const status = response.statusCode;
    if (response.error !== null) return response.error;
    if (status === 200) return null;
    if (status === null) return 'no_response';
    if (status >= 200 && status < 300) {
      if (this.#deps.config.WEBHOOK_SUCCESS === '2xx') return null;
      return `not_200: status ${status}; SnapEngage documents HTTP 200 as the only success (WEBHOOK_SUCCESS=2xx accepts any 2xx)`;
    }
    if (status >= 300 && status < 400) {
      return `redirect: status ${status}${response.location ? ` to ${response.location}` : ''}; redirects are not followed`;
    }
    return `http_status: status ${status}`;
  }

  #headers(integration: Integration, deliveryId: string, attempt: number): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': integration.format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
      'user-agent': `snapengage-mock/${VERSION}`,
      [mockHeaders.delivery]: deliveryId,
      [mockHeaders.attempt]: String(attempt),
    };
    if (integration.authToken) headers[integration.authHeader.toLowerCase()] = integration.authToken;
    return headers;
  }

  #body(document: string, format: 'json' | 'xml'): string {
    return format === 'xml' ? toLegacyXml(JSON.parse(document) as SupportRequest) : document;
  }

  /** Records the attempt in the next group commit (with `alsoInTx` in the same transaction); true once committed. */
  async #complete(slot: Slot, delivery: ClaimedDelivery, attempt: Attempt, result: AttemptResult, alsoInTx?: () => void): Promise<boolean> {
    const recorded = await this.#record(slot, () => {
      const ok = this.#deps.outbox.completeAttempt(delivery, attempt, result);
      if (ok) alsoInTx?.();
      return ok;
    });
    if (!recorded) this.#log.info({ deliveryId: delivery.id, attempt: attempt.attempt }, 'delivery vanished or was reclaimed; attempt not recorded');
    if (recorded && result.settledAt !== null) this.#wake(delivery.id);
    return recorded;
  }

  /** The ladder is exhausted: the email is stored with the delivery's final state in one transaction, then relayed. */
  async #emailFallback(
    slot: Slot,
    delivery: ClaimedDelivery,
    attempt: Attempt,
    result: AttemptResult,
    { stored, widget, integration }: { stored: SupportRequest; widget: OwnedWidget; integration: Integration | undefined },
  ): Promise<string | undefined> {
    const to = integration?.transcriptEmail ?? widget.destinationEmail ?? widget.ownerEmail;
    const email = renderSupportRequestEmail(stored, { to, from: this.#deps.config.MAIL_FROM, format: result.format });
    const emailId = `eml_${randomUUID()}`;
    const recorded = await this.#complete(slot, delivery, attempt, { ...result, emailId }, () =>
      this.#deps.emails.insert({
        id: emailId,
        partner: delivery.partner,
        deliveryId: delivery.id,
        supportRequestId: delivery.supportRequestId,
        widgetId: delivery.widgetId,
        ...email,
        createdAt: result.settledAt!,
      }),
    );
    if (!recorded) return undefined;
    if (this.#smtp) {
      try {
        await sendEmail(this.#smtp, email);
        this.#deps.emails.setSmtpResult(emailId, true, null);
      } catch (err) {
        const message = (err as Error).message;
        this.#deps.emails.setSmtpResult(emailId, false, message);
        this.#log.error({ emailId, deliveryId: delivery.id, error: message }, 'SMTP relay refused the fallback email');
      }
    }
    return emailId;
  }

  #wake(id: string): void {
    for (const wake of [...(this.#waiters.get(id) ?? [])]) wake();
  }

  #wakeAll(): void {
    for (const set of [...this.#waiters.values()]) for (const wake of [...set]) wake();
  }
}

/** Delivered or emailed: nothing more will happen to it (unless redelivered). */
export function isSettled(delivery: DeliveryWithAttempts): boolean {
  return delivery.status === 'delivered' || delivery.status === 'emailed';
}
