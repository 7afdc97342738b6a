// /_mock/clock: what time the mock thinks it is, and (CLOCK=virtual) moving it forward to run the attempts that fall due.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoOf, MAX_INSTANT, type Clock } from '../clock.js';
import { AppError, badRequest } from '../errors.js';
import { adminOnly } from '../http/admin-token.js';
import { optionalApiKey } from '../http/api-key.js';
import { apiKeyParam, conflictError, mockErrors } from '../integration/schemas.js';
import { adminErrors, adminSecurity, advanceBody, advanceResponse, CLOCK_TAG, clockResponse } from './control-schemas.js';

const clockQuery = z.strictObject({ api_key: apiKeyParam.optional().describe('Optional: the clock is shared by every api_key.') });

const tell = (clock: Clock) => ({ mode: clock.mode, now: clock.now(), iso: isoOf(clock.now()) });

export const clockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock, dispatcher, config } = app.ctx;
  const tags = [CLOCK_TAG];

  // Reading the time is as open as /_mock/health (which shows it too); moving it acts on every key.
  app.addHook('onRequest', optionalApiKey);

  app.get(
    '/clock',
    {
      schema: { tags, operationId: 'getClock', summary: "The mock's time and clock mode", querystring: clockQuery, response: { 200: clockResponse.describe('The time now.'), ...mockErrors } },
    },
    async () => tell(clock),
  );

  app.post(
    '/clock/advance',
    {
      schema: {
        tags,
        operationId: 'advanceClock',
        summary: 'Move the virtual clock forward and run every attempt that falls due, in order',
        description:
          'Send `{"ms": N}` (or `{"to": <ms epoch>}`). Time stops at each due attempt on the way, so retries land exactly on their schedule; the answer comes once every attempt (and fallback email) in the window has finished, and lists them, however long that takes (the connection is kept open past REQUEST_TIMEOUT_MS). Deliveries created while the advance runs (by a receiver calling the mock back) run on the next advance, so every advance ends. The instant is stored: a restart resumes it. `{"ms": 0}` runs what is due now, such as a just-created support request. 409 `clock_not_virtual` on the real clock.',
        security: adminSecurity,
        querystring: clockQuery,
        body: advanceBody,
        response: { 200: advanceResponse.describe('The new time, and every attempt that ran on the way.'), ...mockErrors, ...adminErrors, ...conflictError },
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
        throw badRequest('to', 'min', `to (${isoOf(to)}) is before the mock's current time (${isoOf(now)}); the clock never goes back`);
      }
      if (ms !== undefined && now + ms > MAX_INSTANT) {
        throw badRequest('ms', 'max', `ms would move the clock past ${isoOf(MAX_INSTANT)}, the last instant the mock's dates can show`);
      }
      // The socket is idle while the attempts run: without this, REQUEST_TIMEOUT_MS would cut it before the answer.
      // (An injected request's stand-in socket has no timer to lift.)
      const socket = request.raw.socket as Partial<typeof request.raw.socket> | undefined;
      socket?.setTimeout?.(0);
      try {
        const attempts = await dispatcher.advance(ms ?? to! - now);
        return { ...tell(clock), attempts };
      } finally {
        socket?.setTimeout?.(config.REQUEST_TIMEOUT_MS);
      }
    },
  );
};
