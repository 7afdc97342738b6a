// Errors Fastify's router raises before any hook (a malformed percent-escape) still leave in the one error envelope.
import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY as KEY_A } from '../helpers/build-test-app.js';

describe('router errors', () => {
  it.each(['/api/v1/%zz/user.json', '/%', '/api/v1/user.json%'])('answers the malformed escape in %s with 400 bad_url in the envelope', async (path) => {
    const live = await buildTestApp({ listen: true });
    const res = await live.request('GET', `${path}?api_key=${KEY_A}`, { headers: { 'x-request-id': 'bad-url-1' } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      error: { status: 400, code: 'bad_url', message: expect.stringContaining('malformed'), details: [], requestId: 'bad-url-1' },
    });
    expect(res.headers['x-request-id']).toBe('bad-url-1');
  });
});
