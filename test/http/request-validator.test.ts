// The compiled request validator answers what fastify-type-provider-zod's validator answers (zod's parse): the same
// value for what it accepts, the same error for what it refuses. The schemas of a test's cycle and of the shapes the
// plan hands to zod (checks, defaults, transforms, refinements, JSON values), fed valid, extra-keyed and invalid input.
import { validatorCompiler as zodValidator } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { advanceBody } from '../../src/control/clock-schemas.js';
import { faultRuleBody } from '../../src/control/schemas.js';
import { jsonValue } from '../../src/core/json-value.js';
import { deliveryParams, deliveryQuery } from '../../src/delivery/schemas.js';
import { integrationBody } from '../../src/integration/schemas.js';
import { userCreateBody, widgetCreateBody } from '../../src/provisioning/schemas.js';
import { validatorCompiler } from '../../src/http/request-validator.js';
import { agent, userBody, widgetBody } from '../helpers/provisioning.js';

type Schema = Parameters<typeof validatorCompiler>[0]['schema'];
const route = (schema: Schema) => ({ schema, method: 'PUT', url: '/x', httpPart: 'body' });

/** Both validators' answers, as plain data: `{ value }` or `{ error }` with the error's message and details. */
function both(schema: Schema, data: unknown): [unknown, unknown] {
  const run = (compile: typeof validatorCompiler) => {
    const result = compile(route(schema))(data) as { value?: unknown; error?: Error & { validation?: unknown } };
    return result.error ? { error: result.error.message, validation: result.error.validation } : { value: result.value };
  };
  return [run(validatorCompiler), run(zodValidator as typeof validatorCompiler)];
}

const cases: Array<[string, Schema, unknown[]]> = [
  ['the user PUT', userCreateBody, [userBody(), userBody({ phone: null }), userBody({ extra: 1 }), userBody({ email: 'nope' }), userBody({ accountType: 'x' }), {}, null, []]],
  [
    'the widget PUT',
    widgetCreateBody,
    [widgetBody(), widgetBody({ agents: [agent(), agent({ agentType: 'x' })] }), widgetBody({ agents: 'x' }), widgetBody({ enableConversations: 'yes' }), widgetBody({ name: undefined })],
  ],
  [
    'the widget PUT (string and array checks)',
    widgetCreateBody,
    [
      widgetBody({ agents: [agent({ agentAvatar: ' https://example.com/a.png ' })] }),
      widgetBody({ agents: [agent({ agentAvatar: 'javascript:alert(1)' })] }),
      widgetBody({ agents: [] }),
      widgetBody({ name: '😀'.repeat(60) }),
      widgetBody({ name: '😀'.repeat(99) }),
      widgetBody({ name: 'x'.repeat(100) }),
      widgetBody({ email: 'Jimbo@Example.com' }),
      widgetBody({ destinationEmail: 'not an email' }),
      widgetBody({ conversationSchedule: { timeZone: 'UTC', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }] } }),
      widgetBody({ conversationSchedule: { timeZone: 'UTC', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM'] }] } }),
      widgetBody({ conversationSchedule: { timeZone: 'UTC', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00', '5:00 PM'] }] } }),
    ],
  ],
  ['the user PUT (patterns)', userCreateBody, [userBody({ phone: '+1 (555) 617-8980' }), userBody({ phone: 'abc' }), userBody({ password: '1234' }), userBody({ name: '' })]],
  [
    'the integration',
    integrationBody,
    [{ url: 'http://127.0.0.1:1/hook' }, { url: ' http://127.0.0.1:1/hook ' }, { url: 'ftp://x' }, { url: 'http://x', format: 'xml', authToken: null }, { url: 'http://x', authToken: ' x' }, { url: 'http://x', more: 1 }, {}],
  ],
  [
    'strings and arrays with checks, overwrites and refinements',
    z.object({
      a: z.string().trim().toLowerCase().min(2),
      b: z.array(z.string().length(2)).min(1).max(2),
      c: z.string().refine((v) => v !== 'no', 'not no').optional(),
      d: z.url().optional(),
    }),
    [{ a: ' AB ', b: ['xy'] }, { a: ' A ', b: ['xy'] }, { a: 'ab', b: [] }, { a: 'ab', b: ['x'] }, { a: 'ab', b: ['xy'], c: 'no' }, { a: 'ab', b: ['xy'], c: 'ok', d: ' HTTP://Example.COM/a ' }],
  ],
  ['an advance (a refinement)', advanceBody, [{ ms: 0 }, { to: 5 }, { ms: 1, to: 2 }, {}, { ms: -1 }, { ms: 1.5 }, { ms: '1' }]],
  ['a fault rule (defaults, transforms)', faultRuleBody, [{ method: 'get', path: '/api/v1/user.json', status: 500 }, { status: 500 }, { target: 'x' }]],
  [
    'defaults',
    z.strictObject({ n: z.number().default(3), o: z.object({ a: z.number() }).default({ a: 1 }), b: z.stringbool().default(false), e: z.enum(['x', 'y']).default('x') }),
    [{}, { n: 1, o: { a: 2, z: 1 }, b: 'true', e: 'y' }, { n: 'x' }, { b: 'maybe' }, { e: 'z' }],
  ],
  ['a delivery', deliveryParams, [{ id: 'dlv_1' }, {}, { id: 1 }]],
  ['a delivery query', deliveryQuery, [{ api_key: 'k' }, { api_key: 'k', wait: 'settled' }, { api_key: 'k', wait: 'x' }, { api_key: ['a', 'b'] }]],
  [
    'JSON values',
    z.object({ body: jsonValue, maybe: jsonValue.optional(), n: jsonValue.nullable() }),
    [{ body: { a: [1, 'x', null] }, n: null }, { body: 1, maybe: { b: true }, n: 2 }, { n: null }, { body: null }],
  ],
  [
    'unions, literals, strict objects',
    z.union([z.strictObject({ kind: z.literal('a'), n: z.number() }), z.object({ kind: z.literal('b'), s: z.string().optional() })]),
    [{ kind: 'a', n: 1 }, { kind: 'a', n: 1, x: 2 }, { kind: 'b', x: 2 }, { kind: 'b', s: 1 }, { kind: 'c' }],
  ],
];

describe('the compiled request validator', () => {
  for (const [name, schema, inputs] of cases) {
    it(`answers as zod does: ${name}`, () => {
      for (const input of inputs) {
        const [ours, zods] = both(schema, input);
        expect(ours, JSON.stringify(input)).toStrictEqual(zods);
      }
    });
  }

  it('builds a value of its own, as zod does (a stripped key is gone, the input untouched)', () => {
    const input = { kind: 'b', s: 'x', extra: 1 };
    const [ours] = both(cases.at(-1)![1], input) as [{ value: Record<string, unknown> }, unknown];
    expect(ours.value).not.toBe(input);
    expect(ours.value).not.toHaveProperty('extra');
    expect(input).toHaveProperty('extra', 1);
  });
});
