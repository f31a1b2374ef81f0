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

const URL = 'http://127.0.0.1:9/hooks';
const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });

async function createWebhook(payload: Record<string, unknown> = {}) {
  const response = await request('POST', '/api/v1/webhooks', { url: URL, eventTypes: ['contact.*'], ...payload });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('POST /api/v1/webhooks', () => {
  it('creates a webhook and shows its secret only then', async () => {
    const created = await createWebhook({ description: 'CRM sync', eventTypes: ['contact.*', '*.deleted', 'contact.*'] });
    expect(created).toMatchObject({
      id: expect.any(Number),
      url: URL,
      description: 'CRM sync',
      eventTypes: ['contact.*', '*.deleted'],
      enabled: true,
      disabledAt: null,
      consecutiveFailures: 0,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const fetched = await request('GET', `/api/v1/webhooks/${created.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).not.toHaveProperty('secret');
    expect(JSON.stringify((await request('GET', '/api/v1/webhooks')).json())).not.toContain(created.secret);
  });

  it.each([
    [{ eventTypes: ['contact.*'] }, 'url'],
    [{ url: URL }, 'eventTypes'],
    [{ url: 'not a url', eventTypes: ['*'] }, 'url'],
    [{ url: 'ftp://example.com/x', eventTypes: ['*'] }, 'url'],
    [{ url: URL, eventTypes: [] }, 'eventTypes'],
    [{ url: URL, eventTypes: ['Contact Created'] }, 'eventTypes[0]'],
    [{ url: URL, eventTypes: ['contact.created', 'contact..x'] }, 'eventTypes[1]'],
    [{ url: URL, eventTypes: ['*'], secret: 'mine' }, 'secret'],
    [{ url: URL, eventTypes: ['*'], enabled: 'yes' }, 'enabled'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await request('POST', '/api/v1/webhooks', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('is 401 without an API key', async () => {
    const response = await app.server.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url: URL, eventTypes: ['*'] } });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/v1/webhooks', () => {
  it("lists the workspace's webhooks, filtered and paged", async () => {
    const { apiKey: key } = await app.newWorkspace('Lists');
    for (const description of ['a', 'b', 'c']) {
      expect((await request('POST', '/api/v1/webhooks', { url: URL, eventTypes: ['*'], description }, key)).statusCode).toBe(200);
    }
    const first = (await request('GET', '/api/v1/webhooks?pageSize=2', undefined, key)).json();
    expect(first.items.map((item: { description: string }) => item.description)).toEqual(['a', 'b']);
    expect(first.totalCount).toBe(3);
    const second = (await request('GET', `/api/v1/webhooks?pageSize=2&pageToken=${first.nextPageToken}`, undefined, key)).json();
    expect(second.items.map((item: { description: string }) => item.description)).toEqual(['c']);
    expect(second.nextPageToken).toBeNull();
    const filtered = (await request('GET', '/api/v1/webhooks?filterBy=description:b', undefined, key)).json();
    expect(filtered.items).toHaveLength(1);
    expect((await request('GET', '/api/v1/webhooks?filterBy=secret:x', undefined, key)).statusCode).toBe(400);
  });

  it("shows nothing of another workspace's webhooks", async () => {
    await createWebhook();
    const { apiKey: emptyKey } = await app.newWorkspace('Empty');
    const response = await request('GET', '/api/v1/webhooks', undefined, emptyKey);
    expect(response.json()).toEqual({ items: [], nextPageToken: null, totalCount: 0 });
  });
});

describe('PUT /api/v1/webhooks/{id}', () => {
  it('changes only the fields sent', async () => {
    const created = await createWebhook({ description: 'before' });
    const response = await request('PUT', `/api/v1/webhooks/${created.id}`, { eventTypes: ['task.created'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ eventTypes: ['task.created'], description: 'before', url: URL });
  });

  it('disables and enables, clearing the failure record', async () => {
    const created = await createWebhook();
    const disabled = (await request('PUT', `/api/v1/webhooks/${created.id}`, { enabled: false })).json();
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'Disabled through the API', disabledAt: expect.any(String) });
    const enabled = (await request('PUT', `/api/v1/webhooks/${created.id}`, { enabled: true })).json();
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null });
  });

  it.each([
    [{ url: 'mailto:x@example.com' }, 'url'],
    [{ eventTypes: ['a b'] }, 'eventTypes[0]'],
    [{ id: 5 }, 'id'],
  ])('rejects %j naming %s', async (payload, field) => {
    const created = await createWebhook();
    const response = await request('PUT', `/api/v1/webhooks/${created.id}`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });

  it('is 404 for an unknown id and a bad id is a 400', async () => {
    expect((await request('PUT', '/api/v1/webhooks/999999', { enabled: true })).statusCode).toBe(404);
    const bad = await request('PUT', '/api/v1/webhooks/abc', { enabled: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id');
  });
});

describe('POST /api/v1/webhooks/{id}/rotate-secret', () => {
  it('returns a new secret once', async () => {
    const created = await createWebhook();
    const rotated = await request('POST', `/api/v1/webhooks/${created.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(created.secret);
  });
});

describe('DELETE /api/v1/webhooks/{id}', () => {
  it('deletes and returns the webhook', async () => {
    const created = await createWebhook();
    const deleted = await request('DELETE', `/api/v1/webhooks/${created.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id: created.id, url: URL });
    expect((await request('GET', `/api/v1/webhooks/${created.id}`)).statusCode).toBe(404);
    expect((await request('DELETE', `/api/v1/webhooks/${created.id}`)).statusCode).toBe(404);
  });
});

describe("another workspace's webhook", () => {
  it('is 404 on every route', async () => {
    const created = await createWebhook();
    const base = `/api/v1/webhooks/${created.id}`;
    for (const [method, url, payload] of [
      ['GET', base],
      ['PUT', base, { enabled: false }],
      ['POST', `${base}/rotate-secret`],
      ['DELETE', base],
      ['GET', `${base}/deliveries`],
      ['GET', `${base}/deliveries/1`],
      ['POST', `${base}/deliveries/1/replay`],
    ] as const) {
      const response = await request(method, url, payload, otherKey);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
    }
    expect((await request('GET', base)).json().enabled).toBe(true);
  });
});
