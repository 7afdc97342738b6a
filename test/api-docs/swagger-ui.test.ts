// Swagger UI's start-up script, run against a stand-in for the Swagger UI bundle (the browser suite drives the real
// page): the page authorizes itself with the default key when the mock accepts it, and only then.
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';

async function startPage(keys: string) {
  const { app } = await buildTestApp({ config: { SNAPENGAGE_API_KEYS: keys } });
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
  return { config, preauthorizeApiKey };
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
});
