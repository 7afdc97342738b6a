// /_mock/conversations/{caseId}/bot-calls: a chat's calls to its bot (each turn sent, the answer's start, how it ended
// and what the mock did with it), and the long-polls a test waits on instead of sleeping: until the bot has answered,
// or until it handed the chat over.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BOTS_TAG, mockErrors } from '../http/control-schemas.js';
import { botCallsQuery, botCallsView, caseParams } from './schemas.js';

export const botCallsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { bots } = app.ctx.frontDesk;

  app.get(
    '/conversations/:caseId/bot-calls',
    {
      schema: {
        tags: [BOTS_TAG],
        operationId: 'listBotCalls',
        summary: "A chat's calls to its bot, and whether the bot still has it; wait=answered or wait=handover long-polls",
        description:
          'Every call in order: the turn POSTed, the status and the start of the answer, how long it took, and why it failed (`timeout: ...`, `http_status: status 401`, `invalid_answer: ...`). A failed call hands the chat to a human. `GET /_mock/conversations/{caseId}` carries the same list as `botCalls`.',
        params: caseParams,
        querystring: botCallsQuery,
        response: { 200: botCallsView.describe('The calls, and the chat\'s status now.'), ...mockErrors },
      },
    },
    async (request) => {
      const { wait, timeout_ms: timeoutMs } = request.query;
      const { partner } = request;
      const { caseId } = request.params;
      return wait === undefined ? bots.view(partner, caseId) : bots.wait(partner, caseId, wait, timeoutMs);
    },
  );
};
