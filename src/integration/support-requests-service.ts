// Support requests on demand: build the document, record it and queue its webhook delivery in one transaction.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { DeliveryWithAttempts, OutboxRepository } from '../db/outbox-repository.js';
import { toWidgetResponse } from '../provisioning/widgets-service.js';
import type { SupportRequest, SupportRequestOverrides } from './document-schema.js';
import { isSettled, type Dispatcher } from './dispatcher.js';
import type { IntegrationsService } from './integrations-service.js';
import type { Random } from '../random.js';
import { buildSupportRequest } from './support-request-builder.js';

export const newDeliveryId = (): string => `dlv_${randomUUID()}`;

export class SupportRequestsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly integrations: IntegrationsService,
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** Recorded even without integration settings (then `deliveryId` is null: nothing to POST to). */
  create(partner: string, widgetId: string, overrides: SupportRequestOverrides): { supportRequest: SupportRequest; deliveryId: string | null } {
    const widget = this.integrations.ownedWidget(partner, widgetId);
    const now = this.clock.now();
    const supportRequest = buildSupportRequest({
      widget: { id: widget.id, agents: toWidgetResponse(widget).agents },
      overrides,
      now,
      random: this.random,
    });
    const integration = this.integrations.find(widgetId);
    const deliveryId = integration ? newDeliveryId() : null;
    this.outbox.transaction(() => {
      const seq = this.outbox.insertSupportRequest({
        partner,
        widgetId,
        id: supportRequest.id,
        type: supportRequest.type,
        document: JSON.stringify(supportRequest),
        createdAt: now,
      });
      if (integration && deliveryId) {
        this.outbox.insertDelivery({
          id: deliveryId,
          partner,
          widgetId,
          supportRequestSeq: seq,
          supportRequestId: supportRequest.id,
          redeliveryOf: null,
          url: integration.url,
          format: integration.format,
          createdAt: now,
          nextAttemptAt: now,
        });
      }
    });
    if (deliveryId) this.dispatcher.notify();
    return { supportRequest, deliveryId };
  }

  get(partner: string, id: string): DeliveryWithAttempts {
    const delivery = this.outbox.find(id);
    if (!delivery || delivery.partner !== partner) throw notFound('delivery_not_found', `no delivery with id ${id}`);
    return delivery;
  }

  /**
   * A pending delivery's next attempt moves to now (same delivery). A settled one gets a fresh delivery with
   * its own ladder, for the same support request and id. One in flight cannot be redelivered until it lands.
   */
  redeliver(partner: string, id: string): DeliveryWithAttempts {
    const delivery = this.get(partner, id);
    const now = this.clock.now();
    if (delivery.status === 'delivering') {
      throw new AppError(409, 'delivery_in_flight', `delivery ${id} has an attempt in flight; wait for it to finish, then redeliver`);
    }
    if (!isSettled(delivery)) {
      this.outbox.makeDue(id, now);
      this.dispatcher.notify();
      return this.get(partner, id);
    }
    const integration = this.integrations.find(delivery.widgetId);
    const fresh = newDeliveryId();
    this.outbox.insertDelivery({
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
    this.dispatcher.notify();
    return this.get(partner, fresh);
  }
}
