// /_mock/clock: what time the mock thinks it is, and (CLOCK=virtual) moving it forward to run the attempts that fall due:
// one api_key's clock (?api_key=K), or the shared clock that every key without a clock of its own follows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoOf, MAX_INSTANT, VirtualClock, type Clock } from '../core/clock.js';
import { AppError, badRequest } from '../core/errors.js';
import { keyOrAdmin, optionalApiKey, scopeOf } from '../http/api-key.js';
import { ALL } from '../core/event-hub.js';
import { adminErrors, keyOrAdminSecurity, CLOCK_TAG, apiKeyParam, conflictError, mockErrors } from '../http/control-schemas.js';
import { advanceBody, advanceResponse, clockResponse } from './clock-schemas.js';

const clockQuery = z.strictObject({
  api_key: apiKeyParam
    .optional()
    .describe("The key whose clock to read or move. Without it: the shared clock, which every key that never moved its own clock follows."),
});

const tell = (clock: Clock, partner: string | undefined) => {
  const now = clock.now(partner);
  const diverged = partner !== undefined && clock instanceof VirtualClock && clock.isOwn(partner);
  return { mode: clock.mode, now, iso: isoOf(now), scope: partner === undefined ? ('shared' as const) : ('api_key' as const), diverged };
};

export const clockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock, dispatcher, config } = app.ctx;
  const tags = [CLOCK_TAG];

  // Reading the time is as open as /_mock/health (which shows the shared clock too).

  app.get(
    '/clock',
    {
      schema: {
        tags,
        operationId: 'getClock',
        summary: "The mock's time and clock mode",
        description:
          "With `api_key`, that key's clock: on the virtual clock each key has its own time once it moved it (a keyed advance), so suites sharing one server never walk each other's retry ladders. Without, the shared clock.",
        querystring: clockQuery,
        response: { 200: clockResponse.describe('The time now.'), ...mockErrors },
      },
      onRequest: optionalApiKey,
    },
    async (request) => tell(clock, scopeOf(request)),
  );

  app.post(
    '/clock/advance',
    {
      schema: {
        tags,
        operationId: 'advanceClock',
        summary: "Move a key's virtual clock (or the shared one) forward and run every attempt that falls due, in order",
        description:
          'Send `{"ms": N}` (or `{"to": <ms epoch>}`). Time stops at each due attempt on the way, so retries land exactly on their schedule; the answer comes once every attempt (and fallback email) in the window has finished, and lists them, however long that takes (the connection is kept open past REQUEST_TIMEOUT_MS). Deliveries created while the advance runs (by a receiver calling the mock back) run on the next advance, so every advance ends. The instant is stored: a restart resumes it. `{"ms": 0}` runs what is due now, such as a just-created support request. 409 `clock_not_virtual` on the real clock.\n\n**Whose clock.** With `?api_key=K`, only K\'s clock moves and only K\'s deliveries run; from then on K has a clock of its own (until a reset of K), stamped on everything K records. Without a key, the shared clock moves, and with it every key that has no clock of its own; keys with their own clock stay where they are. That form acts on every key, so MOCK_ADMIN_TOKEN (when set) guards it.',
        security: keyOrAdminSecurity,
        querystring: clockQuery,
        body: advanceBody,
        response: { 200: advanceResponse.describe('The new time, and every attempt that ran on the way.'), ...mockErrors, ...adminErrors, ...conflictError },
      },
      onRequest: keyOrAdmin("moving the shared clock (no api_key)"),
    },
    async (request) => {
      if (clock.mode !== 'virtual') {
        throw new AppError(409, 'clock_not_virtual', 'the clock is real; start the mock with CLOCK=virtual to move time by hand');
      }
      const { ms, to } = request.body;
      const partner = scopeOf(request);
      const now = clock.now(partner);
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
        const attempts = await dispatcher.advance(to === undefined ? { ms: ms! } : { to }, partner);
        app.ctx.events.publish(partner ?? ALL, { type: 'clock', now: clock.now(partner) });
        return { ...tell(clock, partner), attempts };
      } finally {
        socket?.setTimeout?.(config.REQUEST_TIMEOUT_MS);
      }
    },
  );
};
