// The outcome rule and the fallback recipient, without a database or a network.
import { describe, expect, it } from 'vitest';
import { decideOutcome, fallbackRecipient, isSettled } from '../../src/delivery/delivery-outcome.js';
import { RetrySchedule } from '../../src/delivery/retry-schedule.js';
import { failureOf } from '../../src/delivery/webhook-attempt.js';
import type { WebhookResponse } from '../../src/delivery/webhook-client.js';

const ladder = new RetrySchedule([30_000, 60_000], false);
const answer = (statusCode: number | null, extra: Partial<WebhookResponse> = {}): WebhookResponse => ({
  statusCode,
  bodyStart: null,
  error: null,
  location: null,
  durationMs: 5,
  ...extra,
});

describe('decideOutcome', () => {
  it('a success is delivered, whatever the attempt number', () => {
    expect(decideOutcome(null, 1, 1_000, ladder)).toEqual({ kind: 'delivered' });
    expect(decideOutcome(null, 3, 1_000, ladder)).toEqual({ kind: 'delivered' });
  });

  it('a failure retries after the next delay of the ladder, counted from when it ended', () => {
    expect(decideOutcome('http_status: status 500', 1, 1_000, ladder)).toEqual({ kind: 'retry', at: 31_000 });
    expect(decideOutcome('timeout', 2, 50_000, ladder)).toEqual({ kind: 'retry', at: 110_000 });
  });

  it('a failure of the last attempt the ladder allows is exhausted (the email follows)', () => {
    expect(ladder.maxAttempts).toBe(3);
    expect(decideOutcome('http_status: status 500', 3, 1_000, ladder)).toEqual({ kind: 'exhausted' });
    expect(decideOutcome('connection_refused', 1, 0, new RetrySchedule([], false))).toEqual({ kind: 'exhausted' });
  });
});

describe('fallbackRecipient', () => {
  const widget = { destinationEmail: 'desk@example.com', ownerEmail: 'owner@example.com' };

  it("prefers the integration's transcriptEmail, then the widget's destinationEmail, then its owner", () => {
    expect(fallbackRecipient({ transcriptEmail: 'transcripts@example.com' }, widget)).toBe('transcripts@example.com');
    expect(fallbackRecipient({ transcriptEmail: null }, widget)).toBe('desk@example.com');
    expect(fallbackRecipient(undefined, widget)).toBe('desk@example.com');
    expect(fallbackRecipient(undefined, { destinationEmail: null, ownerEmail: 'owner@example.com' })).toBe('owner@example.com');
  });
});

describe('the success rule (failureOf)', () => {
  it('only 200 succeeds by default; WEBHOOK_SUCCESS=2xx accepts any 2xx', () => {
    expect(failureOf(answer(200), '200')).toBeNull();
    expect(failureOf(answer(204), '200')).toMatch(/^not_200: status 204/);
    expect(failureOf(answer(204), '2xx')).toBeNull();
  });

  it('names redirects (with their target), other statuses and transport errors', () => {
    expect(failureOf(answer(307, { location: 'https://elsewhere.example/' }), '2xx')).toBe(
      'redirect: status 307 to https://elsewhere.example/; redirects are not followed',
    );
    expect(failureOf(answer(503), '200')).toBe('http_status: status 503');
    expect(failureOf(answer(null, { error: 'timeout: no complete response within 10 ms' }), '200')).toMatch(/^timeout/);
    expect(failureOf(answer(null), '200')).toBe('no_response');
  });
});

describe('isSettled', () => {
  it('delivered and emailed are final; pending and delivering are not', () => {
    expect(['pending', 'delivering', 'delivered', 'emailed'].map((status) => isSettled({ status: status as never }))).toEqual([false, false, true, true]);
  });
});
