// The widget's script where pages load it, and the demo page: the widget id and the origin the page used baked in, the
// headers a script on any site needs (nosniff, revalidated, 304 while unchanged), 404 for a widget the mock lacks.
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';
import { proactiveWidget } from '../helpers/widget-page.js';

/** The config the mock wrapped the bundle with: `})({"widgetId":…,"origin":…});` at the end. */
const configOf = (body: string) => JSON.parse(/\}\)\((\{.*\})\);\s*$/.exec(body)![1]!);

describe('GET /js/{widgetId}.js', () => {
  it('serves the script for that widget and the origin the page reached the mock on, as a script any site may load', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const res = await app.inject({ method: 'GET', url: `/js/${widgetId}.js`, headers: { host: 'mock.localhost:8080' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      'cross-origin-resource-policy': 'cross-origin',
    });
    expect(configOf(res.body)).toEqual({ widgetId, origin: 'http://mock.localhost:8080' });
    expect(res.body).toContain('designstudio-iframe');
    // Behind a proxy, the page's origin is the proxy's.
    const proxied = await app.inject({ method: 'GET', url: `/js/${widgetId}.js`, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.example.com' } });
    expect(configOf(proxied.body).origin).toBe('https://chat.example.com');

    const again = await app.inject({ method: 'GET', url: `/js/${widgetId}.js`, headers: { host: 'mock.localhost:8080', 'if-none-match': String(res.headers.etag) } });
    expect([again.statusCode, again.body]).toEqual([304, '']);
  });

  it('serves it at the legacy /cdn/js/ path too, and snapabug.js without a widget (SnapABug.init names it)', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    expect(configOf((await app.inject({ method: 'GET', url: `/cdn/js/${widgetId}.js` })).body).widgetId).toBe(widgetId);
    expect(configOf((await app.inject({ method: 'GET', url: '/cdn/js/snapabug.js' })).body).widgetId).toBe('');
  });

  it('answers 404 for a widget the mock does not have, and for a name that is no script', async () => {
    const { app } = await buildTestApp();
    const missing = await app.inject({ method: 'GET', url: '/js/0d3a5e2c-0000-4c1e-9a2d-6f8b1c4e7a90.js' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'widget_not_found']);
    expect((await app.inject({ method: 'GET', url: '/js/snapabug.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/js/readme.txt' })).statusCode).toBe(404);
  });

  it("serves the chat box's stylesheet beside it", async () => {
    const { app } = await buildTestApp();
    const css = await app.inject({ method: 'GET', url: '/widget/chat.css' });
    expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    expect(css.body).toContain('.se-box');
  });
});

describe('GET /_mock/demo/{widgetId}', () => {
  it('serves the demo page under a CSP with no inline script or style, with its script and stylesheet; 404 for no widget', async () => {
    const { app } = await buildTestApp();
    const widgetId = await proactiveWidget(app);
    const page = await app.inject({ method: 'GET', url: `/_mock/demo/${widgetId}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.body).toContain('<div role="log"');
    expect((await app.inject({ method: 'GET', url: '/_mock/demo/demo.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await app.inject({ method: 'GET', url: '/_mock/demo/demo.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await app.inject({ method: 'GET', url: '/_mock/demo/no-such-widget' })).statusCode).toBe(404);
  });
});
