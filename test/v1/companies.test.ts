import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { entityType: 'COMPANY', fieldKey: 'employees', fieldType: 'NUMBER' });
});

describe('/api/v1/companies', () => {
  it('creates, reads, updates partially, lists and deletes a company', async () => {
    const created = await call('POST', '/api/v1/companies', {
      name: 'Acme Inc.',
      domain: 'ACME.com',
      phone: '+56 2 2123 4567',
      customFields: { employees: 40 },
    });
    expect(created.statusCode).toBe(200);
    const company = created.json();
    expect(company).toMatchObject({
      id: expect.any(Number),
      name: 'Acme Inc.',
      domain: 'acme.com',
      phone: '+56221234567',
      customFields: { employees: 40 },
    });

    expect((await call('GET', `/api/v1/companies/${company.id}`)).json()).toEqual(company);
    const updated = (await call('PUT', `/api/v1/companies/${company.id}`, { industry: 'Retail' })).json();
    expect(updated).toMatchObject({ name: 'Acme Inc.', industry: 'Retail', customFields: { employees: 40 } });

    const list = (await call('GET', '/api/v1/companies?searchBy=acme&sortBy=name=asc')).json();
    expect(list).toMatchObject({ totalCount: 1, nextPageToken: null });
    expect((await call('GET', '/api/v1/companies?filterBy=customFields.employees:40')).json().totalCount).toBe(1);

    const contact = await createContact(app, apiKey, { firstName: 'Jane', contactCompanyId: company.id, companyPosition: 'CTO' });
    expect(contact.contactCompanyId).toBe(company.id);
    const deleted = await call('DELETE', `/api/v1/companies/${company.id}`);
    expect(deleted.json().id).toBe(company.id);
    expect((await call('GET', `/api/v1/companies/${company.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ contactCompanyId: null, companyPosition: 'CTO' });
    const { rows } = await app.database.pool.query(
      "SELECT data FROM events WHERE type = 'contact.updated' AND (data->>'id')::bigint = $1 ORDER BY id DESC LIMIT 1",
      [contact.id],
    );
    expect(rows[0]?.data).toMatchObject({ id: contact.id, contactCompanyId: null });
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'X', customFields: { employees: 'many' } }, 'customFields.employees'],
    [{ name: 'X', customFields: { nope: 1 } }, 'customFields.nope'],
    [{ name: 'X', phone: '123' }, 'phone'],
    [{ name: 'X', extra: 1 }, 'extra'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await call('POST', '/api/v1/companies', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('answers 404 for unknown ids, 400 for bad ids and list parameters', async () => {
    expect((await call('GET', '/api/v1/companies/424242')).statusCode).toBe(404);
    expect((await call('PUT', '/api/v1/companies/424242', { name: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', '/api/v1/companies/424242')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/companies/x')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/companies?sortBy=revenue=asc')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/companies?pageSize=500')).statusCode).toBe(400);
  });

  it("keeps companies to their workspace, and contacts cannot link another workspace's company", async () => {
    const company = (await call('POST', '/api/v1/companies', { name: 'Secret Co' })).json();
    expect((await call('GET', `/api/v1/companies/${company.id}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await call('PUT', `/api/v1/companies/${company.id}`, { name: 'Mine' }, otherKey)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/companies/${company.id}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/companies', undefined, otherKey)).json()).toMatchObject({ items: [], totalCount: 0 });
    const link = await call('POST', '/api/v1/contacts', { firstName: 'Spy', contactCompanyId: company.id }, otherKey);
    expect(link.statusCode).toBe(400);
    expect(link.json().message).toContain('contactCompanyId');
  });
});
