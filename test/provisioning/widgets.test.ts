import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.js';
import { agent, api, firstDetail, userBody, widgetBody } from '../helpers/provisioning.js';
import { storedWidget } from '../helpers/store.js';

async function withOwner(): Promise<FastifyInstance> {
  const { app } = await buildTestApp();
  expect((await api(app).putUser(userBody())).statusCode).toBe(201);
  return app;
}

const schedule = (schedules: unknown[], timeZone = 'US/Mountain') => ({ conversationSchedule: { timeZone, schedules } });
const day = (dayOfWeek: string, start: string, end: string, enabled = true) => ({ dayOfWeek, enabled, scheduleList: [start, end] });

describe('PUT /api/v1/widget.json (create)', () => {
  it('creates a widget with the documented response: wc: agent ids, string proactive flag, deprecated fields null', async () => {
    const app = await withOwner();
    const res = await api(app).putWidget(
      widgetBody({ onlineButtonUrl: 'https://x/on.png', offlineButtonUrl: 'https://x/off.png', proactiveSettings: { delayInSec: '45', message: 'Hi' } }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toMatchObject({
      name: 'Widget #1',
      email: 'jimbo@example.com',
      destinationEmail: 'transcripts@example.com',
      agents: [{ agentId: 'wc:agent@example.com', agentAlias: 'An Agent', agentAvatar: 'https://www.website.com/charlie.png', agentType: 'webclient' }],
      enableProactiveChat: 'true',
      enableConversations: true,
      onlineButtonUrl: null,
      offlineButtonUrl: null,
      proactiveSettings: null,
    });
  });

  it.each([
    [true, 'true'],
    [false, 'false'],
    ['false', 'false'],
  ])('accepts enableProactiveChat %j and returns %j', async (given, returned) => {
    const app = await withOwner();
    expect((await api(app).putWidget(widgetBody({ enableProactiveChat: given }))).json().enableProactiveChat).toBe(returned);
  });

  it('rejects other enableProactiveChat values', async () => {
    const app = await withOwner();
    const res = await api(app).putWidget(widgetBody({ enableProactiveChat: 'yes' }));
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body).field).toBe('enableProactiveChat');
  });

  it('keeps deprecated agent types without the wc: prefix, and strips a wc: prefix sent back', async () => {
    const app = await withOwner();
    const res = await api(app).putWidget(
      widgetBody({ agents: [agent({ agentId: 'WC:Echo@Example.com' }), agent({ agentId: 'Skype.User', agentType: 'skype' })] }),
    );
    expect(res.json().agents.map((a: { agentId: string }) => a.agentId)).toEqual(['wc:echo@example.com', 'skype.user']);
  });

  it.each([
    ['agents', { agents: [] }, 'min_items'],
    ['agents', { agents: undefined }, 'required'],
    ['agents.0.agentType', { agents: [agent({ agentType: 'WebClient' })] }, 'enum'],
    ['agents.0.agentAvatar', { agents: [agent({ agentAvatar: 'not a url' })] }, 'url'],
    ['agents.0.agentAlias', { agents: [{ agentId: 'a', agentAvatar: 'https://x/a.png', agentType: 'webclient' }] }, 'required'],
    ['agents.1.agentId', { agents: [agent(), agent({ agentId: 'agent@example.com' })] }, 'unique'],
    ['name', { name: 'w'.repeat(100) }, 'max_length'],
    ['destinationEmail', { destinationEmail: 'nope' }, 'email'],
    ['uuid', { uuid: '31a11b98-ffd2-425d-aa69-2c6ff8a40a16' }, 'unknown_field'],
  ])('rejects a bad %s with rule %s', async (field, over, rule) => {
    const app = await withOwner();
    const res = await api(app).putWidget(widgetBody(over));
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field, rule });
  });

  it('requires the owner to be an existing user', async () => {
    const app = await withOwner();
    const res = await api(app).putWidget(widgetBody({ email: 'nobody@example.com' }));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('user_not_found');
  });

  it('stores a conversation schedule with several entries per day and returns it', async () => {
    const app = await withOwner();
    const s = schedule([day('MONDAY', '9:00 AM', '12:00 PM'), day('MONDAY', '1:00 PM', '5:00 PM'), day('SUNDAY', '12:00 AM', '11:59 PM')]);
    const created = await api(app).putWidget(widgetBody(s));
    expect(created.statusCode).toBe(201);
    const fetched = await api(app).getWidget(created.json().uuid, 'jimbo@example.com');
    expect(fetched.json().conversationSchedule).toEqual(s.conversationSchedule);
  });

  it.each([
    ['conversationSchedule.timeZone', schedule([], 'Mars/Olympus'), 'time_zone'],
    ['conversationSchedule.timeZone', schedule([], '+01:00'), 'time_zone'],
    ['conversationSchedule.schedules.0.dayOfWeek', schedule([day('Monday', '8:00 AM', '5:00 PM')]), 'enum'],
    ['conversationSchedule.schedules.0.scheduleList.0', schedule([day('MONDAY', '08:00', '5:00 PM')]), 'format'],
    ['conversationSchedule.schedules.0.scheduleList.1', schedule([day('MONDAY', '8:00 AM', '13:00 PM')]), 'format'],
    ['conversationSchedule.schedules.0.scheduleList', schedule([{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM'] }]), 'min_items'],
    ['conversationSchedule.schedules.0.scheduleList', schedule([day('MONDAY', '5:00 PM', '8:00 AM')]), 'start_before_end'],
    ['conversationSchedule.schedules.0.scheduleList', schedule([day('MONDAY', '12:00 PM', '12:00 PM')]), 'start_before_end'],
    ['conversationSchedule.schedules.1.scheduleList', schedule([day('MONDAY', '9:00 AM', '1:00 PM'), day('MONDAY', '12:00 PM', '5:00 PM')]), 'overlap'],
  ])('rejects a bad schedule at %s (%s)', async (field, over, rule) => {
    const app = await withOwner();
    const res = await api(app).putWidget(widgetBody(over));
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field, rule });
  });

  it('lets disabled entries overlap and accepts IANA names such as Europe/Berlin and UTC', async () => {
    const app = await withOwner();
    for (const tz of ['Europe/Berlin', 'UTC', 'Asia/Kolkata']) {
      const res = await api(app).putWidget(widgetBody(schedule([day('MONDAY', '9:00 AM', '1:00 PM'), day('MONDAY', '12:00 PM', '5:00 PM', false)], tz)));
      expect(res.statusCode).toBe(201);
    }
  });
});

describe('GET, POST and DELETE /api/v1/widget.json', () => {
  it('gets a widget only with the owner email', async () => {
    const app = await withOwner();
    await api(app).putUser(userBody({ email: 'colleague@example.com' }));
    const { uuid } = (await api(app).putWidget(widgetBody())).json();
    expect((await api(app).getWidget(uuid, 'JIMBO@example.com')).statusCode).toBe(200);
    const wrong = await api(app).getWidget(uuid, 'colleague@example.com');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('owner_mismatch');
    expect((await api(app).getWidget('31a11b98-ffd2-425d-aa69-2c6ff8a40a16', 'jimbo@example.com')).statusCode).toBe(404);
  });

  it('updates what is given, keeps what is left out, and replaces the agents', async () => {
    const app = await withOwner();
    const created = (await api(app).putWidget(widgetBody(schedule([day('MONDAY', '8:00 AM', '5:00 PM')])))).json();
    const res = await api(app).postWidget({
      email: 'jimbo@example.com',
      uuid: created.uuid,
      name: 'Widget #1 - Sales Widget',
      agents: [agent({ agentId: 'a.new.agent@example.com', agentAlias: 'A New Agent' })],
      enableProactiveChat: 'false',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      uuid: created.uuid,
      name: 'Widget #1 - Sales Widget',
      destinationEmail: 'transcripts@example.com',
      agents: [{ agentId: 'wc:a.new.agent@example.com', agentAlias: 'A New Agent' }],
      enableProactiveChat: 'false',
      enableConversations: true,
      conversationSchedule: created.conversationSchedule,
    });
    expect((await api(app).getWidget(created.uuid, 'jimbo@example.com')).json()).toEqual(res.json());
  });

  it('requires uuid, email and agents on update', async () => {
    const app = await withOwner();
    const res = await api(app).postWidget({ email: 'jimbo@example.com' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['agents', 'uuid']);
  });

  it('deletes a widget with the owner email: 200, no payload, then 404', async () => {
    const app = await withOwner();
    const { uuid } = (await api(app).putWidget(widgetBody())).json();
    const res = await api(app).deleteWidget(uuid, 'jimbo@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect((await api(app).getWidget(uuid, 'jimbo@example.com')).statusCode).toBe(404);
  });

  it("deleting a user deletes the user's widgets", async () => {
    const app = await withOwner();
    const { uuid } = (await api(app).putWidget(widgetBody())).json();
    expect((await api(app).deleteUser('jimbo@example.com')).statusCode).toBe(200);
    expect(storedWidget(app, uuid)).toBeUndefined();
  });
});
