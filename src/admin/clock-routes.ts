// /_mock/clock: what time the mock thinks it is, and (CLOCK=virtual) moving it forward to run the attempts that fall due.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { AppError, badRequest } from '../errors.js';
import { adminOnly } from '../http/admin-token.js';
import { optionalApiKey } from '../http/api-key.js';
import { apiKeyParam, conflictError, mockErrors } from '../integration/schemas.js';
import { adminErrors, adminSecurity, advanceBody, advanceResponse, CLOCK_TAG, clockResponse } from './control-schemas.js';

const clockQuery = z.strictObject({ api_key: apiKeyParam.optional().describe('Optional: the clock is shared by every api_key.') });

const tell = (clock: Clock) => ({ mode: clock.mode, now: clock.now(), iso: new Date(clock.now()).toISOString() });

export const clockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock, dispatcher } = app.ctx;
  const tags = [CLOCK_TAG];

  // Reading the time is as open as /_mock/health (which shows it too); moving it acts on every key.
  app.addHook('onRequest', optionalApiKey);

  app.get(
    '/clock',
    {
      schema: { tags, summary: "The mock's time and clock mode", querystring: clockQuery, response: { 200: clockResponse, ...mockErrors } },
    },
    async () => tell(clock),
  );

  app.post(
    '/clock/advance',
    {
      schema: {
        tags,
        summary: 'Move the virtual clock forward and run every attempt that falls due, in order',
        description:
          'Send `{"ms": N}` (or `{"to": <ms epoch>}`). Time stops at each due attempt on the way, so retries land exactly on their schedule; the answer comes once every attempt (and fallback email) in the window has finished, and lists them. `{"ms": 0}` runs what is due now, such as a just-created support request. 409 `clock_not_virtual` on the real clock.',
        security: adminSecurity,
        querystring: clockQuery,
        body: advanceBody,
        response: { 200: advanceResponse, ...mockErrors, ...adminErrors, ...conflictError },
      },
      onRequest: adminOnly('moving the clock'),
    },
    async (request) => {
      if (clock.mode !== 'virtual') {
        throw new AppError(409, 'clock_not_virtual', 'the clock is real; start the mock with CLOCK=virtual to move time by hand');
      }
      const { ms, to } = request.body;
      const now = clock.now();
      if (to !== undefined && to < now) {
        throw badRequest('to', 'min', `to (${new Date(to).toISOString()}) is before the mock's current time (${new Date(now).toISOString()}); the clock never goes back`);
      }
      const attempts = await dispatcher.advance(ms ?? to! - now);
      return { ...tell(clock), attempts };
    },
  );
};
