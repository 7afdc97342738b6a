import { describe, expect, it } from 'vitest';
import { buildTestApp, KEY } from '../helpers/build-test-app.js';

const jimbo = { email: 'Jimbo@Example.com', name: 'Jimbo Something', password: '12345', phone: '555-617-8980', accountType: 'enterprise' };

describe('PUT /api/v1/user.json', () => {
  it('creates a user, lower-cases the email and never returns the password', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ method: 'PUT', url: `/api/v1/user.json?api_key=${KEY}`, payload: jimbo });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ email: 'jimbo@example.com', name: 'Jimbo Something', phone: '555-617-8980', accountType: 'enterprise' });
    expect(res.body).not.toContain('12345');
  });
});
