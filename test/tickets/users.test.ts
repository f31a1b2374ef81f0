import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const request = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

describe('/api/v1/users', () => {
  it('creates, reads, lists, updates, deactivates and reactivates a team member', async () => {
    const created = await request('POST', '/api/v1/users', { email: 'Ana@Example.com', name: 'Ana Souza' });
    expect(created.statusCode).toBe(200);
    const ana = created.json();
    expect(ana).toMatchObject({ email: 'ana@example.com', name: 'Ana Souza', role: 'agent', active: true });
    expect(ana.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request('GET', `/api/v1/users/${ana.id}`)).json()).toEqual(ana);

    const bruno = (await request('POST', '/api/v1/users', { email: 'bruno@example.com', name: 'Bruno', role: 'admin' })).json();
    const list = (await request('GET', '/api/v1/users?limit=1')).json();
    expect(list).toMatchObject({ totalCount: 2, items: [{ id: ana.id }] });
    const next = (await request('GET', `/api/v1/users?limit=1&pageToken=${list.nextPageToken}`)).json();
    expect(next).toMatchObject({ nextPageToken: null, items: [{ id: bruno.id }] });
    expect((await request('GET', '/api/v1/users?role=admin')).json().items.map((user: any) => user.id)).toEqual([bruno.id]);
    expect((await request('GET', '/api/v1/users?email=ANA@example.com')).json().items.map((user: any) => user.id)).toEqual([ana.id]);

    const updated = (await request('PUT', `/api/v1/users/${ana.id}`, { name: 'Ana S.', role: 'admin' })).json();
    expect(updated).toMatchObject({ name: 'Ana S.', role: 'admin', email: 'ana@example.com' });

    const deactivated = (await request('POST', `/api/v1/users/${ana.id}/deactivate`)).json();
    expect(deactivated.active).toBe(false);
    expect((await request('GET', '/api/v1/users?active=true')).json().items.map((user: any) => user.id)).toEqual([bruno.id]);
    expect((await request('POST', `/api/v1/users/${ana.id}/activate`)).json().active).toBe(true);
  });

  it('refuses a taken email with 409 and bad input with 400 naming the field', async () => {
    await request('POST', '/api/v1/users', { email: 'carla@example.com', name: 'Carla' });
    const taken = await request('POST', '/api/v1/users', { email: 'CARLA@example.com', name: 'Other Carla' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 409, error: 'CONFLICT', details: { field: 'email' } });

    const badEmail = await request('POST', '/api/v1/users', { email: 'not-an-email', name: 'X' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().details.field).toBe('email');
    const badRole = await request('POST', '/api/v1/users', { email: 'x@example.com', name: 'X', role: 'owner' });
    expect(badRole.json().details.field).toBe('role');
    const unknownField = await request('POST', '/api/v1/users', { email: 'y@example.com', name: 'Y', password: 'secret' });
    expect(unknownField.statusCode).toBe(400);
    expect((await request('GET', '/api/v1/users/abc')).json().details.field).toBe('id');
    expect((await request('GET', '/api/v1/users?pageToken=garbage')).json().details.field).toBe('pageToken');

    const dina = (await request('POST', '/api/v1/users', { email: 'dina@example.com', name: 'Dina' })).json();
    const clash = await request('PUT', `/api/v1/users/${dina.id}`, { email: 'carla@example.com' });
    expect(clash.statusCode).toBe(409);
  });

  it('answers 404 for unknown users and for another workspace’s', async () => {
    const ana = (await request('POST', '/api/v1/users', { email: 'eva@example.com', name: 'Eva' })).json();
    expect((await request('GET', '/api/v1/users/999999')).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/users/${ana.id}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('PUT', `/api/v1/users/${ana.id}`, { name: 'Mallory' }, otherKey)).statusCode).toBe(404);
    expect((await request('POST', `/api/v1/users/${ana.id}/deactivate`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('GET', '/api/v1/users', undefined, otherKey)).json().totalCount).toBe(0);
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
  });
});
