// Loads FIXTURES, if set, before the server answers anything (the loader itself is built in createContext).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const fixturesPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, fixtures } = app.ctx;
    const path = config.FIXTURES;
    if (path) {
      const report = await fixtures.load(path);
      app.log.info({ fixtures: path, ...report }, 'fixtures loaded');
    }
  },
  { name: 'fixtures', fastify: '5.x' },
);
