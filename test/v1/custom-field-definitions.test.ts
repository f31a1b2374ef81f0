import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { companies } from '../../src/modules/companies/companies.table.js';
import { contacts } from '../../src/modules/contacts/contacts.table.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

const BASE = '/api/v1/custom-fields/definitions';

let app: TestApp;
/** Workspace A: the one the tests act in. Workspace B: the other tenant. */
let a: { apiKey: string; uuid: string; workspaceId: number };
let b: { apiKey: string; uuid: string; workspaceId: number };

async function workspace(name: string) {
  const { apiKey, workspaceId: uuid } = await app.newWorkspace(name);
  const tenant = await app.services.workspaces.authenticate(apiKey);
  return { apiKey, uuid, workspaceId: tenant!.workspaceId };
}

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, apiKey: string, payload?: unknown) {
  return app.server.inject({ method, url, headers: auth(apiKey), ...(payload === undefined ? {} : { payload: payload as object }) });
}

let keyCounter = 0;
async function createDefinition(apiKey: string, overrides: Record<string, unknown> = {}) {
  const response = await call('POST', BASE, apiKey, {
    entityType: 'CONTACT',
    fieldKey: `field_${++keyCounter}`,
    fieldType: 'STRING',
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function contactWith(workspaceId: number, customFields: Record<string, unknown>) {
  const [row] = await app.database.db.insert(contacts).values({ workspaceId, customFields }).returning();
  return row!;
}

async function customFieldsOfContact(workspaceId: number, id: number) {
  const [row] = await app.database.db.select().from(contacts).where(eq(contacts.id, id));
  expect(row!.workspaceId).toBe(workspaceId);
  return row!.customFields;
}

beforeAll(async () => {
  app = await buildTestApp();
  a = await workspace('A');
  b = await workspace('B');
});

describe('POST /api/v1/custom-fields/definitions', () => {
  it('creates a definition in the 003 wire shape', async () => {
    const response = await call('POST', BASE, a.apiKey, {
      entityType: 'CONTACT',
      fieldKey: 'source',
      fieldLabel: 'Lead source',
      fieldType: 'LIST',
      description: 'Where they came from',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(Number),
      tenantId: a.uuid,
      entityType: 'CONTACT',
      fieldKey: 'source',
      fieldLabel: 'Lead source',
      fieldType: 'LIST',
      description: 'Where they came from',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: body.createdAt,
    });
  });

  it('leaves label and description null when not sent', async () => {
    const body = await createDefinition(a.apiKey, { fieldType: 'NUMBER' });
    expect(body).toMatchObject({ fieldLabel: null, description: null, fieldType: 'NUMBER' });
  });

  it('rejects a duplicate fieldKey of the same entity type with 409 naming the key', async () => {
    await createDefinition(a.apiKey, { fieldKey: 'plan' });
    const response = await call('POST', BASE, a.apiKey, { entityType: 'CONTACT', fieldKey: 'plan', fieldType: 'NUMBER' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 409, error: 'CONFLICT', details: { field: 'fieldKey', fieldKey: 'plan' } });
    expect(response.json().message).toContain('plan');
  });

  it('allows the same fieldKey on another entity type and in another workspace', async () => {
    await createDefinition(a.apiKey, { fieldKey: 'tier' });
    await createDefinition(a.apiKey, { fieldKey: 'tier', entityType: 'COMPANY' });
    await createDefinition(b.apiKey, { fieldKey: 'tier' });
  });

  it.each([
    ['an unknown property', { entityType: 'CONTACT', fieldKey: 'x1', fieldType: 'STRING', colour: 'red' }, 'colour'],
    ['an unknown entityType', { entityType: 'DEAL', fieldKey: 'x2', fieldType: 'STRING' }, 'entityType'],
    ['an unknown fieldType', { entityType: 'CONTACT', fieldKey: 'x3', fieldType: 'MONEY' }, 'fieldType'],
    ['a fieldKey that is not an identifier', { entityType: 'CONTACT', fieldKey: '1 bad key', fieldType: 'STRING' }, 'fieldKey'],
    ['a missing fieldKey', { entityType: 'CONTACT', fieldType: 'STRING' }, 'fieldKey'],
    ['a non-string label', { entityType: 'CONTACT', fieldKey: 'x4', fieldType: 'STRING', fieldLabel: 5 }, 'fieldLabel'],
  ])('rejects %s with 400 naming it', async (_case, payload, field) => {
    const response = await call('POST', BASE, a.apiKey, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: BASE,
      headers: { ...auth(a.apiKey), 'content-type': 'application/json' },
      payload: '{"entityType":',
    });
    expect(response.statusCode).toBe(400);
  });

  it('needs an API key', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: BASE,
      payload: { entityType: 'CONTACT', fieldKey: 'nokey', fieldType: 'STRING' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 401, error: 'UNAUTHENTICATED' });
  });
});

describe('GET /api/v1/custom-fields/definitions', () => {
  let listApp: { apiKey: string; uuid: string; workspaceId: number };
  let created: { id: number; fieldKey: string; entityType: string }[];

  beforeAll(async () => {
    listApp = await workspace('Lists');
    created = [];
    for (const [fieldKey, entityType, fieldType, fieldLabel] of [
      ['alpha', 'CONTACT', 'STRING', 'First'],
      ['bravo', 'COMPANY', 'NUMBER', null],
      ['charlie', 'CONTACT', 'LIST', 'Customer Segment'],
      ['delta', 'PRODUCT', 'DATE', null],
      ['echo', 'CONTACT', 'BOOLEAN', 'Opted in'],
    ] as const) {
      created.push(await createDefinition(listApp.apiKey, { fieldKey, entityType, fieldType, fieldLabel }));
    }
  });

  const list = (query: string, apiKey = listApp.apiKey) => call('GET', `${BASE}${query}`, apiKey);

  it('lists in creation order with a total count', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((item: { fieldKey: string }) => item.fieldKey)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(body).toMatchObject({ totalCount: 5, nextPageToken: null });
    expect(body.items[0]).toMatchObject({ tenantId: listApp.uuid, fieldLabel: 'First' });
  });

  it('pages with pageToken across pages and with page', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const response = await list(`?pageSize=2${token ? `&pageToken=${token}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.totalCount).toBe(5);
      seen.push(...body.items.map((item: { fieldKey: string }) => item.fieldKey));
      token = body.nextPageToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);

    const second = (await list('?pageSize=2&page=2')).json();
    expect(second.items.map((item: { fieldKey: string }) => item.fieldKey)).toEqual(['charlie', 'delta']);
    expect(second.nextPageToken).toEqual(expect.any(String));
  });

  it('sorts by fieldKey descending and pages in that order', async () => {
    const first = (await list('?sortBy=fieldKey=desc&pageSize=3')).json();
    expect(first.items.map((item: { fieldKey: string }) => item.fieldKey)).toEqual(['echo', 'delta', 'charlie']);
    const next = (await list(`?sortBy=fieldKey=desc&pageSize=3&pageToken=${first.nextPageToken}`)).json();
    expect(next.items.map((item: { fieldKey: string }) => item.fieldKey)).toEqual(['bravo', 'alpha']);
    const byId = (await list('?sortBy=id:desc&pageSize=1')).json();
    expect(byId.items[0].fieldKey).toBe('echo');
  });

  it('filters by entityType, fieldType, fieldKey and id', async () => {
    const keys = async (query: string) => (await list(query)).json().items.map((item: { fieldKey: string }) => item.fieldKey);
    expect(await keys('?filterBy=entityType:CONTACT')).toEqual(['alpha', 'charlie', 'echo']);
    expect(await keys('?filterBy=entityType:CONTACT;fieldType:LIST')).toEqual(['charlie']);
    expect(await keys('?filterBy=fieldKey:delta')).toEqual(['delta']);
    expect(await keys(`?filterBy=id:${created[1]!.id}`)).toEqual(['bravo']);
    expect((await list('?filterBy=entityType:COMPANY')).json().totalCount).toBe(1);
  });

  it('searches fieldKey and fieldLabel case-insensitively', async () => {
    const keys = async (query: string) => (await list(query)).json().items.map((item: { fieldKey: string }) => item.fieldKey);
    expect(await keys('?searchBy=SEGMENT')).toEqual(['charlie']);
    expect(await keys('?searchBy=ELT')).toEqual(['delta']);
    expect(await keys('?searchBy=%25')).toEqual([]);
  });

  it.each([
    ['pageSize over the maximum', '?pageSize=101', 'pageSize'],
    ['pageSize zero', '?pageSize=0', 'pageSize'],
    ['an unknown sort field', '?sortBy=fieldLabel=asc', 'fieldLabel'],
    ['a malformed sort', '?sortBy=createdAt=sideways', 'sortBy'],
    ['an unknown filter field', '?filterBy=description:x', 'description'],
    ['a malformed filter', '?filterBy=entityType', 'filterBy'],
    ['an entityType outside the enum', '?filterBy=entityType:DEAL', 'entityType'],
    ['a non-numeric id filter', '?filterBy=id:abc', 'filterBy'],
    ['a page token not issued by the API', '?pageToken=not-a-token', 'pageToken'],
  ])('rejects %s with 400', async (_case, query, mention) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(mention);
  });

  it('rejects a page token of another list or another workspace', async () => {
    const token = (await list('?pageSize=2')).json().nextPageToken;
    expect((await list(`?pageSize=2&sortBy=fieldKey=desc&pageToken=${token}`)).statusCode).toBe(400);
    const foreign = await list(`?pageSize=2&pageToken=${token}`, b.apiKey);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('another workspace');
  });

  it("shows nothing of another workspace's definitions", async () => {
    const other = await workspace('Empty');
    expect((await list('', other.apiKey)).json()).toEqual({ items: [], nextPageToken: null, totalCount: 0 });
    expect((await list(`?filterBy=id:${created[0]!.id}`, other.apiKey)).json().totalCount).toBe(0);
  });
});

describe('GET /api/v1/custom-fields/definitions/{id}', () => {
  it('returns the definition', async () => {
    const definition = await createDefinition(a.apiKey);
    const response = await call('GET', `${BASE}/${definition.id}`, a.apiKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(definition);
  });

  it('is 404 for a missing id and 400 for a non-numeric one', async () => {
    expect((await call('GET', `${BASE}/999999`, a.apiKey)).json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
    const response = await call('GET', `${BASE}/abc`, a.apiKey);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('id');
    expect((await call('GET', `${BASE}/0`, a.apiKey)).statusCode).toBe(400);
    expect((await call('GET', `${BASE}/99999999999999999999`, a.apiKey)).statusCode).toBe(400);
  });

  it("is 404 for another workspace's definition", async () => {
    const definition = await createDefinition(a.apiKey);
    const response = await call('GET', `${BASE}/${definition.id}`, b.apiKey);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain(definition.fieldKey);
  });
});

describe('PUT /api/v1/custom-fields/definitions/{id}', () => {
  it('changes only the properties sent', async () => {
    const definition = await createDefinition(a.apiKey, { fieldLabel: 'Old', description: 'Keep me' });
    const response = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldLabel: 'New' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ ...definition, fieldLabel: 'New', updatedAt: expect.any(String) });
    expect(new Date(body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(definition.updatedAt).getTime());
    expect((await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { description: null })).json().description).toBeNull();
  });

  it("accepts and ignores 003's echoed id, tenantId, createdAt and updatedAt", async () => {
    const definition = await createDefinition(a.apiKey);
    const payload = { ...definition, id: 1, tenantId: 'someone-else', createdAt: '2000-01-01T00:00:00Z', fieldLabel: 'Echoed' };
    const response = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, payload);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: definition.id, tenantId: a.uuid, createdAt: definition.createdAt, fieldLabel: 'Echoed' });
  });

  it('rejects unknown properties and bad values with 400', async () => {
    const definition = await createDefinition(a.apiKey);
    const unknown = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('colour');
    expect((await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'MONEY' })).statusCode).toBe(400);
    expect((await call('PUT', `${BASE}/abc`, a.apiKey, { fieldLabel: 'x' })).statusCode).toBe(400);
  });

  it('is 409 when the new fieldKey is taken', async () => {
    const taken = await createDefinition(a.apiKey);
    const definition = await createDefinition(a.apiKey);
    const response = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldKey: taken.fieldKey });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: 'CONFLICT', details: { fieldKey: taken.fieldKey } });
    const moved = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldKey: taken.fieldKey, entityType: 'COMPANY' });
    expect(moved.statusCode).toBe(200);
  });

  it('renames the key on the records holding values, in that workspace only', async () => {
    const definition = await createDefinition(a.apiKey, { fieldKey: 'old_key' });
    const holder = await contactWith(a.workspaceId, { old_key: 'kept value', other: 1 });
    const bystander = await contactWith(a.workspaceId, { other: 2 });
    const foreign = await contactWith(b.workspaceId, { old_key: 'theirs' });
    const response = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldKey: 'new_key' });
    expect(response.statusCode).toBe(200);
    expect(response.json().fieldKey).toBe('new_key');
    expect(await customFieldsOfContact(a.workspaceId, holder.id)).toEqual({ new_key: 'kept value', other: 1 });
    const [after] = await app.database.db.select().from(contacts).where(eq(contacts.id, holder.id));
    expect(after!.version).toBe(holder.version + 1);
    expect(await customFieldsOfContact(a.workspaceId, bystander.id)).toEqual({ other: 2 });
    expect(await customFieldsOfContact(b.workspaceId, foreign.id)).toEqual({ old_key: 'theirs' });
  });

  it('is 409 when changing fieldType or entityType while records hold values, and allowed without values', async () => {
    const definition = await createDefinition(a.apiKey, { fieldKey: 'typed' });
    const holder = await contactWith(a.workspaceId, { typed: 'text' });
    const typeChange = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'NUMBER' });
    expect(typeChange.statusCode).toBe(409);
    expect(typeChange.json().message).toContain('no longer validate');
    const entityChange = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { entityType: 'COMPANY' });
    expect(entityChange.statusCode).toBe(409);
    expect((await call('GET', `${BASE}/${definition.id}`, a.apiKey)).json()).toEqual(definition);
    // Sending the current type is no change.
    expect((await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'STRING' })).statusCode).toBe(200);

    await app.database.db.update(contacts).set({ customFields: {} }).where(eq(contacts.id, holder.id));
    const allowed = await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'NUMBER', entityType: 'COMPANY' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toMatchObject({ fieldType: 'NUMBER', entityType: 'COMPANY' });
  });

  it('drops the options of a LIST definition that becomes another type', async () => {
    const definition = await createDefinition(a.apiKey, { fieldType: 'LIST' });
    const option = (await call('POST', `${BASE}/${definition.id}/options`, a.apiKey, { value: 'x' })).json();
    expect((await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'STRING' })).statusCode).toBe(200);
    expect((await call('GET', `${BASE}/${definition.id}/options/${option.id}`, a.apiKey)).statusCode).toBe(404);
    expect((await call('PUT', `${BASE}/${definition.id}`, a.apiKey, { fieldType: 'LIST' })).statusCode).toBe(200);
    expect((await call('GET', `${BASE}/${definition.id}/options`, a.apiKey)).json().totalCount).toBe(0);
  });

  it("is 404 for another workspace's definition and changes nothing", async () => {
    const definition = await createDefinition(a.apiKey);
    const response = await call('PUT', `${BASE}/${definition.id}`, b.apiKey, { fieldLabel: 'Hijacked' });
    expect(response.statusCode).toBe(404);
    expect((await call('GET', `${BASE}/${definition.id}`, a.apiKey)).json().fieldLabel).toBeNull();
  });
});

describe('DELETE /api/v1/custom-fields/definitions/{id}', () => {
  it('deletes and returns the definition', async () => {
    const definition = await createDefinition(a.apiKey);
    const response = await call('DELETE', `${BASE}/${definition.id}`, a.apiKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(definition);
    expect((await call('GET', `${BASE}/${definition.id}`, a.apiKey)).statusCode).toBe(404);
    expect((await call('DELETE', `${BASE}/${definition.id}`, a.apiKey)).statusCode).toBe(404);
  });

  it('is 409 while records hold values, and force=true removes those values', async () => {
    const definition = await createDefinition(a.apiKey, { fieldKey: 'doomed', fieldType: 'LIST' });
    await call('POST', `${BASE}/${definition.id}/options`, a.apiKey, { value: 'gold' });
    const sameKeyOnCompanies = await createDefinition(a.apiKey, { fieldKey: 'doomed', entityType: 'COMPANY' });
    const holder = await contactWith(a.workspaceId, { doomed: 'gold', kept: true });
    const [company] = await app.database.db
      .insert(companies)
      .values({ workspaceId: a.workspaceId, name: 'Acme', customFields: { doomed: 'company value' } })
      .returning();

    const refused = await call('DELETE', `${BASE}/${definition.id}`, a.apiKey);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'CONFLICT', details: { fieldKey: 'doomed', records: 1 } });
    expect(refused.json().message).toContain('force=true');
    expect(await customFieldsOfContact(a.workspaceId, holder.id)).toEqual({ doomed: 'gold', kept: true });
    expect((await call('DELETE', `${BASE}/${definition.id}?force=false`, a.apiKey)).statusCode).toBe(409);

    const forced = await call('DELETE', `${BASE}/${definition.id}?force=true`, a.apiKey);
    expect(forced.statusCode).toBe(200);
    expect(forced.json().id).toBe(definition.id);
    expect(await customFieldsOfContact(a.workspaceId, holder.id)).toEqual({ kept: true });
    const [companyAfter] = await app.database.db.select().from(companies).where(eq(companies.id, company!.id));
    expect(companyAfter!.customFields).toEqual({ doomed: 'company value' });
    expect((await call('GET', `${BASE}/${sameKeyOnCompanies.id}`, a.apiKey)).statusCode).toBe(200);
  });

  it('rejects a force that is not a boolean and a non-numeric id with 400', async () => {
    const definition = await createDefinition(a.apiKey);
    expect((await call('DELETE', `${BASE}/${definition.id}?force=perhaps`, a.apiKey)).statusCode).toBe(400);
    expect((await call('DELETE', `${BASE}/abc`, a.apiKey)).statusCode).toBe(400);
  });

  it("is 404 for another workspace's definition and keeps it", async () => {
    const definition = await createDefinition(a.apiKey);
    expect((await call('DELETE', `${BASE}/${definition.id}?force=true`, b.apiKey)).statusCode).toBe(404);
    expect((await call('GET', `${BASE}/${definition.id}`, a.apiKey)).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the custom field routes with their responses', async () => {
    const document = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const item = document.paths['/api/v1/custom-fields/definitions/{id}'];
    expect(item.delete.tags).toEqual(['Custom fields']);
    expect(Object.keys(item.delete.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409']));
    expect(document.paths['/api/v1/custom-fields/definitions/{definitionId}/options/{optionId}'].put).toBeDefined();
  });
});
