// One claimed delivery, start to record: the attempt, the outcome it leads to, and (ladder exhausted) the fallback email.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { AttemptAbort } from './attempt-abort.js';
import type { Attempt, AttemptResult, ClaimedDelivery } from '../db/delivery-types.js';
import type { EmailsRepository } from '../db/emails-repository.js';
import type { Integration } from '../db/integrations-repository.js';
import type { WidgetsRepository } from '../db/widgets-repository.js';
import type { EventHub } from '../core/event-hub.js';
import { decideOutcome, fallbackRecipient } from './delivery-outcome.js';
import type { SupportRequest } from '../support-request/document-schema.js';
import type { EmailRelay } from '../email/relay.js';
import { renderSupportRequestEmail } from '../email/render.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { SelfTarget } from './self-target.js';
import type { SettledWaiters } from './settled-waiters.js';
import { sendAttempt, unsent, type AttemptReport } from './webhook-attempt.js';
import type { WebhookClient } from './webhook-client.js';

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

/**
 * Queues a write for the dispatcher's next group commit and frees the attempt's slot; resolves with the write's
 * result once committed. Outcomes are reported (logged, woken, returned) only after that.
 */
export type Recorder = (write: () => boolean) => Promise<boolean>;

export interface DeliveryRunnerDeps {
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  client: WebhookClient;
  schedule: RetrySchedule;
  deliveries: DeliveriesRepository;
  widgets: WidgetsRepository;
  emails: EmailsRepository;
  waiters: SettledWaiters;
  self: SelfTarget;
  /** Relays fallback emails over SMTP when SMTP_URL is set; they are stored either way. */
  relay: EmailRelay;
  /** Tells the inspector about each recorded attempt and email. */
  events: EventHub;
}

export class DeliveryRunner {
  readonly #deps: DeliveryRunnerDeps;
  readonly #log: FastifyBaseLogger;

  constructor(deps: DeliveryRunnerDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ module: 'dispatcher' });
  }

  /**
   * Runs attempt `attemptCount + 1` of a claimed delivery with the widget's settings as they are now, and records
   * its outcome through `record`. Undefined when there is nothing to report: the delivery vanished (a reset, a
   * deleted widget) or the attempt was aborted by shutdown (its lease is given back for the next start).
   */
  async run(
    delivery: ClaimedDelivery,
    integration: Integration | undefined,
    abort: AttemptAbort,
    turn: () => Promise<boolean>,
    record: Recorder,
  ): Promise<AttemptSummary | undefined> {
    const { deliveries, widgets, clock, config, schedule } = this.#deps;
    if (delivery.document === null) return undefined;
    // Leased ahead of its turn; shutdown may come first, and then it goes back unsent.
    if (!(await turn())) {
      deliveries.release(delivery);
      return undefined;
    }
    const document = delivery.document;
    const attemptNo = delivery.attemptCount + 1;
    const startedAt = clock.now(delivery.partner);
    // A bug before the POST must not leave the delivery to be re-claimed forever: it is a failed attempt like any other.
    const report = await this.#attempt(delivery, integration, attemptNo, abort).catch((err: unknown) =>
      unsent(integration?.url ?? delivery.url, integration?.format ?? delivery.format, `attempt_error: ${(err as Error).message}`),
    );
    // Only shutdown aborts an attempt: it never ran to an answer, so it is not recorded.
    if (abort.aborted) {
      deliveries.release(delivery);
      return undefined;
    }

    const { url, format, response, failure: error } = report;
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
    const now = clock.now(delivery.partner);
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

    const outcome = decideOutcome(error, attemptNo, now, schedule);
    switch (outcome.kind) {
      case 'delivered':
        // debug, not info: a line per delivered attempt is noise at volume and costs about as much as the commit;
        // the attempt is in /_mock/deliveries. Failures stay at warn.
        if (await this.#complete(record, delivery, attempt, { ...base, status: 'delivered', nextAttemptAt: null, settledAt: now })) {
          this.#log.debug(logCtx, 'webhook delivered');
        }
        return summary;
      case 'retry':
        if (await this.#complete(record, delivery, attempt, { ...base, status: 'pending', nextAttemptAt: outcome.at, settledAt: null })) {
          this.#log.warn({ ...logCtx, error, nextAttemptAt: outcome.at }, 'webhook attempt failed');
        }
        return summary;
      case 'exhausted': {
        const widget = widgets.findById(delivery.widgetId);
        // The widget went (and its deliveries with it): nowhere to record the outcome or send the email.
        if (!widget) return undefined;
        const stored = JSON.parse(document) as SupportRequest;
        const email = renderSupportRequestEmail(stored, { to: fallbackRecipient(integration, widget), from: config.MAIL_FROM, format });
        const emailed = { ...base, status: 'emailed' as const, nextAttemptAt: null, settledAt: now };
        const emailId = await this.#emailFallback(record, delivery, attempt, emailed, email, abort);
        if (emailId === undefined) return summary;
        this.#log.warn({ ...logCtx, error, emailId }, 'webhook attempts exhausted; support request sent by email');
        return { ...summary, outcome: 'emailed', emailId };
      }
    }
  }

  async #attempt(delivery: ClaimedDelivery, integration: Integration | undefined, attempt: number, abort: AttemptAbort): Promise<AttemptReport> {
    if (!integration) return unsent(delivery.url, delivery.format, 'no_integration: the widget has no integration settings any more');
    const { url, format } = integration;
    // Checked again here: the URL may have been stored before the mock's listener moved onto it.
    const self = await this.#deps.self.check(url);
    if (self !== undefined) return unsent(url, format, `self_delivery: the integration URL reaches the mock itself (${self}); not sent`);
    const request = { integration, deliveryId: delivery.id, attempt, document: delivery.document! };
    return sendAttempt(this.#deps.client, request, this.#deps.config.WEBHOOK_SUCCESS, abort);
  }

  /** Records the attempt in the next group commit (with `alsoInTx` in the same transaction); true once committed. */
  async #complete(record: Recorder, delivery: ClaimedDelivery, attempt: Attempt, result: AttemptResult, alsoInTx?: () => void): Promise<boolean> {
    const recorded = await record(() => {
      const ok = this.#deps.deliveries.completeAttempt(delivery, attempt, result);
      if (ok) alsoInTx?.();
      return ok;
    });
    if (!recorded) this.#log.info({ deliveryId: delivery.id, attempt: attempt.attempt }, 'delivery vanished or was reclaimed; attempt not recorded');
    if (recorded && result.settledAt !== null) this.#deps.waiters.wake(delivery.id);
    if (recorded) this.#deps.events.publish(delivery.partner, { type: 'attempt', deliveryId: delivery.id, attempt: attempt.attempt, outcome: attempt.outcome });
    return recorded;
  }

  /** The ladder is exhausted: the email is stored with the delivery's final state in one transaction, then relayed. */
  async #emailFallback(
    record: Recorder,
    delivery: ClaimedDelivery,
    attempt: Attempt,
    result: AttemptResult,
    email: ReturnType<typeof renderSupportRequestEmail>,
    abort: AttemptAbort,
  ): Promise<string | undefined> {
    const { emails } = this.#deps;
    const emailId = `eml_${randomUUID()}`;
    const recorded = await this.#complete(record, delivery, attempt, { ...result, emailId }, () =>
      emails.insert({
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
    // Awaited (at most SMTP_TIMEOUT_MS, less if shutdown aborts it), so an advance answers with the relay's result.
    await this.#deps.relay.relay(emailId, email, abort.signal);
    this.#deps.events.publish(delivery.partner, { type: 'email', emailId, deliveryId: delivery.id });
    return emailId;
  }
}
