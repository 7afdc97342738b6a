// What an attempt's result means for its delivery, as pure functions: delivered, retry at T, or exhausted (email).
import type { DeliveryStatus } from '../db/delivery-types.js';
import type { Integration } from '../db/integrations-repository.js';
import type { OwnedWidget } from '../db/widgets-repository.js';
import type { RetrySchedule } from './retry-schedule.js';

export type Outcome = { kind: 'delivered' } | { kind: 'retry'; at: number } | { kind: 'exhausted' };

/**
 * `failure` is null when attempt number `attempt` succeeded; otherwise the next attempt is due when the ladder says
 * (counted from `now`, when this one ended), or the ladder is exhausted and the support request goes by email.
 */
export function decideOutcome(failure: string | null, attempt: number, now: number, schedule: RetrySchedule): Outcome {
  if (failure === null) return { kind: 'delivered' };
  const at = schedule.nextAttemptAt(attempt, now);
  return at === null ? { kind: 'exhausted' } : { kind: 'retry', at };
}

/** Who gets the fallback email: the integration's transcriptEmail, else the widget's destinationEmail, else its owner. */
export function fallbackRecipient(integration: Pick<Integration, 'transcriptEmail'> | undefined, widget: Pick<OwnedWidget, 'destinationEmail' | 'ownerEmail'>): string {
  return integration?.transcriptEmail ?? widget.destinationEmail ?? widget.ownerEmail;
}

/** Delivered or emailed: nothing more will happen to it (unless redelivered). */
export function isSettled(delivery: { status: DeliveryStatus }): boolean {
  return delivery.status === 'delivered' || delivery.status === 'emailed';
}
