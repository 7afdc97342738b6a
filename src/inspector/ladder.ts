// A delivery's retry ladder as the inspector draws it: the attempts made, the one due next, and those still planned.
import type { DeliveryWithAttempts } from '../db/delivery-types.js';
import type { LadderStep } from './schemas.js';

/**
 * The attempts on `delays` (RETRY_SCHEDULE): attempt n+1 runs delays[n-1] after attempt n. Planned steps assume each
 * attempt before them fails at the instant it falls due, which is exact on the virtual clock; the real clock adds
 * jitter (±10 %) and the attempts' own durations.
 */
export function ladderOf(delivery: Pick<DeliveryWithAttempts, 'attempts' | 'nextAttemptAt'>, delays: readonly number[]): LadderStep[] {
  const steps: LadderStep[] = delivery.attempts.map((a) => ({ attempt: a.attempt, at: a.startedAt, state: 'done' }));
  if (delivery.nextAttemptAt === null) return steps;
  let attempt = delivery.attempts.length + 1;
  let at = delivery.nextAttemptAt;
  steps.push({ attempt, at, state: 'next' });
  for (let delay = delays[attempt - 1]; delay !== undefined; delay = delays[attempt - 1]) {
    attempt += 1;
    at += delay;
    steps.push({ attempt, at, state: 'planned' });
  }
  return steps;
}
