// Support requests on demand: build the document, record it and queue its webhook delivery in one transaction.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { FilesRepository } from '../db/files-repository.js';
import type { Transaction } from '../db/open.js';
import type { SupportRequestsRepository } from '../db/support-requests-repository.js';
import { publishedAgents } from '../provisioning/widgets-service.js';
import type { PreparedFile } from '../files/file-inputs.js';
import { fileLink, withUploads } from '../support-request/upload-lines.js';
import type { EventHub } from '../core/event-hub.js';
import type { Random } from '../core/random.js';
import { newDeliveryId } from '../delivery/deliveries-service.js';
import type { SupportRequest, SupportRequestOverrides } from '../support-request/document-schema.js';
import type { Dispatcher } from '../delivery/dispatcher.js';
import type { IntegrationsService } from './integrations-service.js';
import { buildSupportRequest } from '../support-request/builder.js';

export interface SupportRequestsServiceDeps {
  transaction: Transaction;
  supportRequests: SupportRequestsRepository;
  deliveries: DeliveriesRepository;
  files: FilesRepository;
  integrations: IntegrationsService;
  dispatcher: Dispatcher;
  clock: Clock;
  random: Random;
  events: EventHub;
}

/** Files to attach, already checked and decoded (src/files/file-inputs.ts), and the origin their links point at. */
export interface Uploads {
  files: readonly PreparedFile[];
  /** `https://host:port` of the https listener, as the client reaches the mock. */
  origin: string;
}

const newFileId = (): string => `fil_${randomUUID().replaceAll('-', '')}`;

export class SupportRequestsService {
  constructor(private readonly deps: SupportRequestsServiceDeps) {}

  /**
   * `overrides` are already validated (the route's body schema). Recorded even without integration settings (then
   * `deliveryId` is null: nothing to POST to).
   */
  create(
    partner: string,
    widgetId: string,
    overrides: SupportRequestOverrides,
    uploads: Uploads = { files: [], origin: '' },
  ): { supportRequest: SupportRequest; deliveryId: string | null } {
    const { integrations, clock, random } = this.deps;
    const widget = integrations.ownedWidget(partner, widgetId);
    const now = clock.now(partner);
    const built = buildSupportRequest({ widget: { id: widget.id, agents: publishedAgents(widget.agents) }, overrides, now, random });
    const stored = uploads.files.map((file) => ({ ...file, id: newFileId() }));
    const supportRequest = withUploads(built, stored.map((file) => fileLink(uploads.origin, file.id, file.name)));
    const deliveryId = this.record(partner, widget, supportRequest, now, stored);
    return { supportRequest, deliveryId };
  }

  /**
   * Stores a finished document (with its files) and, when the widget has integration settings, queues its webhook
   * delivery in the same transaction: the path of a generated support request and of a lived conversation alike.
   * Returns the delivery's id, or null when there is nothing to POST to.
   */
  record(partner: string, widget: { id: string; ownerId: number }, supportRequest: SupportRequest, now: number, stored: ReadonlyArray<PreparedFile & { id: string }> = []): string | null {
    const { transaction, supportRequests, deliveries, files, integrations, dispatcher } = this.deps;
    const integration = integrations.find(widget.id);
    const deliveryId = integration ? newDeliveryId() : null;
    transaction(() => {
      const seq = supportRequests.insert({
        partner,
        widgetId: widget.id,
        id: supportRequest.id,
        type: supportRequest.type,
        document: JSON.stringify(supportRequest),
        caseCreatedMs: supportRequest.created_at_seconds * 1000 + supportRequest.created_at_milliseconds,
        createdAt: now,
      });
      for (const file of stored) {
        files.insert({ ...file, partner, ownerId: widget.ownerId, supportRequestSeq: seq, size: file.bytes.length, createdAt: now });
      }
      if (integration && deliveryId) {
        deliveries.insertDelivery({
          id: deliveryId,
          partner,
          widgetId: widget.id,
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
    if (deliveryId) dispatcher.notify(partner);
    this.deps.events.publish(partner, { type: 'support-request', id: supportRequest.id, deliveryId });
    return deliveryId;
  }
}
