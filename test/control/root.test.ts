// GET / is the first thing a newcomer opens: it leads to the inspector page, not to a JSON 404.
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';

describe('GET /', () => {
  it('redirects to the inspector, with no api key needed', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/_mock/ui');
    expect((await app.inject({ method: 'GET', url: '/_mock/ui' })).statusCode).toBe(200);
  });

  it('is not in the OpenAPI document (it is no SnapEngage route)', async () => {
    const { app } = await buildTestApp();
    const spec = (await app.inject({ method: 'GET', url: '/documentation/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).not.toContain('/');
  });
});
