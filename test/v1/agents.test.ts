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

const request = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

describe.each(['agents', 'squads'])('/api/v1/%s', (resource) => {
  it('creates version 1, and every change makes a new version with its own uuid', async () => {
    const created = await request('POST', `/api/v1/${resource}`, { name: 'Sales', picture: 'https://cdn.example.com/a.png' });
    expect(created.statusCode).toBe(200);
    const first = created.json();
    expect(first).toMatchObject({
      id: expect.any(Number),
      uuid: expect.any(String),
      name: 'Sales',
      picture: 'https://cdn.example.com/a.png',
      version: 1,
    });

    const renamed = (await request('PUT', `/api/v1/${resource}/${first.id}`, { name: 'Sales team' })).json();
    expect(renamed).toMatchObject({ version: 2, name: 'Sales team', picture: 'https://cdn.example.com/a.png' });
    expect(renamed.versionId).not.toBe(first.versionId);

    const unchanged = (await request('PATCH', `/api/v1/${resource}/${first.uuid}`, { name: 'Sales team' })).json();
    expect(unchanged.version).toBe(2);
    const cleared = (await request('PATCH', `/api/v1/${resource}/${first.uuid}`, { picture: null })).json();
    expect(cleared).toMatchObject({ version: 3, picture: null });

    const versions = (await request('GET', `/api/v1/${resource}/${first.id}/versions`)).json();
    expect(versions.items.map((version: { version: number }) => version.version)).toEqual([3, 2, 1]);
    expect(versions.items[0].id).toBe(cleared.versionId);
    expect(versions.items[2]).toMatchObject({ id: first.versionId, name: 'Sales' });

    expect((await request('GET', `/api/v1/${resource}/${first.uuid}`)).json()).toEqual(cleared);
  });

  it('lists live ones in a stable order and hides deleted ones', async () => {
    const a = (await request('POST', `/api/v1/${resource}`, { name: 'Alpha' })).json();
    const b = (await request('POST', `/api/v1/${resource}`, { name: 'Beta' })).json();
    const deleted = await request('DELETE', `/api/v1/${resource}/${a.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(a.id);
    expect((await request('GET', `/api/v1/${resource}/${a.id}`)).statusCode).toBe(404);
    const list = (await request('GET', `/api/v1/${resource}?sortBy=name=asc&pageSize=100`)).json();
    const names = list.items.map((item: { name: string }) => item.name);
    expect(names).toContain('Beta');
    expect(names).not.toContain('Alpha');
    expect(names).toEqual([...names].sort());
    expect((await request('GET', `/api/v1/${resource}?filterBy=name:Beta`)).json().items.map((item: { id: number }) => item.id)).toEqual([
      b.id,
    ]);
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x', picture: 'not a url' }, 'picture'],
    [{ name: 'x', extra: 1 }, 'extra'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await request('POST', `/api/v1/${resource}`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const bad = await request('GET', `/api/v1/${resource}/not-an-id`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id');
    expect((await request('GET', `/api/v1/${resource}/99999`)).statusCode).toBe(404);
    expect((await request('PUT', `/api/v1/${resource}/3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c`, { name: 'x' })).statusCode).toBe(404);
  });

  it("never shows or changes another workspace's", async () => {
    const mine = (await request('POST', `/api/v1/${resource}`, { name: 'Private' })).json();
    for (const [method, url, payload] of [
      ['GET', `/api/v1/${resource}/${mine.id}`],
      ['GET', `/api/v1/${resource}/${mine.uuid}/versions`],
      ['PUT', `/api/v1/${resource}/${mine.uuid}`, { name: 'Hacked' }],
      ['DELETE', `/api/v1/${resource}/${mine.id}`],
    ] as const) {
      const response = await request(method, url, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private');
    }
    expect((await request('GET', `/api/v1/${resource}`, undefined, otherKey)).json()).toMatchObject({ items: [], totalCount: 0 });
    expect((await request('GET', `/api/v1/${resource}/${mine.id}`)).json().name).toBe('Private');
  });
});

it('keeps agents and squads apart', async () => {
  const agent = (await request('POST', '/api/v1/agents', { name: 'Only an agent' })).json();
  expect((await request('GET', `/api/v1/squads/${agent.uuid}`)).statusCode).toBe(404);
});

it('answers 401 without a key', async () => {
  const response = await app.server.inject({ method: 'GET', url: '/api/v1/agents' });
  expect(response.statusCode).toBe(401);
  expect(response.json()).toMatchObject({ code: 401, error: 'UNAUTHENTICATED' });
});
