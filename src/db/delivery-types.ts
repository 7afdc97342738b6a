// What a webhook delivery and its attempts are, as the deliveries repository stores and returns them.
import type { DocumentFormat } from './integrations-repository.js';

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'emailed';
export type AttemptOutcome = 'delivered' | 'failed';

export interface Attempt {
  attempt: number;
  url: string;
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBodyStart: string | null;
  outcome: AttemptOutcome;
}

export interface Delivery {
  id: string;
  partner: string;
  widgetId: string;
  supportRequestSeq: number;
  supportRequestId: string;
  redeliveryOf: string | null;
  url: string;
  format: DocumentFormat;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: number | null;
  emailId: string | null;
  createdAt: number;
  settledAt: number | null;
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: Attempt[];
}

/** A delivery this process holds the lease on; `leaseToken` proves it when the attempt is recorded. */
export interface ClaimedDelivery extends Delivery {
  leaseToken: string;
  /** The support request's document (JSON text), read with the claim; null when it is gone (a reset). */
  document: string | null;
}

export type NewDelivery = Pick<
  Delivery,
  'id' | 'partner' | 'widgetId' | 'supportRequestSeq' | 'supportRequestId' | 'redeliveryOf' | 'url' | 'format' | 'createdAt'
> & { nextAttemptAt: number };

/** What an attempt changes on its delivery. */
export interface AttemptResult {
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  settledAt: number | null;
  emailId: string | null;
  url: string;
  format: DocumentFormat;
}

export interface DeliveryFilter {
  partner: string;
  widgetId?: string;
  status?: DeliveryStatus;
  supportRequestId?: string;
  limit: number;
}
