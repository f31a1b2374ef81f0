import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { fieldKey: 'source', fieldType: 'STRING' });
  await defineCustomField(app, apiKey, { fieldKey: 'priority', fieldType: 'LIST', options: ['low', 'high'] });
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('POST /api/v1/contacts', () => {
  it("creates 003's CreateContact example", async () => {
    const response = await request('POST', '/api/v1/contacts', {
      firstName: 'Jane',
      lastName: 'Doe',
      customFields: { source: 'web' },
      addresses: [{ address: '+56912345678', channelType: 'PHONE' }],
    });
    expect(response.statusCode).toBe(200);
    const contact = response.json();
    expect(contact).toMatchObject({
      id: expect.any(Number),
      tenantId: expect.any(String),
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '+56912345678',
      email: null,
      userId: null,
      contactCompanyId: null,
      customFields: { source: 'web' },
      addresses: [{ id: expect.any(Number), contactId: contact.id, channelType: 'PHONE', address: '+56912345678' }],
    });
    expect(new Date(contact.createdAt).toISOString()).toBe(contact.createdAt);
  });

  it('normalizes phones to E.164 and emails to lower case; legacy fields become addresses', async () => {
    const contact = await createContact(app, apiKey, {
      email: 'Jane.Doe@Example.COM',
      phone: '+56 9 1234 5678',
      addresses: [{ channelType: 'whatsapp', address: '+1 (415) 555-2671' }],
    });
    expect(contact.email).toBe('jane.doe@example.com');
    expect(contact.phone).toBe('+56912345678');
    expect(contact.addresses.map((a: { channelType: string; address: string }) => `${a.channelType}:${a.address}`)).toEqual([
      'WHATSAPP:+14155552671',
      'EMAIL:jane.doe@example.com',
      'PHONE:+56912345678',
    ]);
  });

  it.each([
    [{ addresses: [{ channelType: 'PHONE', address: '12' }] }, 'addresses[0].address'],
    [{ addresses: [{ channelType: 'EMAIL', address: 'not-an-email' }] }, 'addresses[0].address'],
    [{ addresses: [{ channelType: 'PIGEON', address: 'x' }] }, 'addresses[0].channelType'],
    [{ email: 'nope' }, 'email'],
    [{ firstName: 42 }, 'firstName'],
    [{ unknownField: 1 }, 'body'],
    [{ customFields: { nope: 'x' } }, 'customFields.nope'],
    [{ customFields: { source: 5 } }, 'customFields.source'],
    [{ customFields: { priority: 'urgent' } }, 'customFields.priority'],
    [{ contactCompanyId: 999999 }, 'contactCompanyId'],
  ])('rejects %j naming %s', async (payload, field) => {
    const before = (await request('GET', '/api/v1/contacts')).json().totalCount;
    const response = await request('POST', '/api/v1/contacts', payload);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toMatchObject({ code: 400, error: 'VALIDATION_FAILED', details: expect.any(Object) });
    expect(body.message).toContain(field === 'body' ? 'unknownField' : field);
    expect((await request('GET', '/api/v1/contacts')).json().totalCount).toBe(before);
  });

  it('rejects malformed JSON and oversized bodies in the v1 error shape', async () => {
    const malformed = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...auth(apiKey), 'content-type': 'application/json' },
      payload: '{"firstName": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    const huge = await request('POST', '/api/v1/contacts', { firstName: 'x'.repeat(1024 * 1024 + 10) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 413, error: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('GET/PUT/DELETE /api/v1/contacts/{id}', () => {
  it("gets, updates only what is sent (003's UpdateContact example) and deletes", async () => {
    const created = await createContact(app, apiKey, {
      firstName: 'Jane',
      lastName: 'Doe',
      customFields: { source: 'web' },
      email: 'jane@x.io',
    });
    const fetched = await request('GET', `/api/v1/contacts/${created.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);

    const updated = await request('PUT', `/api/v1/contacts/${created.id}`, { firstName: 'Janet', customFields: { priority: 'high' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      firstName: 'Janet',
      lastName: 'Doe',
      email: 'jane@x.io',
      customFields: { source: 'web', priority: 'high' },
    });
    expect(updated.json().addresses[0].id).toBe(created.addresses[0].id);

    const cleared = await request('PUT', `/api/v1/contacts/${created.id}`, { lastName: null, customFields: { source: null }, email: null });
    expect(cleared.json()).toMatchObject({ lastName: null, email: null, customFields: { priority: 'high' }, addresses: [] });

    const deleted = await request('DELETE', `/api/v1/contacts/${created.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(created.id);
    expect((await request('GET', `/api/v1/contacts/${created.id}`)).statusCode).toBe(404);
  });

  it('accepts the fields 003 echoes back on update and ignores them', async () => {
    const created = await createContact(app, apiKey, { firstName: 'Echo' });
    const response = await request('PUT', `/api/v1/contacts/${created.id}`, {
      ...created,
      id: 1,
      createdAt: '2019-08-24T14:15:22Z',
      firstName: 'Echoed',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: created.id,
      uuid: created.uuid,
      firstName: 'Echoed',
      createdAt: created.createdAt,
      archivedAt: null,
    });
  });

  it('answers 404 for unknown ids and 400 for non-numeric ones', async () => {
    expect((await request('GET', '/api/v1/contacts/987654')).json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
    const bad = await request('GET', '/api/v1/contacts/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id');
    expect((await request('PUT', '/api/v1/contacts/987654', { firstName: 'x' })).statusCode).toBe(404);
    expect((await request('DELETE', '/api/v1/contacts/987654')).statusCode).toBe(404);
  });

  it("never shows or changes another workspace's contact", async () => {
    const created = await createContact(app, apiKey, { firstName: 'Private' });
    for (const [method, payload, action] of [
      ['GET'],
      ['PUT', { firstName: 'Hacked' }],
      ['DELETE'],
      ['POST', undefined, 'archive'],
      ['POST', undefined, 'unarchive'],
    ] as const) {
      const url = action ? `/api/v1/contacts/${created.id}/${action}` : `/api/v1/contacts/${created.id}`;
      const response = await request(method, url, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private');
    }
    expect((await request('GET', `/api/v1/contacts/${created.id}`)).json().firstName).toBe('Private');
    const list = await request('GET', '/api/v1/contacts', undefined, otherKey);
    expect(list.json()).toMatchObject({ items: [], totalCount: 0 });
    const search = await request('POST', '/api/v1/contacts/search', { search: 'private' }, otherKey);
    expect(search.json().items).toEqual([]);
  });

  it('requires an API key', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/api/v1/contacts' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 401, error: 'UNAUTHENTICATED' });
  });
});
