// AppError: a 4xx is an answer the client gets, so it carries no stack trace (capturing one was most of a 404's CPU);
// a 5xx is the mock's own failure and keeps its trace for the log. Error.stackTraceLimit is left as it was.
import { describe, expect, it } from 'vitest';
import { AppError, clientError, notFound } from '../../src/core/errors.js';

describe('AppError', () => {
  it('a 4xx carries its message but no stack frames', () => {
    const err = notFound('user_not_found', 'no user with email a@example.com');
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('no user with email a@example.com');
    expect(err.stack).not.toMatch(/\n\s+at /);
  });

  it('a 5xx keeps its stack trace, and the process-wide limit is restored either way', () => {
    const before = Error.stackTraceLimit;
    const err = new AppError(503, 'store_unavailable', 'the store is unavailable');
    expect(err.stack).toMatch(/\n\s+at /);
    new AppError(400, 'validation_failed', 'x');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('plain').stack).toMatch(/\n\s+at /);
  });

  it('clientError (what a refused body or query is built as) has no stack frames either', () => {
    const before = Error.stackTraceLimit;
    expect(clientError('body is invalid').stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
