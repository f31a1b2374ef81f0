import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation, createFunnel } from '../helpers/funnels.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
const names = (statuses: { name: string }[]) => statuses.map((status) => status.name);

describe('/api/v1/funnels', () => {
  it('creates a funnel with ordered statuses, gets, lists, updates and deletes it', async () => {
    const created = await request('POST', '/api/v1/funnels', {
      name: 'Sales',
      description: 'Inbound leads',
      statuses: [{ name: 'New' }, { name: 'Won' }],
    });
    expect(created.statusCode).toBe(200);
    const funnel = created.json();
    expect(funnel).toMatchObject({
      id: expect.any(Number),
      tenantId: expect.any(String),
      name: 'Sales',
      description: 'Inbound leads',
      statuses: [
        { id: expect.any(Number), funnelId: funnel.id, name: 'New', position: 0 },
        { funnelId: funnel.id, name: 'Won', position: 1 },
      ],
    });
    expect((await request('GET', `/api/v1/funnels/${funnel.id}`)).json()).toEqual(funnel);

    const updated = await request('PUT', `/api/v1/funnels/${funnel.id}`, {
      ...funnel,
      statuses: undefined,
      name: 'Inbound sales',
      description: null,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id: funnel.id, name: 'Inbound sales', description: null, statuses: funnel.statuses });

    const deleted = await request('DELETE', `/api/v1/funnels/${funnel.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().name).toBe('Inbound sales');
    expect((await request('GET', `/api/v1/funnels/${funnel.id}`)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/funnels/${funnel.id}/statuses`)).statusCode).toBe(404);
  });

  it('lists with filterBy, sortBy and pageToken', async () => {
    const { apiKey: key } = await app.newWorkspace('Lists');
    for (const name of ['Support', 'Onboarding', 'Renewals']) await createFunnel(app, key, name);
    const first = (await request('GET', '/api/v1/funnels?pageSize=2&sortBy=name=asc', undefined, key)).json();
    expect(first.totalCount).toBe(3);
    expect(names(first.items)).toEqual(['Onboarding', 'Renewals']);
    expect(first.items[0].statuses).toHaveLength(3);
    const second = (
      await request('GET', `/api/v1/funnels?pageSize=2&sortBy=name=asc&pageToken=${first.nextPageToken}`, undefined, key)
    ).json();
    expect(names(second.items)).toEqual(['Support']);
    expect(second.nextPageToken).toBeNull();
    expect(names((await request('GET', '/api/v1/funnels?filterBy=name:Support', undefined, key)).json().items)).toEqual(['Support']);
    expect(names((await request('GET', '/api/v1/funnels?searchBy=board', undefined, key)).json().items)).toEqual(['Onboarding']);
    expect((await request('GET', '/api/v1/funnels?filterBy=nope:1', undefined, key)).statusCode).toBe(400);
  });

  it.each([
    [{}, 'name'],
    [{ name: '  ' }, 'name'],
    [{ name: 'X', statuses: [{ name: 'A' }, { name: 'A' }] }, 'statuses[1].name'],
    [{ name: 'X', statuses: [{}] }, 'statuses[0].name'],
    [{ name: 'X', color: 'red' }, 'color'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await request('POST', '/api/v1/funnels', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });
});

describe('/api/v1/funnels/{id}/statuses', () => {
  it('inserts, moves, renames and deletes statuses, keeping positions dense', async () => {
    const funnel = await createFunnel(app, apiKey, 'Pipeline', ['A', 'B', 'C']);
    const url = `/api/v1/funnels/${funnel.id}/statuses`;
    const inserted = await request('POST', url, { name: 'A2', position: 1 });
    expect(inserted.statusCode).toBe(200);
    expect(inserted.json()).toMatchObject({ funnelId: funnel.id, name: 'A2', position: 1 });
    const appended = (await request('POST', url, { name: 'Z', position: 99 })).json();
    expect(appended.position).toBe(4);
    const list = async () => (await request('GET', url)).json();
    expect(names((await list()).items)).toEqual(['A', 'A2', 'B', 'C', 'Z']);
    expect((await list()).items.map((status: { position: number }) => status.position)).toEqual([0, 1, 2, 3, 4]);

    const moved = await request('PUT', `${url}/${appended.id}`, { position: 0, name: 'Zero' });
    expect(moved.json()).toMatchObject({ name: 'Zero', position: 0 });
    expect(names((await list()).items)).toEqual(['Zero', 'A', 'A2', 'B', 'C']);
    await request('PUT', `${url}/${appended.id}`, { position: 3 });
    expect(names((await list()).items)).toEqual(['A', 'A2', 'B', 'Zero', 'C']);

    const got = await request('GET', `${url}/${inserted.json().id}`);
    expect(got.json()).toMatchObject({ name: 'A2', position: 1 });
    const deleted = await request('DELETE', `${url}/${inserted.json().id}`);
    expect(deleted.statusCode).toBe(200);
    const after = (await list()).items;
    expect(names(after)).toEqual(['A', 'B', 'Zero', 'C']);
    expect(after.map((status: { position: number }) => status.position)).toEqual([0, 1, 2, 3]);
    expect((await request('GET', `${url}/${inserted.json().id}`)).statusCode).toBe(404);
  });

  it('refuses duplicate names (409), a body funnelId other than the path (400) and bad positions (400)', async () => {
    const funnel = await createFunnel(app, apiKey, 'Names', ['Open', 'Closed']);
    const url = `/api/v1/funnels/${funnel.id}/statuses`;
    const duplicate = await request('POST', url, { name: 'Open' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 409, error: 'CONFLICT', details: { field: 'name' } });
    expect((await request('PUT', `${url}/${funnel.statuses[1]!.id}`, { name: 'Open' })).statusCode).toBe(409);
    const moved = await request('POST', url, { name: 'Elsewhere', funnelId: funnel.id + 1000 });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().message).toContain('funnelId');
    const negative = await request('POST', url, { name: 'Neg', position: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().message).toContain('position');
    expect((await request('GET', `/api/v1/funnels/${funnel.id}/statuses/abc`)).statusCode).toBe(400);
    const otherFunnel = await createFunnel(app, apiKey, 'Another', ['X']);
    expect((await request('GET', `/api/v1/funnels/${otherFunnel.id}/statuses/${funnel.statuses[0]!.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a status or a funnel that conversations are in (409)', async () => {
    const funnel = await createFunnel(app, apiKey, 'Busy', ['New', 'Won']);
    const conversation = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56911112222'] } });
    expect(conversation.funnelStatusId).toBe(funnel.statuses[0]!.id);
    const status = await request('DELETE', `/api/v1/funnels/${funnel.id}/statuses/${funnel.statuses[0]!.id}`);
    expect(status.statusCode).toBe(409);
    expect(status.json()).toMatchObject({ error: 'CONFLICT', details: { conversations: 1 } });
    const whole = await request('DELETE', `/api/v1/funnels/${funnel.id}`);
    expect(whole.statusCode).toBe(409);
    expect(whole.json().details).toMatchObject({ conversations: 1 });
    expect((await request('DELETE', `/api/v1/funnels/${funnel.id}/statuses/${funnel.statuses[1]!.id}`)).statusCode).toBe(200);
    await request('DELETE', `/api/v1/conversations/${conversation.id}`);
    expect((await request('DELETE', `/api/v1/funnels/${funnel.id}`)).statusCode).toBe(200);
  });
});

describe("another workspace's key", () => {
  it('sees none of the funnels or statuses, and changes nothing', async () => {
    const funnel = await createFunnel(app, apiKey, 'Private funnel', ['Secret stage']);
    const statusUrl = `/api/v1/funnels/${funnel.id}/statuses/${funnel.statuses[0]!.id}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/funnels/${funnel.id}`],
      ['PUT', `/api/v1/funnels/${funnel.id}`, { name: 'Hacked' }],
      ['DELETE', `/api/v1/funnels/${funnel.id}`],
      ['GET', `/api/v1/funnels/${funnel.id}/statuses`],
      ['POST', `/api/v1/funnels/${funnel.id}/statuses`, { name: 'Injected' }],
      ['GET', statusUrl],
      ['PUT', statusUrl, { name: 'Hacked' }],
      ['DELETE', statusUrl],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await request(method as 'GET', url, payload, otherKey);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.body).not.toContain('Private funnel');
      expect(response.body).not.toContain('Secret stage');
    }
    expect((await request('GET', '/api/v1/funnels', undefined, otherKey)).json()).toMatchObject({ items: [], totalCount: 0 });
    const intact = (await request('GET', `/api/v1/funnels/${funnel.id}`)).json();
    expect(intact).toMatchObject({ name: 'Private funnel', statuses: [{ name: 'Secret stage' }] });
  });

  it('requires an API key', async () => {
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/funnels' })).statusCode).toBe(401);
  });
});
