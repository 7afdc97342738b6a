// /_mock/faults: add, list and remove the rules that make the SnapEngage routes fail on purpose.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema, notFound } from '../core/errors.js';
import { assertAdmin } from '../http/admin-token.js';
import { bodyKeyOrAdmin, keyOrAdmin, optionalApiKey, scopeOf } from '../http/api-key.js';
import { adminErrors, controlApiKey, controlErrors, controlTags, keyOrAdminSecurity } from '../http/control-schemas.js';
import { FAULT_HEADER } from './faults.js';
import { faultListSchema, faultRuleBody, faultRuleSchema, removedSchema } from './schemas.js';

const optionalKeyQuery = z.strictObject({
  api_key: controlApiKey
    .optional()
    .describe('List or clear only what applies to this api_key; without it, every rule (with MOCK_ADMIN_TOKEN set, that takes the admin token).'),
});
const errors = { ...controlErrors, ...adminErrors };

export const faultsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { faults } = app.ctx;
  app.post(
    '/faults',
    {
      schema: {
        tags: controlTags,
        operationId: 'addFault',
        summary: 'Add a fault rule',
        description: `Matching requests to /api/v1/... and /api/v2/... are answered with \`status\` (and \`body\`, \`headers\`), delayed by \`latencyMs\`, or hung up on (\`action: "reset"\`), for the next \`count\` matches or with a seeded \`probability\`. With \`target: "bot"\` (and optionally \`widgetId\`) a rule shapes the mock's own calls to chat bots instead: \`status\` answers in the bot's place, \`latencyMs\` delays the call, \`reset\` fails it. Rules are tried in the order added; the first that fires wins. For a single request, send the header \`${FAULT_HEADER}: 503\` (any 400-599), \`reset\` or \`timeout\` instead. A rule without \`api_key\` applies to every key: with MOCK_ADMIN_TOKEN set, adding one takes the admin token. At most FAULT_MAX_RULES rules (400 \`too_many_faults\`); a body over FAULT_MAX_BODY_BYTES is refused (413 \`fault_body_too_large\`).`,
        security: keyOrAdminSecurity,
        body: faultRuleBody,
        response: { 201: faultRuleSchema.describe('Added: the rule, with its id.'), ...errors, 413: errorEnvelopeSchema.describe('The body is larger than FAULT_MAX_BODY_BYTES.') },
      },
      // The scoping key must be one the mock accepts, or the rule could never fire.
      preHandler: bodyKeyOrAdmin('a fault rule for every key (no api_key)'),
    },
    async (request, reply) => reply.code(201).send(faults.add(request.body, scopeOf(request))),
  );

  app.get(
    '/faults',
    {
      schema: {
        tags: controlTags,
        operationId: 'listFaults',
        summary: 'List the fault rules',
        security: keyOrAdminSecurity,
        querystring: optionalKeyQuery,
        response: { 200: faultListSchema.describe('The rules in force.'), ...errors },
      },
      onRequest: keyOrAdmin('listing every fault rule (no api_key)'),
    },
    async (request) => ({ faults: faults.list(scopeOf(request)) }),
  );

  app.delete(
    '/faults',
    {
      schema: {
        tags: controlTags,
        operationId: 'removeFaults',
        summary: 'Remove the fault rules',
        description: 'With api_key, only the rules scoped to that key go; without it, every rule.',
        security: keyOrAdminSecurity,
        querystring: optionalKeyQuery,
        response: { 200: removedSchema.describe('Removed: how many rules.'), ...errors },
      },
      onRequest: keyOrAdmin('removing every fault rule (no api_key)'),
    },
    async (request) => ({ removed: faults.clear(scopeOf(request)) }),
  );

  app.delete(
    '/faults/:id',
    {
      schema: {
        tags: controlTags,
        operationId: 'removeFault',
        summary: 'Remove one fault rule',
        description:
          'With `api_key`, only a rule scoped to that key (another key\'s rule is not found, 404, with or without MOCK_ADMIN_TOKEN). Without it, any rule; with MOCK_ADMIN_TOKEN set, that takes the admin token, and so does a rule for every key.',
        security: keyOrAdminSecurity,
        params: z.object({ id: z.string() }),
        querystring: z.strictObject({ api_key: controlApiKey.optional().describe('The key the rule is scoped to.') }),
        response: { 200: removedSchema.describe('Removed.'), ...errors, 404: errorEnvelopeSchema.describe('No rule with this id (for this api_key).') },
      },
      onRequest: optionalApiKey,
    },
    async (request) => {
      const { id } = request.params;
      const rule = faults.find(id);
      // A rule for every key is everyone's, so it takes the admin token (when one is set), with or without a key.
      if (request.partner === '' || (rule !== undefined && rule.partner === undefined)) assertAdmin(request, 'removing a fault rule for every key');
      // A call with ?api_key= acts as that key, token or not (as DELETE /_mock/faults?api_key= clears only its rules):
      // another key's rule is not found, whether or not MOCK_ADMIN_TOKEN is set, so an id seen elsewhere removes nothing.
      if (request.partner !== '' && rule?.partner !== undefined && rule.partner !== request.partner) {
        throw notFound('fault_not_found', `no fault rule ${id} for this api_key`);
      }
      if (rule === undefined || !faults.remove(id)) throw notFound('fault_not_found', `no fault rule ${id}`);
      return { removed: 1 };
    },
  );
};
