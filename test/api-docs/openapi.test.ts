import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { formatOpenApi, generateOpenApi } from '../../src/openapi.js';
import { buildTestApp } from '../helpers/build-test-app.js';

const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');

describe('openapi/openapi.json', () => {
  it('matches what the route schemas generate (run `npm run openapi` after changing a route)', async () => {
    expect(committed).toBe(formatOpenApi(await generateOpenApi()));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(committed));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(JSON.parse(committed).openapi).toBe('3.1.0');
  });
});

describe('/documentation', () => {
  it('serves the same document as JSON, and Swagger UI beside it', async () => {
    const { app } = await buildTestApp();
    const json = await app.inject({ method: 'GET', url: '/documentation/json' });
    expect(json.statusCode).toBe(200);
    // The served copy names the mock serving it (test/api-docs/document.test.ts); the rest is the committed document.
    expect({ ...json.json(), servers: JSON.parse(committed).servers }).toEqual(JSON.parse(committed));
    const ui = await app.inject({ method: 'GET', url: '/documentation' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
