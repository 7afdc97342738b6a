// Requests' bodies, queries and params checked against their zod schema by a plan compiled once per route
// (http/schema-plan.ts): the value zod's parse would answer, without zod's per-call machinery. A value the plan
// refuses goes to fastify-type-provider-zod's validator whole, so every refusal (its details, its message) is zod's,
// as before (test/http/request-validator.test.ts).
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';
import { NO, planFor, type Plan } from './schema-plan.js';

/** A JSON value in a request comes out of JSON.parse, so any value is one; a missing one is zod's to refuse. */
const presentJson: Plan = (v) => (v === undefined ? NO : v);

/** The validator compiler app.ts installs: the plan, and the package's own validator when the plan says no. */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const fallback = zodValidatorCompiler(route);
  const plan = planFor(route.schema, presentJson);
  return (data: unknown) => {
    const value = plan(data);
    return value === NO ? fallback(data) : { value };
  };
};
