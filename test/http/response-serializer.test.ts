// The compiled response serializer writes the very bytes fastify-type-provider-zod's serializer writes (zod's parse,
// then JSON.stringify), and refuses what it refuses with the same error: every route's response schema, fed valid,
// reordered, extra-keyed, unicode, null/absent and invalid values.
import { serializerCompiler as zodSerializer } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../src/core/errors.js';
import { serializerCompiler } from '../../src/http/response-serializer.js';
import { deliverySchema } from '../../src/delivery/schemas.js';
import { supportRequestCreated } from '../../src/integration/schemas.js';
import { userExistsResponse, userResponse, widgetResponse } from '../../src/provisioning/schemas.js';
import { buildSupportRequest } from '../../src/support-request/builder.js';
import { createRandom } from '../../src/core/random.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { api, scheduledWidgetBody, userBody, widgetBody } from '../helpers/provisioning.js';

type Schema = Parameters<typeof serializerCompiler>[0]['schema'];
const route = (schema: Schema) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });

/** Both serializers' answer: the bytes, or the error's class and message. */
function both(schema: Schema, data: unknown): [string, string] {
  const run = (compile: typeof serializerCompiler) => {
    try {
      return compile(route(schema))(data);
    } catch (err) {
      return `${(err as Error).constructor.name}: ${(err as Error).message}`;
    }
  };
  return [run(serializerCompiler), run(zodSerializer as typeof serializerCompiler)];
}

const user = { email: 'jimbo@example.com', name: 'Jimbo ☃ "quoted" \\ \u2028 😀', phone: null, accountType: 'biz' };
const widget = {
  name: null,
  email: 'jimbo@example.com',
  destinationEmail: 't@example.com',
  uuid: 'u-1',
  agents: [{ agentId: 'wc:a@example.com', agentAlias: 'A', agentAvatar: 'https://example.com/a.png', agentType: 'webclient', extra: 1 }],
  enableProactiveChat: 'true',
  enableConversations: false,
  conversationSchedule: { timeZone: 'UTC', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }] },
  onlineButtonUrl: null,
  offlineButtonUrl: null,
  proactiveSettings: null,
};
const delivery = {
  id: 'dlv_1',
  widgetId: 'w-1',
  supportRequestId: 'sr-1',
  redeliveryOf: null,
  status: 'delivered',
  url: 'http://127.0.0.1:9/hook',
  format: 'json',
  attempts: [{ attempt: 1, url: 'http://127.0.0.1:9/hook', startedAt: 1_700_000_000_000, durationMs: 3, statusCode: 200, error: null, responseBodyStart: 'ok', outcome: 'delivered' }],
  maxAttempts: 10,
  nextAttemptAt: null,
  createdAt: 1_700_000_000_000,
  settledAt: 1_700_000_000_003,
  emailId: null,
};
const created = {
  supportRequest: buildSupportRequest({ widget: { id: 'w-1', agents: [] }, overrides: {}, now: 1_700_000_000_000, random: createRandom(7) }),
  deliveryId: 'dlv_1',
};
const envelope = { error: { status: 404, code: 'user_not_found', message: 'no user', details: [{ field: 'email', rule: 'x', message: 'm' }], requestId: 'r' } };

const cases: Array<[string, Schema, unknown[]]> = [
  [
    'user or user-exists (GET user)',
    userResponse.or(userExistsResponse),
    [
      user,
      { accountType: 'biz', phone: '555', name: 'N', email: 'e@x', passwordHash: 'secret' },
      { email: 'only@x' },
      { email: 'only@x', name: 'no phone' },
      { ...user, phone: undefined },
      { ...user, name: 5 },
      { email: null },
      null,
      'text',
      [],
    ],
  ],
  [
    'widget',
    widgetResponse,
    [
      widget,
      { ...widget, conversationSchedule: null, enableProactiveChat: 'false' },
      { ...widget, enableProactiveChat: true },
      { ...widget, conversationSchedule: { timeZone: 'UTC', schedules: [], extra: 1 } },
      { ...widget, agents: 'none' },
      { ...widget, onlineButtonUrl: 'x' },
    ],
  ],
  ['error envelope', errorEnvelopeSchema, [envelope, { error: { ...envelope.error, status: 404.5 } }, { error: { ...envelope.error, status: Infinity } }, {}]],
  [
    'optional, int, bounded, format, strict, loose, literal and unknown fields',
    z.object({
      a: z.string().optional(),
      n: z.number(),
      i: z.number().int(),
      s: z.strictObject({ k: z.string() }).optional(),
      l: z.looseObject({ k: z.string() }).optional(),
      lit: z.literal('x').optional(),
      b: z.number().int().min(0).lt(10).optional(),
      u: z.unknown().optional(),
      r: z.object({ k: z.unknown() }).optional(),
      iz: z.int().optional(),
      em: z.email().optional(),
      e: z.enum(['p', 'q']).nullable(),
      list: z.array(z.union([z.string(), z.number()])).optional(),
    }),
    [
      { n: 1, i: 2, e: null },
      { a: 'x', n: 1.5, i: 2, s: { k: 'v' }, l: { k: 'v', more: [1] }, lit: 'x', e: 'p', list: ['a', 1] },
      { a: undefined, n: 1, i: 2, e: 'q' },
      { n: 1, i: 2.5, e: 'p' },
      { n: Number.NaN, i: 2, e: 'p' },
      { n: 1, i: 2, e: 'r' },
      { n: 1, i: 2, e: 'p', s: { k: 'v', extra: 1 } },
      { n: 1, i: 2, e: 'p', list: [true] },
      { n: 1, i: Number.MAX_SAFE_INTEGER, e: 'p' },
      { n: 1, i: 2 ** 53, e: 'p' },
      { n: 1, i: -0, e: 'p' },
      { n: 1, i: Number.POSITIVE_INFINITY, e: 'p' },
      { n: 1, i: '2', e: 'p' },
      { n: 1, i: 2, e: 'p', s: Object.assign(Object.create({ inherited: 1 }) as object, { k: 'v' }) },
      { n: 1, i: 2, e: 'p', s: JSON.parse('{"k":"v","__proto__":{"x":1}}') as unknown },
      { n: 1, i: 2, e: 'p', s: { k: 'v', gone: undefined } },
      { n: 1, i: 2, e: 'p', s: { k: 1 } },
      { n: 1, i: 2, e: 'p', b: 0 },
      { n: 1, i: 2, e: 'p', b: 10 },
      { n: 1, i: 2, e: 'p', b: 5, lit: 'y' },
      { n: 1, i: 2, e: 'p', u: { any: ['thing'] } },
      { n: 1, i: 2, e: 'p', r: {} },
      { n: 1, i: 2, e: 'p', r: { k: undefined } },
      { n: 1, i: 2, e: 'p', r: { k: null } },
      { n: 1, i: 2, e: 'p', iz: 3, em: 'a@example.com' },
      { n: 1, i: 2, e: 'p', iz: 1.5 },
      { n: 1, i: 2, e: 'p', em: 'not an email' },
    ],
  ],
  [
    'delivery (GET /_mock/deliveries/{id})',
    deliverySchema,
    [
      delivery,
      { ...delivery, attempts: [], nextAttemptAt: 5, settledAt: null, status: 'pending', unknown: 'dropped' },
      { ...delivery, attempts: [{ ...delivery.attempts[0]!, statusCode: 200.5 }] },
      { ...delivery, createdAt: -1 },
      { ...delivery, maxAttempts: null },
    ],
  ],
  [
    'a support request created (POST /_mock/widgets/{id}/support-requests)',
    supportRequestCreated,
    [
      created,
      { ...created, deliveryId: null },
      { ...created, supportRequest: { ...created.supportRequest, notInTheDocument: 1 } },
      { ...created, supportRequest: { ...created.supportRequest, created_at_seconds: 1.5 } },
      { ...created, supportRequest: { ...created.supportRequest, created_at_seconds: -1 } },
      { ...created, supportRequest: { ...created.supportRequest, latitude: 91 } },
      { ...created, supportRequest: { ...created.supportRequest, source_id: 9 } },
    ],
  ],
];

describe('the compiled response serializer', () => {
  for (const [name, schema, values] of cases) {
    it(`answers as zod's serializer does: ${name}`, () => {
      for (const value of values) {
        const [ours, zods] = both(schema, value);
        expect(ours, JSON.stringify(value)).toBe(zods);
      }
    });
  }

  it('serves GET user and GET widget byte for byte as the schema orders them', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody({ phone: null, name: 'Jimbo ☃' }));
    const got = await api(app).getUser('jimbo@example.com');
    expect(got.body).toBe('{"email":"jimbo@example.com","name":"Jimbo ☃","phone":null,"accountType":"enterprise"}');
    const uuid = (await api(app).putWidget(scheduledWidgetBody('jimbo@example.com'))).json().uuid as string;
    const widgetText = (await api(app).getWidget(uuid, 'jimbo@example.com')).body;
    expect(Object.keys(JSON.parse(widgetText))).toEqual(Object.keys(widgetResponse.shape));
    expect(widgetText).toBe(JSON.stringify(widgetResponse.parse(JSON.parse(widgetText))));
    expect((await api(app).putWidget(widgetBody({ name: null }))).statusCode).toBe(201);
  });
});
