// Swagger UI's start-up script, run against a stand-in for the Swagger UI bundle (the browser suite drives the real
// page): the page authorizes itself with the default key when the mock accepts it, and only then; with the demo
// organization's token when the demo data is loaded, and only then.
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));

async function startPage(keys: string, settings: Record<string, string> = {}) {
  const { app } = await buildTestApp({ config: { SNAPENGAGE_API_KEYS: keys, ...settings } });
  const script = await app.inject({ method: 'GET', url: '/documentation/static/swagger-initializer.js' });
  expect(script.statusCode).toBe(200);
  const preauthorizeApiKey = vi.fn();
  let config: Record<string, any> = {};
  const SwaggerUIBundle = Object.assign(
    (given: Record<string, any>) => {
      config = given;
      return { preauthorizeApiKey, initOAuth: () => {} };
    },
    { presets: { apis: {} }, plugins: { DownloadUrl: {} } },
  );
  const window: Record<string, any> = { location: { href: 'http://127.0.0.1:8080/documentation/' } };
  const element = () => ({ href: '', innerHTML: '', appendChild: () => {} });
  const document = { createElement: element, querySelector: element };
  runInNewContext(script.body, { window, document, SwaggerUIBundle, SwaggerUIStandalonePreset: {} });
  window.onload();
  // Swagger UI calls onComplete once the document is loaded.
  config.onComplete?.();
  return { app, config, preauthorizeApiKey };
}

describe('Swagger UI at /documentation', () => {
  it('starts authorized with the default key, so Try it out works at once', async () => {
    const { preauthorizeApiKey } = await startPage('dev-api-key,other-key');
    expect(preauthorizeApiKey).toHaveBeenCalledWith('apiKey', 'dev-api-key');
  });

  it('prefills no key when the mock does not accept the default one', async () => {
    const { config, preauthorizeApiKey } = await startPage('team-key');
    expect(config.onComplete).toBeUndefined();
    expect(preauthorizeApiKey).not.toHaveBeenCalled();
  });

  it("with the demo data, authorizes the Logs API with the demo organization's token: Try it out returns its cases", async () => {
    const { app, preauthorizeApiKey } = await startPage('dev-api-key', { FIXTURES: DEMO });
    expect(preauthorizeApiKey.mock.calls).toEqual([
      ['apiKey', 'dev-api-key'],
      ['visitorApiKey', 'dev-api-key'],
      ['apiToken', 'ada-demo-api-token-0123456789abcdef'],
    ]);
    // A case of the demo organization, dated within the example's start and end.
    const widget = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90';
    const created = await app.inject({ method: 'POST', url: `/_mock/widgets/${widget}/support-requests?api_key=dev-api-key`, payload: { created_at_seconds: 1_780_000_000 } });
    expect(created.statusCode).toBe(201);
    // What Try it out sends: the operation's example parameters, the token in the header its scheme names.
    const doc = (await app.inject({ method: 'GET', url: '/documentation/json' })).json();
    const operation = doc.paths['/api/v2/{orgId}/logs'].get;
    const scheme = doc.components.securitySchemes[Object.keys(operation.security[0])[0]!];
    const example = (name: string) => operation.parameters.find((p: { name: string }) => p.name === name).example;
    const [, token] = preauthorizeApiKey.mock.calls.find(([name]) => name === Object.keys(operation.security[0])[0])!;
    const res = await app.inject({
      method: 'GET',
      url: `/api/v2/${example('orgId')}/logs?start=${example('start')}&end=${example('end')}`,
      headers: { [scheme.name]: token },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().cases.map((c: { id: string }) => c.id)).toEqual([created.json().supportRequest.id]);
  });

  it('authorizes no token without the demo data', async () => {
    expect((await startPage('dev-api-key')).preauthorizeApiKey.mock.calls.map(([name]) => name)).toEqual(['apiKey', 'visitorApiKey']);
  });
});
