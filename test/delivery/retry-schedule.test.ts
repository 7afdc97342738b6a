import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { DEFAULT_RETRY_SCHEDULE } from '../../src/core/config.js';
import { parseDuration, parseRetrySchedule } from '../../src/core/durations.js';
import { RetrySchedule } from '../../src/delivery/retry-schedule.js';

describe('RETRY_SCHEDULE', () => {
  it('reads durations in ms, s, m and h, and `none`', () => {
    expect(parseRetrySchedule('250ms, 10s,1.5m,2h,40')).toEqual([250, 10_000, 90_000, 7_200_000, 40]);
    expect(parseRetrySchedule('none')).toEqual([]);
    expect(parseDuration('0')).toBe(0);
  });

  it('refuses a bad entry at boot, naming the variable', () => {
    expect(() => loadConfig({ RETRY_SCHEDULE: '10s,soon' })).toThrow(/RETRY_SCHEDULE="10s,soon": "soon" is not a duration/);
  });

  it('by default retries for about 2 hours: 10 attempts, the last just after the 2-hour mark', () => {
    const delays = loadConfig({}).RETRY_SCHEDULE;
    expect(delays).toEqual(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE));
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(total).toBeLessThanOrEqual(2 * 3_600_000 + 60_000);
    expect(new RetrySchedule(delays, false).maxAttempts).toBe(10);
    // Backing off: no delay shorter than the one before it.
    expect([...delays].sort((a, b) => a - b)).toEqual(delays);
  });

  it('is exact without jitter and ends when the ladder is exhausted', () => {
    const schedule = new RetrySchedule([1000, 5000], false);
    expect(schedule.nextAttemptAt(1, 100)).toBe(1100);
    expect(schedule.nextAttemptAt(2, 100)).toBe(5100);
    expect(schedule.nextAttemptAt(3, 100)).toBeNull();
  });

  it('spreads retries by at most 10% with jitter (the real clock)', () => {
    expect(new RetrySchedule([10_000], true, () => 0).nextAttemptAt(1, 0)).toBe(9_000);
    expect(new RetrySchedule([10_000], true, () => 0.999_999).nextAttemptAt(1, 0)).toBe(11_000);
  });
});
