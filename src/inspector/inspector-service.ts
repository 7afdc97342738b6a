// What the inspector reads that the partner APIs have no call for: a partner's accounts at a glance, one support-request
// document by id (JSON and the legacy XML), and a delivery's retry ladder with the attempts still planned.
import type { Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { SupportRequestsRepository } from '../db/support-requests-repository.js';
import type { UsersRepository } from '../db/users-repository.js';
import type { WidgetsRepository } from '../db/widgets-repository.js';
import type { DeliveriesService } from '../delivery/deliveries-service.js';
import { toIntegrationResponse, type IntegrationsService } from '../integration/integrations-service.js';
import { publishedAgents } from '../provisioning/widgets-service.js';
import type { SupportRequest } from '../support-request/document-schema.js';
import { toLegacyXml } from '../support-request/xml.js';
import { ladderOf } from './ladder.js';
import type { InspectorAccounts, Ladder, SupportRequestView } from './schemas.js';

export interface InspectorServiceDeps {
  users: UsersRepository;
  widgets: WidgetsRepository;
  supportRequests: SupportRequestsRepository;
  integrations: IntegrationsService;
  deliveries: DeliveriesService;
  clock: Clock;
  /** RETRY_SCHEDULE: the waits the ladder plans with. */
  retrySchedule: readonly number[];
}

export class InspectorService {
  constructor(private readonly deps: InspectorServiceDeps) {}

  /** Secrets stay out: no password hash, no API token, no integration token (only whether one is set). */
  accounts(partner: string, limit: number): InspectorAccounts {
    const { users, widgets, integrations } = this.deps;
    return {
      users: users.listByPartner(partner, limit).map((u) => ({
        email: u.email,
        name: u.name,
        phone: u.phone,
        accountType: u.accountType,
        orgId: u.orgId,
        createdAt: u.createdAt,
      })),
      widgets: widgets.listByPartner(partner, limit).map((w) => {
        const integration = integrations.find(w.id);
        return {
          uuid: w.id,
          name: w.name,
          email: w.ownerEmail,
          destinationEmail: w.destinationEmail,
          agents: publishedAgents(w.agents),
          enableProactiveChat: w.enableProactiveChat,
          enableConversations: w.enableConversations,
          conversationSchedule: w.conversationSchedule,
          integration: integration && toIntegrationResponse(integration),
          createdAt: w.createdAt,
        };
      }),
    };
  }

  supportRequest(partner: string, id: string): SupportRequestView {
    const stored = this.deps.supportRequests.find(partner, id);
    if (!stored) throw notFound('support_request_not_found', `no support request ${id} for this api_key`);
    const document = JSON.parse(stored.document) as SupportRequest;
    return { id: stored.id, widgetId: stored.widgetId, type: stored.type, createdAt: stored.createdAt, document, xml: toLegacyXml(document) };
  }

  ladder(partner: string, deliveryId: string): Ladder {
    const { deliveries, clock, retrySchedule } = this.deps;
    const delivery = deliveries.get(partner, deliveryId);
    return { clock: clock.mode, maxAttempts: deliveries.maxAttempts, steps: ladderOf(delivery, retrySchedule) };
  }
}
