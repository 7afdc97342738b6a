// Generates the OpenAPI document from the route schemas, without listening or touching a real store.
import { buildApp } from './app.js';
import { loadConfig } from './core/config.js';

export async function generateOpenApi(): Promise<unknown> {
  const app = await buildApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', CLOCK: 'virtual' }));
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}

/** The committed form: stable key order as generated, two-space indent, trailing newline. */
export const formatOpenApi = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;
