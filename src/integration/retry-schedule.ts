// The retry ladder: parsing RETRY_SCHEDULE and computing when the next webhook attempt falls due.

/**
 * Delays between attempts, in order: attempt 1 runs when the support request is created, attempt n+1 runs
 * DEFAULT_RETRY_SCHEDULE[n-1] after attempt n failed. The sum is 2 h 00 min 30 s, SnapEngage's "approximately
 * 2 hours", so the 10th and last attempt lands just after the 2-hour mark; the email follows its failure.
 */
export const DEFAULT_RETRY_SCHEDULE = '30s,1m,2m,4m,8m,15m,30m,30m,30m';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;

/** `500ms`, `30s`, `1.5m`, `2h`; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration (use e.g. 500ms, 30s, 5m, 1h)`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']!);
}

/** A comma-separated list of durations; `none` means no retries (the first failure goes straight to email). */
export function parseRetrySchedule(text: string): number[] {
  if (text.trim().toLowerCase() === 'none') return [];
  return text.split(',').map(parseDuration);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

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
