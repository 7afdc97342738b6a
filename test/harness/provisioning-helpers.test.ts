// The harness's Provisioning API calls (mock.users, mock.widgets): SnapEngage's own calls with the client's key, so the
// journal records them and fault rules reach them, and every answer and journal body is typed (checked by typecheck).
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { MockClientError, createMockClient, startMock, type JsonValue, type MockHarness, type User, type UserExists, type Widget } from '../../src/index.js';

const JIM = { email: 'jim@example.com', name: 'Jim', password: '12345', accountType: 'biz' } as const;
const AGENT = { agentId: 'jim@example.com', agentAlias: 'Jim', agentAvatar: 'https://example.com/jim.png', agentType: 'webclient' } as const;

describe('mock.users and mock.widgets', () => {
  let mock: MockHarness;
  beforeAll(async () => {
    mock = await startMock({ apiKey: 'provisioning-helpers-key', config: { SNAPENGAGE_API_KEYS: 'provisioning-helpers-key,other-key' } });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('create, read, update and delete a user and its widget', async () => {
    const user = await mock.users.create({ ...JIM, phone: '555-617-8980' });
    expectTypeOf(user).toEqualTypeOf<User>();
    expect(user).toEqual({ email: 'jim@example.com', name: 'Jim', phone: '555-617-8980', accountType: 'biz' });
    expect(await mock.users.get('jim@example.com')).toEqual(user);
    expect(await mock.users.update({ email: 'jim@example.com', name: 'Jimbo' })).toMatchObject({ name: 'Jimbo', accountType: 'biz' });

    const widget = await mock.widgets.create({ email: 'jim@example.com', name: 'Support', agents: [AGENT] });
    expectTypeOf(widget).toEqualTypeOf<Widget>();
    expect(widget).toMatchObject({ name: 'Support', email: 'jim@example.com', agents: [{ ...AGENT, agentId: 'wc:jim@example.com' }], enableProactiveChat: 'false' });
    expect(await mock.widgets.get(widget.uuid, 'jim@example.com')).toEqual(widget);
    const renamed = await mock.widgets.update({ uuid: widget.uuid, email: 'jim@example.com', name: 'Sales', agents: [AGENT] });
    expect(renamed.name).toBe('Sales');

    await mock.widgets.remove(widget.uuid, 'jim@example.com');
    await expect(mock.widgets.get(widget.uuid, 'jim@example.com')).rejects.toMatchObject({ status: 404 });
    await mock.users.remove('jim@example.com');
    await expect(mock.users.get('jim@example.com')).rejects.toMatchObject({ status: 404 });
  });

  it("answer the API's errors as MockClientError, and another key learns only that a user exists", async () => {
    await mock.users.create(JIM);
    const taken = await mock.users.create(JIM).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(MockClientError);
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'user_exists' } } });

    const other = createMockClient({ url: mock.url, apiKey: 'other-key' });
    const seen = await other.users.get('jim@example.com');
    expectTypeOf(seen).toEqualTypeOf<User | UserExists>();
    expect(seen).toEqual({ email: 'jim@example.com' });
  });

  it('are journaled as the client sent them (the password redacted), and fault rules reach them', async () => {
    await mock.faults.add({ method: 'PUT', path: '/api/v1/user.json', status: 503, count: 1 });
    await expect(mock.users.create(JIM)).rejects.toMatchObject({ status: 503 });
    await mock.users.create(JIM);

    const sent = await mock.requests({ path: '/api/v1/user.json' });
    expect(sent.map((e) => [e.method, e.status, e.fault?.kind ?? null])).toEqual([
      ['PUT', 503, 'respond'],
      ['PUT', 201, null],
    ]);
    const body = sent[1]!.body;
    expectTypeOf(body).toEqualTypeOf<JsonValue>();
    expect(body).toEqual({ ...JIM, password: '[redacted]' });
    expectTypeOf(sent[1]!.query).toEqualTypeOf<Record<string, string | string[]>>();
    expect(sent[1]!.query).toEqual({ api_key: '[redacted]' });
    expect(sent[1]!.response?.body).toEqual({ email: 'jim@example.com', name: 'Jim', phone: null, accountType: 'biz' });
  });
});
