// redactUrl runs for every request's log line; it was rewritten to copy only around secrets. What it writes must not move.
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/http/redact.js';

describe('redactUrl', () => {
  it.each([
    ['/api/v1/user.json', '/api/v1/user.json'],
    ['/api/v1/user.json?', '/api/v1/user.json?'],
    ['/a?api_key=k1&email=u%40x.com', '/a?api_key=[redacted]&email=u%40x.com'],
    ['/a?email=x&api_key=k1&b=2', '/a?email=x&api_key=[redacted]&b=2'],
    ['/a?api_key', '/a?api_key=[redacted]'],
    ['/a?&&Token=t&', '/a?&&Token=[redacted]&'],
    ['/a?API%5Fkey=k1&x', '/a?API%5Fkey=[redacted]&x'],
    ['/a?%zz=1&password=p=q', '/a?%zz=1&password=[redacted]'],
    ['/a?token=1&token=2', '/a?token=[redacted]&token=[redacted]'],
    ['/a?x=a=b&tok=1', '/a?x=a=b&tok=1'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
