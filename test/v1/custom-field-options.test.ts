import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { companies } from '../../src/modules/companies/companies.table.js';
import { contacts } from '../../src/modules/contacts/contacts.table.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

const DEFINITIONS = '/api/v1/custom-fields/definitions';

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
async function listDefinition(apiKey: string, overrides: Record<string, unknown> = {}): Promise<{ id: number; fieldKey: string }> {
  const payload = { entityType: 'CONTACT', fieldKey: `list_${++keyCounter}`, fieldType: 'LIST', ...overrides };
  const response = await call('POST', DEFINITIONS, apiKey, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const optionsOf = (definitionId: number) => `${DEFINITIONS}/${definitionId}/options`;

async function createOption(apiKey: string, definitionId: number, payload: Record<string, unknown>) {
  const response = await call('POST', optionsOf(definitionId), apiKey, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function contactWith(workspaceId: number, customFields: Record<string, unknown>) {
  const [row] = await app.database.db.insert(contacts).values({ workspaceId, customFields }).returning();
  return row!.id;
}

async function customFieldsOfContact(id: number) {
  const [row] = await app.database.db.select().from(contacts).where(eq(contacts.id, id));
  return row!.customFields;
}

beforeAll(async () => {
  app = await buildTestApp();
  a = await workspace('A');
  b = await workspace('B');
});

describe('POST /api/v1/custom-fields/definitions/{definitionId}/options', () => {
  it('creates an option in the 003 wire shape', async () => {
    const definition = await listDefinition(a.apiKey);
    const response = await call('POST', optionsOf(definition.id), a.apiKey, {
      value: 'web',
      label: 'Website',
      description: 'Signed up online',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(Number),
      tenantId: a.uuid,
      definitionId: definition.id,
      value: 'web',
      label: 'Website',
      description: 'Signed up online',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: body.createdAt,
    });
  });

  it("accepts 003's definitionId in the body when it matches the path, and rejects a different one", async () => {
    const definition = await listDefinition(a.apiKey);
    const other = await listDefinition(a.apiKey);
    const matching = await createOption(a.apiKey, definition.id, { definitionId: definition.id, value: 'one' });
    expect(matching).toMatchObject({ definitionId: definition.id, label: null, description: null });
    const response = await call('POST', optionsOf(definition.id), a.apiKey, { definitionId: other.id, value: 'two' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'VALIDATION_FAILED', details: { field: 'definitionId' } });
    expect((await call('GET', optionsOf(other.id), a.apiKey)).json().totalCount).toBe(0);
  });

  it('is 400 for a definition that is not a LIST', async () => {
    const response = await call('POST', DEFINITIONS, a.apiKey, { entityType: 'CONTACT', fieldKey: 'plain_text', fieldType: 'STRING' });
    const created = await call('POST', optionsOf(response.json().id), a.apiKey, { value: 'x' });
    expect(created.statusCode).toBe(400);
    expect(created.json().message).toContain('LIST');
  });

  it('is 409 for a value the definition already has, but the value may repeat in another definition', async () => {
    const definition = await listDefinition(a.apiKey);
    await createOption(a.apiKey, definition.id, { value: 'gold' });
    const duplicate = await call('POST', optionsOf(definition.id), a.apiKey, { value: 'gold', label: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: 'CONFLICT', details: { field: 'value', value: 'gold' } });
    await createOption(a.apiKey, (await listDefinition(a.apiKey)).id, { value: 'gold' });
  });

  it.each([
    ['an unknown property', { value: 'x', colour: 'red' }, 'colour'],
    ['a missing value', { label: 'No value' }, 'value'],
    ['an empty value', { value: '' }, 'value'],
    ['a non-string value', { value: 7 }, 'value'],
  ])('rejects %s with 400', async (_case, payload, mention) => {
    const definition = await listDefinition(a.apiKey);
    const response = await call('POST', optionsOf(definition.id), a.apiKey, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(mention);
  });

  it('is 404 for a missing definition, 400 for a non-numeric one', async () => {
    expect((await call('POST', optionsOf(999999), a.apiKey, { value: 'x' })).statusCode).toBe(404);
    expect((await call('POST', `${DEFINITIONS}/abc/options`, a.apiKey, { value: 'x' })).statusCode).toBe(400);
  });

  it("is 404 for another workspace's definition", async () => {
    const definition = await listDefinition(a.apiKey);
    expect((await call('POST', optionsOf(definition.id), b.apiKey, { value: 'x' })).statusCode).toBe(404);
    expect((await call('GET', optionsOf(definition.id), a.apiKey)).json().totalCount).toBe(0);
  });
});

describe('GET /api/v1/custom-fields/definitions/{definitionId}/options', () => {
  let definition: { id: number };
  let otherDefinition: { id: number };

  beforeAll(async () => {
    definition = await listDefinition(a.apiKey);
    otherDefinition = await listDefinition(a.apiKey);
    for (const [value, label] of [
      ['red', 'Warm Red'],
      ['green', null],
      ['blue', 'Deep blue'],
      ['amber', 'Warm amber'],
      ['violet', null],
    ]) {
      await createOption(a.apiKey, definition.id, { value, label });
    }
    await createOption(a.apiKey, otherDefinition.id, { value: 'red' });
  });

  const list = (query: string, apiKey = a.apiKey, id = definition.id) => call('GET', `${optionsOf(id)}${query}`, apiKey);
  const values = async (query: string) => (await list(query)).json().items.map((item: { value: string }) => item.value);

  it("lists the definition's options in creation order with a total count", async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((item: { value: string }) => item.value)).toEqual(['red', 'green', 'blue', 'amber', 'violet']);
    expect(body).toMatchObject({ totalCount: 5, nextPageToken: null });
    expect(body.items.every((item: { definitionId: number }) => item.definitionId === definition.id)).toBe(true);
  });

  it('pages with pageToken across pages and with page', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const response = await list(`?pageSize=2&sortBy=value=asc${token ? `&pageToken=${token}` : ''}`);
      const body = response.json();
      expect(body.totalCount).toBe(5);
      seen.push(...body.items.map((item: { value: string }) => item.value));
      token = body.nextPageToken;
    } while (token);
    expect(seen).toEqual(['amber', 'blue', 'green', 'red', 'violet']);
    expect(await values('?pageSize=2&page=3')).toEqual(['violet']);
  });

  it('filters, searches and sorts', async () => {
    expect(await values('?filterBy=value:blue')).toEqual(['blue']);
    expect(await values(`?filterBy=definitionId:${otherDefinition.id}`)).toEqual([]);
    expect(await values('?searchBy=WARM')).toEqual(['red', 'amber']);
    expect(await values('?searchBy=ree')).toEqual(['green']);
    expect(await values('?sortBy=value=desc')).toEqual(['violet', 'red', 'green', 'blue', 'amber']);
    expect(await values('?sortBy=id=desc&pageSize=1')).toEqual(['violet']);
  });

  it.each([
    ['pageSize over the maximum', '?pageSize=500', 'pageSize'],
    ['an unknown sort field', '?sortBy=label', 'label'],
    ['an unknown filter field', '?filterBy=label:x', 'label'],
    ['an invalid page token', '?pageToken=%7B%7D', 'pageToken'],
  ])('rejects %s with 400', async (_case, query, mention) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(mention);
  });

  it("rejects a page token of another definition's list", async () => {
    const token = (await list('?pageSize=1')).json().nextPageToken;
    expect((await list(`?pageSize=1&pageToken=${token}`, a.apiKey, otherDefinition.id)).statusCode).toBe(400);
  });

  it("is 404 for a missing definition and for another workspace's", async () => {
    expect((await list('', a.apiKey, 999999)).statusCode).toBe(404);
    const response = await list('', b.apiKey);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('violet');
  });
});

describe('GET /api/v1/custom-fields/definitions/{definitionId}/options/{optionId}', () => {
  it('returns the option', async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x', label: 'X' });
    const response = await call('GET', `${optionsOf(definition.id)}/${option.id}`, a.apiKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(option);
  });

  it('is 404 under another definition or when missing, 400 for a non-numeric id', async () => {
    const definition = await listDefinition(a.apiKey);
    const other = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x' });
    expect((await call('GET', `${optionsOf(other.id)}/${option.id}`, a.apiKey)).statusCode).toBe(404);
    expect((await call('GET', `${optionsOf(definition.id)}/999999`, a.apiKey)).statusCode).toBe(404);
    const response = await call('GET', `${optionsOf(definition.id)}/abc`, a.apiKey);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('optionId');
  });

  it("is 404 for another workspace's option", async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'secret' });
    const response = await call('GET', `${optionsOf(definition.id)}/${option.id}`, b.apiKey);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('secret');
  });
});

describe('PUT /api/v1/custom-fields/definitions/{definitionId}/options/{optionId}', () => {
  it('changes only the properties sent', async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x', label: 'Old', description: 'Keep' });
    const response = await call('PUT', `${optionsOf(definition.id)}/${option.id}`, a.apiKey, { label: 'New' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ value: 'x', label: 'New', description: 'Keep', createdAt: option.createdAt });
  });

  it("accepts 003's echoed properties and ignores the read-only ones", async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x' });
    const payload = { ...option, id: 1, tenantId: 'someone-else', createdAt: '2000-01-01T00:00:00Z', label: 'Echoed' };
    const response = await call('PUT', `${optionsOf(definition.id)}/${option.id}`, a.apiKey, payload);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: option.id, tenantId: a.uuid, createdAt: option.createdAt, label: 'Echoed' });
    const moved = await call('PUT', `${optionsOf(definition.id)}/${option.id}`, a.apiKey, { definitionId: definition.id + 1 });
    expect(moved.statusCode).toBe(400);
  });

  it('rewrites the records holding the old value, and only those', async () => {
    const definition = await listDefinition(a.apiKey, { fieldKey: 'colour' });
    const option = await createOption(a.apiKey, definition.id, { value: 'red' });
    await createOption(a.apiKey, definition.id, { value: 'blue' });
    const holder = await contactWith(a.workspaceId, { colour: 'red', size: 'red' });
    const blue = await contactWith(a.workspaceId, { colour: 'blue' });
    const foreign = await contactWith(b.workspaceId, { colour: 'red' });
    const [company] = await app.database.db
      .insert(companies)
      .values({ workspaceId: a.workspaceId, name: 'Acme', customFields: { colour: 'red' } })
      .returning();

    const response = await call('PUT', `${optionsOf(definition.id)}/${option.id}`, a.apiKey, { value: 'crimson' });
    expect(response.statusCode).toBe(200);
    expect(response.json().value).toBe('crimson');
    expect(await customFieldsOfContact(holder)).toEqual({ colour: 'crimson', size: 'red' });
    expect(await customFieldsOfContact(blue)).toEqual({ colour: 'blue' });
    expect(await customFieldsOfContact(foreign)).toEqual({ colour: 'red' });
    const [companyAfter] = await app.database.db.select().from(companies).where(eq(companies.id, company!.id));
    expect(companyAfter!.customFields).toEqual({ colour: 'red' });
  });

  it('is 409 for a value another option has, and rejects unknown properties', async () => {
    const definition = await listDefinition(a.apiKey);
    await createOption(a.apiKey, definition.id, { value: 'taken' });
    const option = await createOption(a.apiKey, definition.id, { value: 'mine' });
    const url = `${optionsOf(definition.id)}/${option.id}`;
    const conflict = await call('PUT', url, a.apiKey, { value: 'taken' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().details).toMatchObject({ value: 'taken' });
    expect((await call('PUT', url, a.apiKey, { value: 'mine' })).statusCode).toBe(200);
    const unknown = await call('PUT', url, a.apiKey, { colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('colour');
  });

  it("is 404 for another workspace's option and changes nothing", async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x' });
    expect((await call('PUT', `${optionsOf(definition.id)}/${option.id}`, b.apiKey, { value: 'y' })).statusCode).toBe(404);
    expect((await call('GET', `${optionsOf(definition.id)}/${option.id}`, a.apiKey)).json().value).toBe('x');
  });
});

describe('DELETE /api/v1/custom-fields/definitions/{definitionId}/options/{optionId}', () => {
  it('deletes the option, returns it, and clears its value from the records holding it', async () => {
    const definition = await listDefinition(a.apiKey, { fieldKey: 'tier' });
    const gold = await createOption(a.apiKey, definition.id, { value: 'gold' });
    await createOption(a.apiKey, definition.id, { value: 'silver' });
    const holder = await contactWith(a.workspaceId, { tier: 'gold', other: 'gold' });
    const silver = await contactWith(a.workspaceId, { tier: 'silver' });
    const foreign = await contactWith(b.workspaceId, { tier: 'gold' });

    const response = await call('DELETE', `${optionsOf(definition.id)}/${gold.id}`, a.apiKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(gold);
    expect(await customFieldsOfContact(holder)).toEqual({ other: 'gold' });
    expect(await customFieldsOfContact(silver)).toEqual({ tier: 'silver' });
    expect(await customFieldsOfContact(foreign)).toEqual({ tier: 'gold' });
    expect((await call('GET', `${optionsOf(definition.id)}/${gold.id}`, a.apiKey)).statusCode).toBe(404);
    expect((await call('DELETE', `${optionsOf(definition.id)}/${gold.id}`, a.apiKey)).statusCode).toBe(404);
  });

  it('is 400 for a non-numeric id', async () => {
    const definition = await listDefinition(a.apiKey);
    expect((await call('DELETE', `${optionsOf(definition.id)}/abc`, a.apiKey)).statusCode).toBe(400);
  });

  it("is 404 for another workspace's option and keeps it", async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x' });
    expect((await call('DELETE', `${optionsOf(definition.id)}/${option.id}`, b.apiKey)).statusCode).toBe(404);
    expect((await call('GET', `${optionsOf(definition.id)}/${option.id}`, a.apiKey)).statusCode).toBe(200);
  });

  it('goes with its definition when the definition is deleted', async () => {
    const definition = await listDefinition(a.apiKey);
    const option = await createOption(a.apiKey, definition.id, { value: 'x' });
    expect((await call('DELETE', `${DEFINITIONS}/${definition.id}`, a.apiKey)).statusCode).toBe(200);
    expect((await call('GET', `${optionsOf(definition.id)}/${option.id}`, a.apiKey)).statusCode).toBe(404);
  });
});
