import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp({ SECRETS_KEY: 'a-test-secrets-key-of-some-length' });
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

let phoneNumberIdSequence = 100200300;
const whatsappSettings = (overrides: Record<string, unknown> = {}) => ({
  phoneNumber: '+1 415 555 2671',
  phoneNumberId: String(phoneNumberIdSequence++),
  businessAccountId: '102290129340398',
  accessToken: 'EAAG-secret-token',
  appSecret: 'app-secret-value',
  verifyToken: 'verify-token-value',
  ...overrides,
});

describe('/api/v1/channels', () => {
  it('creates a WhatsApp channel, normalizes its number and never returns its secrets', async () => {
    const response = await request('POST', '/api/v1/channels', {
      type: 'whatsapp',
      name: 'Support',
      settings: whatsappSettings({ phoneNumber: '+1 (415) 555-0001' }),
    });
    expect(response.statusCode).toBe(200);
    const channel = response.json();
    expect(channel).toMatchObject({
      id: expect.any(Number),
      uuid: expect.any(String),
      type: 'whatsapp',
      name: 'Support',
      settings: { phoneNumber: '+14155550001', businessAccountId: '102290129340398' },
      secretsSet: ['accessToken', 'appSecret', 'verifyToken'],
      responderId: null,
    });
    for (const secret of ['EAAG-secret-token', 'app-secret-value', 'verify-token-value']) {
      expect(response.body).not.toContain(secret);
      expect((await request('GET', `/api/v1/channels/${channel.id}`)).body).not.toContain(secret);
      expect((await request('GET', '/api/v1/channels')).body).not.toContain(secret);
    }
    // Sealed at rest with SECRETS_KEY.
    const stored = await app.database.pool.query('SELECT secrets::text AS secrets FROM channels WHERE uuid = $1', [channel.uuid]);
    expect(stored.rows[0].secrets).not.toContain('EAAG-secret-token');
    expect(stored.rows[0].secrets).toContain('enc:v1:');
  });

  it('creates other types with free settings, and updates by merging settings', async () => {
    const agent = (await request('POST', '/api/v1/agents', { name: 'Widget bot' })).json();
    const created = (
      await request('POST', '/api/v1/channels', {
        type: 'widget',
        name: 'Website',
        settings: { color: 'blue', apiKey: 'k-123' },
        responderId: agent.uuid,
      })
    ).json();
    expect(created).toMatchObject({ settings: { color: 'blue' }, secretsSet: ['apiKey'], responderId: agent.uuid });
    const updated = await request('PATCH', `/api/v1/channels/${created.uuid}`, {
      name: 'Site',
      settings: { color: null, position: 'left' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Site', settings: { position: 'left' }, secretsSet: ['apiKey'] });
    expect(updated.json().settings).not.toHaveProperty('color');
    const cleared = (await request('PUT', `/api/v1/channels/${created.id}`, { responderId: null, settings: { apiKey: null } })).json();
    expect(cleared).toMatchObject({ responderId: null, secretsSet: [] });
  });

  it('lists live channels, filters by type, and soft-deletes', async () => {
    const api = (await request('POST', '/api/v1/channels', { type: 'api', name: 'Integration' })).json();
    const list = (await request('GET', '/api/v1/channels?filterBy=type:api')).json();
    expect(list.items.map((channel: { uuid: string }) => channel.uuid)).toContain(api.uuid);
    expect(list.items.every((channel: { type: string }) => channel.type === 'api')).toBe(true);
    const removed = await request('DELETE', `/api/v1/channels/${api.id}`);
    expect(removed.statusCode).toBe(200);
    expect((await request('GET', `/api/v1/channels/${api.id}`)).statusCode).toBe(404);
    expect(
      (await request('GET', '/api/v1/channels?filterBy=type:api')).json().items.map((channel: { uuid: string }) => channel.uuid),
    ).not.toContain(api.uuid);
  });

  it('refuses a second live channel on the same WhatsApp phone number id, in any workspace, until the first is removed', async () => {
    const settings = whatsappSettings({ phoneNumber: '+14155550002' });
    const first = (await request('POST', '/api/v1/channels', { type: 'whatsapp', name: 'One', settings })).json();
    const clash = await request(
      'POST',
      '/api/v1/channels',
      { type: 'whatsapp', name: 'Two', settings: { ...settings, phoneNumber: '+14155550003' } },
      otherKey,
    );
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 409, error: 'CONFLICT', details: { field: 'settings.phoneNumberId' } });
    const sameNumber = await request('POST', '/api/v1/channels', {
      type: 'whatsapp',
      name: 'Three',
      settings: whatsappSettings({ phoneNumber: '+14155550002' }),
    });
    expect(sameNumber.statusCode).toBe(409);
    expect(sameNumber.json().message).toContain('settings.phoneNumber');
    await request('DELETE', `/api/v1/channels/${first.id}`);
    expect(
      (
        await request(
          'POST',
          '/api/v1/channels',
          { type: 'whatsapp', name: 'Two', settings: { ...settings, phoneNumber: '+14155550003' } },
          otherKey,
        )
      ).statusCode,
    ).toBe(200);
  });

  it.each([
    [{ type: 'fax', name: 'x' }, 'type'],
    [{ type: 'api' }, 'name'],
    [{ type: 'whatsapp', name: 'x', settings: {} }, 'settings.phoneNumberId'],
    [{ type: 'whatsapp', name: 'x', settings: whatsappSettings({ phoneNumberId: 'abc' }) }, 'settings.phoneNumberId'],
    [{ type: 'whatsapp', name: 'x', settings: whatsappSettings({ phoneNumber: '12' }) }, 'settings.phoneNumber'],
    [{ type: 'whatsapp', name: 'x', settings: whatsappSettings({ accessToken: undefined }) }, 'settings.accessToken'],
    [{ type: 'whatsapp', name: 'x', settings: whatsappSettings({ appSecret: 5 }) }, 'settings.appSecret'],
    [{ type: 'api', name: 'x', responderId: '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c' }, 'responderId'],
    [{ type: 'api', name: 'x', unknown: true }, 'unknown'],
  ])('rejects %j naming %s, storing nothing', async (payload, field) => {
    const before = (await request('GET', '/api/v1/channels')).json().totalCount;
    const response = await request('POST', '/api/v1/channels', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
    expect((await request('GET', '/api/v1/channels')).json().totalCount).toBe(before);
  });

  it('refuses to change the type or to drop a required WhatsApp secret', async () => {
    const channel = (
      await request('POST', '/api/v1/channels', {
        type: 'whatsapp',
        name: 'Fixed',
        settings: whatsappSettings({ phoneNumber: '+14155550004' }),
      })
    ).json();
    const retype = await request('PATCH', `/api/v1/channels/${channel.id}`, { type: 'sms' });
    expect(retype.statusCode).toBe(400);
    expect(retype.json().message).toContain('type');
    const drop = await request('PATCH', `/api/v1/channels/${channel.id}`, { settings: { appSecret: null } });
    expect(drop.statusCode).toBe(400);
    expect(drop.json().message).toContain('settings.appSecret');
  });

  it("never shows or changes another workspace's channel", async () => {
    const channel = (await request('POST', '/api/v1/channels', { type: 'api', name: 'Private' })).json();
    for (const [method, payload] of [['GET'], ['PATCH', { name: 'Hacked' }], ['DELETE']] as const) {
      const response = await request(method, `/api/v1/channels/${channel.uuid}`, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private');
    }
    expect((await request('GET', '/api/v1/channels', undefined, otherKey)).body).not.toContain('Private');
    expect((await request('GET', `/api/v1/channels/${channel.id}`)).json().name).toBe('Private');
  });
});
