// Support requests on demand: build the document, record it and queue its webhook delivery in one transaction.
import type { Clock } from '../clock.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { Transaction } from '../db/open.js';
import type { SupportRequestsRepository } from '../db/support-requests-repository.js';
import { publishedAgents } from '../provisioning/widgets-service.js';
import type { Random } from '../random.js';
import { newDeliveryId } from './deliveries-service.js';
import type { SupportRequest, SupportRequestOverrides } from './document-schema.js';
import type { Dispatcher } from './dispatcher.js';
import type { IntegrationsService } from './integrations-service.js';
import { buildSupportRequest } from './support-request-builder.js';

export interface SupportRequestsServiceDeps {
  transaction: Transaction;
  supportRequests: SupportRequestsRepository;
  deliveries: DeliveriesRepository;
  integrations: IntegrationsService;
  dispatcher: Dispatcher;
  clock: Clock;
  random: Random;
}

export class SupportRequestsService {
  constructor(private readonly deps: SupportRequestsServiceDeps) {}

  /**
   * `overrides` are already validated (the route's body schema). Recorded even without integration settings (then
   * `deliveryId` is null: nothing to POST to).
   */
  create(partner: string, widgetId: string, overrides: SupportRequestOverrides): { supportRequest: SupportRequest; deliveryId: string | null } {
    const { transaction, supportRequests, deliveries, integrations, dispatcher, clock, random } = this.deps;
    const widget = integrations.ownedWidget(partner, widgetId);
    const now = clock.now();
    const supportRequest = buildSupportRequest({ widget: { id: widget.id, agents: publishedAgents(widget.agents) }, overrides, now, random });
    const integration = integrations.find(widgetId);
    const deliveryId = integration ? newDeliveryId() : null;
    transaction(() => {
      const seq = supportRequests.insert({
        partner,
        widgetId,
        id: supportRequest.id,
        type: supportRequest.type,
        document: JSON.stringify(supportRequest),
        caseCreatedMs: supportRequest.created_at_seconds * 1000 + supportRequest.created_at_milliseconds,
        createdAt: now,
      });
      if (integration && deliveryId) {
        deliveries.insertDelivery({
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
    if (deliveryId) dispatcher.notify();
    return { supportRequest, deliveryId };
  }
}
