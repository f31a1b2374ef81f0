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
  await createContact(app, apiKey, { firstName: 'Jane', lastName: 'Doe, Jr.', email: 'jane@example.com', customFields: { source: 'web' } });
  await createContact(app, apiKey, { firstName: 'John', addresses: [{ channelType: 'WHATSAPP', address: '+56912345678' }] });
  await createContact(app, otherKey, { firstName: 'Hidden' });
});

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });

describe('GET /api/v1/contacts/export.csv and export.json', () => {
  it('streams every matching contact as CSV with a header row', async () => {
    const response = await get('/api/v1/contacts/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,firstName,lastName,email,phone,companyPosition,contactCompanyId,userId,providerId,providerName,nationalId,createdAt,updatedAt,addresses,customFields',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Doe, Jr."');
    expect(lines[1]).toContain('EMAIL:jane@example.com');
    expect(lines[2]).toContain('WHATSAPP:+56912345678');
    expect(response.body).not.toContain('Hidden');
  });

  it('applies the list filters and sort, and exports JSON', async () => {
    const response = await get('/api/v1/contacts/export.json?filterBy=firstName:John');
    expect(response.statusCode).toBe(200);
    const items = response.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ firstName: 'John', phone: '+56912345678' });
    // The export is formatted by PostgreSQL: it must be exactly what GetContact answers.
    for (const item of (await get('/api/v1/contacts/export.json')).json()) {
      expect(item).toEqual((await get(`/api/v1/contacts/${item.id}`)).json());
    }
    const sorted = (await get('/api/v1/contacts/export.json?sortBy=firstName=desc')).json();
    expect(sorted.map((item: { firstName: string }) => item.firstName)).toEqual(['John', 'Jane']);
    expect((await get('/api/v1/contacts/export.json', otherKey)).json().map((item: { firstName: string }) => item.firstName)).toEqual([
      'Hidden',
    ]);
  });

  it('answers an empty export and rejects bad filters before streaming', async () => {
    expect((await get('/api/v1/contacts/export.json?filterBy=firstName:Nobody')).json()).toEqual([]);
    const bad = await get('/api/v1/contacts/export.csv?filterBy=secret:1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('secret');
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/contacts/export.csv' })).statusCode).toBe(401);
  });
});
