import { describe, expect, it } from 'vitest';
import { storeOf } from '../../src/app.js';
import { verifyPassword } from '../../src/provisioning/password.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { api, firstDetail, userBody } from '../helpers/provisioning.js';
import { storedUser } from '../helpers/store.js';

describe('PUT /api/v1/user.json (create)', () => {
  it('creates a user, lower-cases the email and never returns the password', async () => {
    const { app } = await buildTestApp();
    const res = await api(app).putUser(userBody({ email: 'Jimbo@Example.com' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ email: 'jimbo@example.com', name: 'Jimbo Something', phone: '555-617-8980', accountType: 'enterprise' });
    expect(res.body).not.toContain('12345');
  });

  it('stores the password as a salted keyed hash that verifies', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    await api(app).putUser(userBody({ email: 'twin@example.com' }));
    const stored = storedUser(app, 'jimbo@example.com')!;
    expect(stored.passwordHash).toMatch(/^hmac-sha256\$[\w+/]+=*\$[\w+/]+=*$/);
    expect(stored.passwordHash).not.toContain('12345');
    expect(await verifyPassword('12345', stored.passwordHash)).toBe(true);
    expect(await verifyPassword('54321', stored.passwordHash)).toBe(false);
    // Same password, another salt: the store does not even show that two users share a password.
    expect(storedUser(app, 'twin@example.com')!.passwordHash).not.toBe(stored.passwordHash);
  });

  it('keeps the scrypt hash a store written by an earlier version holds, and it still verifies', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    // What earlier versions stored for '12345' (scrypt, N=1024, r=8, p=1).
    const earlier = 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$UNwpgjcoP2HQQTla8ghdBiEZjviAoUoTuELRMba0ClU=';
    storeOf(app).prepare('UPDATE users SET password_hash = ? WHERE email = ?').run(earlier, 'jimbo@example.com');
    expect((await api(app).postUser({ email: 'jimbo@example.com', name: 'Renamed' })).statusCode).toBe(200);
    const stored = storedUser(app, 'jimbo@example.com')!;
    expect(stored.passwordHash).toBe(earlier);
    expect(await verifyPassword('12345', stored.passwordHash)).toBe(true);
    expect(await verifyPassword('54321', stored.passwordHash)).toBe(false);
  });

  it.each(['trial', 'biz', 'entr', 'prem', 'enterprise'])('accepts accountType %s', async (accountType) => {
    const { app } = await buildTestApp();
    const res = await api(app).putUser(userBody({ accountType }));
    expect(res.statusCode).toBe(201);
    expect(res.json().accountType).toBe(accountType);
  });

  it.each([
    ['accountType', { accountType: 'Enterprise' }, 'enum'],
    ['accountType', { accountType: 'stp' }, 'enum'],
    ['email', { email: 'not-an-email' }, 'email'],
    ['email', { email: `${'a'.repeat(88)}@example.com` }, 'max_length'],
    ['name', { name: 'n'.repeat(100) }, 'max_length'],
    ['name', { name: '' }, 'min_length'],
    ['password', { password: '1234' }, 'min_length'],
    ['password', { password: 'p'.repeat(100) }, 'max_length'],
    ['phone', { phone: 'call me' }, 'format'],
    ['name', { name: 42 }, 'type'],
    ['color', { color: 'red' }, 'unknown_field'],
  ])('rejects a bad %s (%j) with rule %s', async (field, over, rule) => {
    const { app } = await buildTestApp();
    const res = await api(app).putUser(userBody(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(firstDetail(res.body)).toMatchObject({ field, rule });
  });

  it('accepts the boundaries: 99-character name and email, 5 and 99-character passwords', async () => {
    const { app } = await buildTestApp();
    const email = `${'a'.repeat(87)}@example.com`;
    expect(email).toHaveLength(99);
    expect((await api(app).putUser(userBody({ email, name: 'n'.repeat(99), password: '12345' }))).statusCode).toBe(201);
    expect((await api(app).putUser(userBody({ email: 'b@example.com', password: 'p'.repeat(99) }))).statusCode).toBe(201);
  });

  it.each(['email', 'name', 'password'])('requires %s', async (field) => {
    const { app } = await buildTestApp();
    const body: Record<string, unknown> = userBody();
    delete body[field];
    const res = await api(app).putUser(body);
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field, rule: 'required' });
  });

  it('requires accountType unless templateId is given', async () => {
    const { app } = await buildTestApp();
    const { accountType: _, ...body } = userBody();
    const res = await api(app).putUser(body);
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field: 'accountType', rule: 'required' });
  });

  it("creates from a template: the template's accountType wins over the one given", async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody({ email: 'template@example.com', accountType: 'prem' }));
    const res = await api(app).putUser(userBody({ email: 'new@example.com', accountType: 'trial', templateId: 'Template@example.com' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().accountType).toBe('prem');
  });

  it('rejects an unknown template', async () => {
    const { app } = await buildTestApp();
    const res = await api(app).putUser(userBody({ templateId: 'nobody@example.com' }));
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field: 'templateId', rule: 'exists' });
  });

  it('answers 409 for an email that exists, whatever its case', async () => {
    const { app } = await buildTestApp();
    expect((await api(app).putUser(userBody())).statusCode).toBe(201);
    const res = await api(app).putUser(userBody({ email: 'JIMBO@example.com', name: 'Other' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'user_exists', details: [{ field: 'email', rule: 'unique' }] });
  });

  it('stores no phone as null', async () => {
    const { app } = await buildTestApp();
    const { phone: _, ...body } = userBody();
    expect((await api(app).putUser(body)).json().phone).toBeNull();
  });
});

describe('GET /api/v1/user.json', () => {
  it('returns the account, finding it by email in any case', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    const res = await api(app).getUser('JIMBO@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'jimbo@example.com', name: 'Jimbo Something', phone: '555-617-8980', accountType: 'enterprise' });
  });

  it('answers 404 for an unknown user and 400 without an email', async () => {
    const { app } = await buildTestApp();
    expect((await api(app).getUser('nobody@example.com')).json().error.code).toBe('user_not_found');
    const res = await app.inject({ method: 'GET', url: '/api/v1/user.json?api_key=test-key-a' });
    expect(res.statusCode).toBe(400);
    expect(firstDetail(res.body)).toMatchObject({ field: 'email', rule: 'required' });
  });
});

describe('POST /api/v1/user.json (update)', () => {
  it('updates the given fields and keeps the others', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    const res = await api(app).postUser({ email: 'jimbo@example.com', name: 'Jimbo Renamed', accountType: 'prem' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'jimbo@example.com', name: 'Jimbo Renamed', phone: '555-617-8980', accountType: 'prem' });
    expect((await api(app).getUser('jimbo@example.com')).json().name).toBe('Jimbo Renamed');
  });

  it('changes the password when one is given', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    await api(app).postUser({ email: 'jimbo@example.com', name: 'Jimbo', password: 'new-secret' });
    const stored = storedUser(app, 'jimbo@example.com')!;
    expect(await verifyPassword('new-secret', stored.passwordHash)).toBe(true);
  });

  it('requires name, as documented, and refuses templateId', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    expect(firstDetail((await api(app).postUser({ email: 'jimbo@example.com' })).body)).toMatchObject({ field: 'name', rule: 'required' });
    const res = await api(app).postUser({ email: 'jimbo@example.com', name: 'J', templateId: 'x@example.com' });
    expect(firstDetail(res.body)).toMatchObject({ field: 'templateId', rule: 'unknown_field' });
  });

  it('answers 404 for an unknown user', async () => {
    const { app } = await buildTestApp();
    const res = await api(app).postUser({ email: 'nobody@example.com', name: 'Nobody' });
    expect(res.statusCode).toBe(404);
  });
});

describe('DELETE /api/v1/user.json', () => {
  it('deletes with 200 and no payload; the user is gone', async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    const res = await api(app).deleteUser('Jimbo@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect((await api(app).getUser('jimbo@example.com')).statusCode).toBe(404);
    expect((await api(app).deleteUser('jimbo@example.com')).statusCode).toBe(404);
  });

  it("refuses a widget's uuid instead of deleting the user (the document's heading quirk)", async () => {
    const { app } = await buildTestApp();
    await api(app).putUser(userBody());
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/v1/user.json?api_key=test-key-a&uuid=31a11b98-ffd2-425d-aa69-2c6ff8a40a16&email=jimbo@example.com',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('wrong_path');
    expect(res.json().error.message).toContain('/api/v1/widget.json');
    expect((await api(app).getUser('jimbo@example.com')).statusCode).toBe(200);
  });
});
