// Responses checked against their zod schema by a plan compiled once per route (http/schema-plan.ts), then
// JSON.stringify'd.
//
// fastify-type-provider-zod's serializer runs zod's safeParse on every response and stringifies what it returns: the
// response's own object rebuilt, unknown keys dropped, the schema's key order. The plan builds the same object
// without zod's per-call machinery (~2-3 us of a GET), and a response the plan refuses goes through the package's
// serializer whole, so an invalid response fails exactly as before. Same bytes either way
// (test/http/response-serializer.test.ts).
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';
import { NO, planFor, type Plan } from './schema-plan.js';

/** A JSON value in a response (a journaled body) came out of JSON.parse: passed through, not walked again. */
const passJson: Plan = (v) => v;

/** The serializer compiler app.ts installs: the plan, and the package's own serializer when the plan says no. */
export const serializerCompiler: FastifySerializerCompiler<$ZodType> = (route) => {
  const fallback = zodSerializerCompiler(route) as (data: unknown) => string;
  const plan = planFor(route.schema, passJson);
  return (data: unknown) => {
    const out = plan(data);
    return out === NO ? fallback(data) : JSON.stringify(out);
  };
};

