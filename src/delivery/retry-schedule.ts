// The retry ladder: when the next webhook attempt falls due after one failed (RETRY_SCHEDULE's delays, parsed by config).

/** Jitter spreads retries of many deliveries apart on the real clock; the virtual clock stays exact. */
const JITTER = 0.1;

export class RetrySchedule {
  constructor(
    readonly delays: readonly number[],
    private readonly jitter: boolean,
    private readonly random: () => number = Math.random,
  ) {}

  /** How many attempts the ladder allows in all. */
  get maxAttempts(): number {
    return this.delays.length + 1;
  }

  /** When attempt `failedAttempt + 1` falls due after attempt `failedAttempt` failed at `now`, or null when the ladder is exhausted. */
  nextAttemptAt(failedAttempt: number, now: number): number | null {
    const delay = this.delays[failedAttempt - 1];
    if (delay === undefined) return null;
    const factor = this.jitter ? 1 + (this.random() * 2 - 1) * JITTER : 1;
    return now + Math.round(delay * factor);
  }
}
