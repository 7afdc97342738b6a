// /_mock/faults: add, list and remove the rules that make the SnapEngage routes fail on purpose.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema, notFound } from '../errors.js';
import { controlApiKey, controlErrors, controlTags } from './control-schemas.js';
import { FAULT_HEADER, faultRuleBody, faultRuleSchema } from './faults.js';

const optionalKeyQuery = z.strictObject({
  api_key: controlApiKey.optional().describe('List or clear only what applies to this api_key; without it, every rule.'),
});
const faultList = z.object({ faults: z.array(faultRuleSchema) });

export const faultsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { partners } = app.ctx;
  const partnerOf = (apiKey: string | undefined) => (apiKey === undefined ? undefined : partners.authenticate(apiKey));

  app.post(
    '/faults',
    {
      schema: {
        tags: controlTags,
        summary: 'Add a fault rule',
        description: `Matching requests to /api/v1/... are answered with \`status\` (and \`body\`, \`headers\`), delayed by \`latencyMs\`, or hung up on (\`action: "reset"\`), for the next \`count\` matches or with a seeded \`probability\`. Rules are tried in the order added; the first that fires wins. For a single request, send the header \`${FAULT_HEADER}: 503\` (any 400-599), \`reset\` or \`timeout\` instead.`,
        body: faultRuleBody,
        response: { 201: faultRuleSchema, ...controlErrors },
      },
    },
    async (request, reply) => {
      // A scoping key must be one the mock accepts, or the rule could never fire.
      if (request.body.api_key !== undefined) partners.authenticate(request.body.api_key);
      return reply.code(201).send(app.faults.add(request.body));
    },
  );

  app.get(
    '/faults',
    {
      schema: {
        tags: controlTags,
        summary: 'List the fault rules',
        querystring: optionalKeyQuery,
        response: { 200: faultList, ...controlErrors },
      },
    },
    async (request) => ({ faults: app.faults.list(partnerOf(request.query.api_key)) }),
  );

  app.delete(
    '/faults',
    {
      schema: {
        tags: controlTags,
        summary: 'Remove the fault rules',
        description: 'With api_key, only the rules scoped to that key go; without it, every rule.',
        querystring: optionalKeyQuery,
        response: { 200: z.object({ removed: z.number().int() }), ...controlErrors },
      },
    },
    async (request) => ({ removed: app.faults.clear(partnerOf(request.query.api_key)) }),
  );

  app.delete(
    '/faults/:id',
    {
      schema: {
        tags: controlTags,
        summary: 'Remove one fault rule',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ removed: z.number().int() }), 404: errorEnvelopeSchema.describe('No rule with this id.') },
      },
    },
    async (request) => {
      if (!app.faults.remove(request.params.id)) throw notFound('fault_not_found', `no fault rule ${request.params.id}`);
      return { removed: 1 };
    },
  );
};
