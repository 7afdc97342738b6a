// Webhook deliveries as a partner sees them: reading one or many, waiting for one to settle, redelivering.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { DeliveryFilter, DeliveryWithAttempts } from '../db/delivery-types.js';
import { AppError, notFound } from '../core/errors.js';
import { isSettled } from './delivery-outcome.js';
import type { Dispatcher } from './dispatcher.js';
import type { IntegrationsRepository } from '../db/integrations-repository.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { SettledWaiters } from './settled-waiters.js';

/**
 * A UUID of version 7 (RFC 9562): the wall-clock millisecond first, then random bits. Deliveries created one after
 * another get neighbouring ids, so their entries in the id indexes (the delivery's, and its attempts') land on the same
 * pages instead of one random page each: fewer pages for every commit to write.
 */
export const newDeliveryId = (): string => {
  const time = Date.now().toString(16).padStart(12, '0');
  // A v4 UUID's random bits after its version digit, and its variant bits, as they are.
  return `dlv_${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
};

export interface DeliveriesServiceDeps {
  deliveries: DeliveriesRepository;
  integrations: IntegrationsRepository;
  dispatcher: Dispatcher;
  waiters: SettledWaiters;
  schedule: RetrySchedule;
  clock: Clock;
  /** DELIVERY_MAX_REDELIVERIES: fresh deliveries one support request may get by redelivery. */
  maxRedeliveries: number;
}

export class DeliveriesService {
  constructor(private readonly deps: DeliveriesServiceDeps) {}

  /** How many attempts the retry ladder allows before the email. */
  get maxAttempts(): number {
    return this.deps.schedule.maxAttempts;
  }

  get(partner: string, id: string): DeliveryWithAttempts {
    const delivery = this.deps.deliveries.find(id);
    if (!delivery || delivery.partner !== partner) throw notFound('delivery_not_found', `no delivery with id ${id}`);
    return delivery;
  }

  list(filter: DeliveryFilter): DeliveryWithAttempts[] {
    return this.deps.deliveries.list(filter);
  }

  /**
   * The delivery once it is settled (delivered or emailed), or as it is after `timeoutMs`. On the virtual clock the
   * wait also ends when the advance running (or the next one) ends: nothing can change until someone advances again.
   */
  async waitSettled(partner: string, id: string, timeoutMs: number): Promise<DeliveryWithAttempts> {
    // Settled already (what a wait after an advance finds): that read is the answer.
    const now = this.get(partner, id);
    if (isSettled(now)) return now;
    await this.deps.waiters.wait(id, partner, timeoutMs);
    return this.get(partner, id);
  }

  /**
   * A pending delivery's next attempt moves to now (same delivery). A settled one gets a fresh delivery with
   * its own ladder, for the same support request and id. One in flight cannot be redelivered until it lands.
   */
  redeliver(partner: string, id: string): DeliveryWithAttempts {
    const { deliveries, integrations, dispatcher, clock } = this.deps;
    const delivery = this.get(partner, id);
    const now = clock.now(partner);
    if (delivery.status === 'delivering') {
      throw new AppError(409, 'delivery_in_flight', `delivery ${id} has an attempt in flight; wait for it to finish, then redeliver`);
    }
    if (!isSettled(delivery)) {
      deliveries.makeDue(id, now);
      dispatcher.notify(partner);
      return this.get(partner, id);
    }
    // Whoever asks (a receiver that redelivers on every call, or the mock reaching its own redeliver route by a way
    // the self-delivery check cannot see), one support request's deliveries stop growing here.
    const redeliveries = deliveries.redeliveriesOf(delivery.supportRequestSeq);
    if (redeliveries >= this.deps.maxRedeliveries) {
      throw new AppError(
        409,
        'too_many_redeliveries',
        `support request ${delivery.supportRequestId} has been redelivered ${redeliveries} times; DELIVERY_MAX_REDELIVERIES=${this.deps.maxRedeliveries} allows no more`,
      );
    }
    const integration = integrations.findByWidget(delivery.widgetId);
    const fresh = newDeliveryId();
    deliveries.insertDelivery({
      id: fresh,
      partner,
      widgetId: delivery.widgetId,
      supportRequestSeq: delivery.supportRequestSeq,
      supportRequestId: delivery.supportRequestId,
      redeliveryOf: delivery.id,
      url: integration?.url ?? delivery.url,
      format: integration?.format ?? delivery.format,
      createdAt: now,
      nextAttemptAt: now,
    });
    dispatcher.notify(partner);
    return this.get(partner, fresh);
  }
}
