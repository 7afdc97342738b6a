import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';
import { userBody } from '../helpers/provisioning.js';

describe('logs', () => {
  it('never contain api keys, passwords or auth headers', async () => {
    const { app, logs } = await buildTestApp({ config: { LOG_LEVEL: 'trace' } });
    await app.inject({
      method: 'PUT',
      url: `/api/v1/user.json?api_key=${KEY}`,
      headers: { authorization: 'Bearer tok-SECRET-1', authentication: 'tok-SECRET-2' },
      payload: userBody({ password: 'pw-SECRET-3' }),
    });
    await app.inject({ method: 'GET', url: `/api/v1/user.json?email=jimbo@example.com&API_KEY=${KEY}` });
    await app.inject({ method: 'GET', url: '/api/v1/user.json?api_key=wrong-SECRET-4&email=x@example.com' });
    const text = logs.join('');
    expect(logs.length).toBeGreaterThan(4);
    expect(text).toContain('[redacted]');
    for (const secret of [KEY, 'tok-SECRET-1', 'tok-SECRET-2', 'pw-SECRET-3', 'wrong-SECRET-4']) expect(text).not.toContain(secret);
  });
});
