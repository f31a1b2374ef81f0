import { beforeAll, describe, expect, it } from 'vitest';
import { createOwner } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await buildTestApp({ RATE_LIMIT_MAX: 4, RATE_LIMIT_SEARCH_MAX: 4, RATE_LIMIT_WINDOW_SECONDS: 60 });
});

describe('idempotency and rate limits on the chats and support surfaces', () => {
  it('replays an idempotent chat creation instead of creating a second chat', async () => {
    const { apiKey } = await app.newWorkspace();
    const owner = await createOwner(app, apiKey, { firstName: 'Jane' });
    const headers = { ...auth(apiKey), 'idempotency-key': 'chat-once' };
    const first = await app.server.inject({
      method: 'POST',
      url: '/api/v1/chats',
      headers,
      payload: { channelId: null, ownerId: owner.uuid, title: 'Once' },
    });
    expect(first.statusCode).toBe(200);
    const again = await app.server.inject({
      method: 'POST',
      url: '/api/v1/chats',
      headers,
      payload: { channelId: null, ownerId: owner.uuid, title: 'Once' },
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const conflict = await app.server.inject({
      method: 'POST',
      url: '/api/v1/chats',
      headers,
      payload: { channelId: null, ownerId: owner.uuid, title: 'Other' },
    });
    expect(conflict.statusCode).toBe(422);
    expect(Object.keys(conflict.json()).sort()).toEqual(['code', 'message']);
  });

  it('limits the chats surface in its {code, message} shape', async () => {
    const { apiKey } = await app.newWorkspace();
    for (let index = 0; index < 4; index += 1) {
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/chats', headers: auth(apiKey) })).statusCode).toBe(200);
    }
    const limited = await app.server.inject({ method: 'GET', url: '/api/v1/chats', headers: auth(apiKey) });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('limits the support surface in its {success, error} envelope', async () => {
    const { apiKey } = await app.newWorkspace();
    const url = '/api/agents/customerSupport/conversations?site_id=00000000-0000-4000-8000-000000000000';
    for (let index = 0; index < 4; index += 1) {
      expect((await app.server.inject({ method: 'GET', url, headers: auth(apiKey) })).statusCode).toBeLessThan(429);
    }
    const limited = await app.server.inject({ method: 'GET', url, headers: auth(apiKey) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
  });
});
