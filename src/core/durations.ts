// Durations as people write them in settings (500ms, 30s, 5m, 1h), shared by the configuration and whatever reads it.

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
