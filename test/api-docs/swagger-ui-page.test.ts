// The Swagger UI page is built on its first request (src/api-docs/swagger-ui-on-demand.ts): a start does not load it,
// and once asked for it serves its files as @fastify/swagger-ui does, with the mock's own error envelope.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';

const require = createRequire(import.meta.url);
const swaggerUiLoaded = () => require.resolve('@fastify/swagger-ui') in require.cache;

describe('Swagger UI at /documentation, built on demand', () => {
  // First in this file: vitest runs each file in a fresh process, so nothing else has loaded the package here.
  it('is not loaded by a start, only by the first request for the page', async () => {
    const { app } = await buildTestApp();
    expect(swaggerUiLoaded()).toBe(false);
    const page = await app.inject({ method: 'GET', url: '/documentation/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['x-request-id']).toBeDefined();
    expect(swaggerUiLoaded()).toBe(true);
  });

  it('serves its files with their type and validators, and answers a conditional request with 304', async () => {
    const { app } = await buildTestApp();
    const css = await app.inject({ method: 'GET', url: '/documentation/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(Number(css.headers['content-length'])).toBe(css.rawPayload.length);
    expect(css.body).toContain('.swagger-ui');
    const again = await app.inject({ method: 'GET', url: '/documentation/static/swagger-ui.css', headers: { 'if-none-match': String(css.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const head = await app.inject({ method: 'HEAD', url: '/documentation/static/swagger-ui.css' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers a missing file and a wrong method in the one error envelope', async () => {
    const { app } = await buildTestApp();
    const missing = await app.inject({ method: 'GET', url: '/documentation/static/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('route_not_found');
    const post = await app.inject({ method: 'POST', url: '/documentation/json' });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it("names the host the request reached, never a client's X-Forwarded headers (the mock trusts no proxy)", async () => {
    const { app } = await buildTestApp({ config: { ALLOWED_HOSTS: 'mock.test' } });
    const json = await app.inject({
      method: 'GET',
      url: '/documentation/json',
      headers: { host: 'mock.test:8080', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(json.json().servers[0].url).toBe('http://mock.test:8080');
  });
});
