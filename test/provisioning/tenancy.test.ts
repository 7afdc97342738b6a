import { describe, expect, it } from 'vitest';
import { buildTestApp, OTHER_KEY } from '../helpers/build-test-app.js';
import { api, userBody, widgetBody } from '../helpers/provisioning.js';

async function twoPartners() {
  const { app } = await buildTestApp();
  const a = api(app);
  const b = api(app, OTHER_KEY);
  expect((await a.putUser(userBody())).statusCode).toBe(201);
  const widget = (await a.putWidget(widgetBody())).json();
  return { app, a, b, widget };
}

describe('partners (api keys) are tenants', () => {
  it('another key only learns that a user exists', async () => {
    const { b } = await twoPartners();
    const res = await b.getUser('jimbo@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'jimbo@example.com' });
    expect((await b.getUser('nobody@example.com')).statusCode).toBe(404);
  });

  it('another key cannot update or delete the user', async () => {
    const { a, b } = await twoPartners();
    const post = await b.postUser({ email: 'jimbo@example.com', name: 'Hijacked' });
    expect(post.statusCode).toBe(403);
    expect(post.json().error.code).toBe('other_partner');
    expect((await b.deleteUser('jimbo@example.com')).statusCode).toBe(403);
    expect((await a.getUser('jimbo@example.com')).json().name).toBe('Jimbo Something');
  });

  it('emails are unique across keys: another key cannot create the same login', async () => {
    const { b } = await twoPartners();
    expect((await b.putUser(userBody())).statusCode).toBe(409);
  });

  it("another key cannot use the user as a template or a widget owner", async () => {
    const { b } = await twoPartners();
    expect((await b.putUser(userBody({ email: 'b@example.com', templateId: 'jimbo@example.com' }))).statusCode).toBe(400);
    expect((await b.putWidget(widgetBody())).statusCode).toBe(403);
  });

  it("another key sees the widget as missing, for every widget operation", async () => {
    const { a, b, widget } = await twoPartners();
    const { uuid } = widget;
    const results = [
      await b.getWidget(uuid, 'jimbo@example.com'),
      await b.postWidget({ ...widgetBody(), uuid }),
      await b.deleteWidget(uuid, 'jimbo@example.com'),
    ];
    for (const res of results) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Widget #1');
    }
    expect((await a.getWidget(uuid, 'jimbo@example.com')).statusCode).toBe(200);
  });
});
