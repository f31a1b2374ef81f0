import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });
const search = (payload: object, key = apiKey) =>
  app.server.inject({ method: 'POST', url: '/api/v1/contacts/search', headers: auth(key), payload });
const names = (items: { firstName: string }[]) => items.map((item) => item.firstName);

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { fieldKey: 'score', fieldType: 'NUMBER' });
  await defineCustomField(app, apiKey, { fieldKey: 'tier', fieldType: 'LIST', options: ['gold', 'silver'] });
  await defineCustomField(app, apiKey, { fieldKey: 'vip', fieldType: 'BOOLEAN' });
  const people = [
    { firstName: 'John', lastName: 'Smith', email: 'john@example.com', customFields: { score: 10, tier: 'gold', vip: true } },
    { firstName: 'John', lastName: 'Appleseed', email: 'john.a@other.org', customFields: { score: 5 } },
    {
      firstName: 'Jane',
      lastName: 'Doe',
      addresses: [{ channelType: 'PHONE', address: '+56912345678' }],
      customFields: { score: 20, tier: 'silver' },
    },
    {
      firstName: 'Ana',
      lastName: 'Lopez',
      addresses: [
        { channelType: 'WHATSAPP', address: '+56987654321' },
        { channelType: 'EMAIL', address: 'ana@example.com' },
      ],
    },
    { firstName: 'Zed', lastName: null },
  ];
  for (const person of people) await createContact(app, apiKey, person);
  await createContact(app, otherKey, { firstName: 'John', email: 'john@example.com' });
});

describe('GET /api/v1/contacts', () => {
  it("filters as 003's GetContacts example does", async () => {
    const response = await get('/api/v1/contacts?filterBy=firstName:John;email:john@example.com&sortBy=createdAt=desc&pageSize=20');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ totalCount: 1, nextPageToken: null });
    expect(body.items[0]).toMatchObject({ firstName: 'John', lastName: 'Smith', email: 'john@example.com' });
  });

  it('pages with pageToken through a stable order, and with page numbers', async () => {
    const first = (await get('/api/v1/contacts?pageSize=2&sortBy=firstName=asc')).json();
    expect(first.totalCount).toBe(5);
    expect(names(first.items)).toEqual(['Ana', 'Jane']);
    const second = (await get(`/api/v1/contacts?pageSize=2&sortBy=firstName=asc&pageToken=${first.nextPageToken}`)).json();
    expect(names(second.items)).toEqual(['John', 'John']);
    const third = (await get(`/api/v1/contacts?pageSize=2&sortBy=firstName=asc&pageToken=${second.nextPageToken}`)).json();
    expect(names(third.items)).toEqual(['Zed']);
    expect(third.nextPageToken).toBeNull();
    const byPage = (await get('/api/v1/contacts?pageSize=2&page=2&sortBy=firstName=asc')).json();
    expect(names(byPage.items)).toEqual(['John', 'John']);
  });

  it('searches names and addresses with searchBy', async () => {
    expect(names((await get('/api/v1/contacts?searchBy=example.com')).json().items).sort()).toEqual(['Ana', 'John']);
    expect(names((await get('/api/v1/contacts?searchBy=912345')).json().items)).toEqual(['Jane']);
  });

  it.each([
    ['filterBy=nope:1', 'nope'],
    ['filterBy=firstName', 'filterBy'],
    ['sortBy=password=asc', 'sortBy'],
    ['sortBy=createdAt=sideways', 'sortBy'],
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=abc', 'page'],
    ['pageToken=garbage', 'pageToken'],
    ['filterBy=createdAt:yesterday', 'filterBy'],
    ['filterBy=customFields.unknown:1', 'customFields.unknown'],
  ])('rejects %s with a 400 naming %s', async (query, field) => {
    const response = await get(`/api/v1/contacts?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it("refuses another workspace's page token, and a token of another query", async () => {
    const token = (await get('/api/v1/contacts?pageSize=1')).json().nextPageToken;
    const foreign = await get(`/api/v1/contacts?pageSize=1&pageToken=${token}`, otherKey);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('another workspace');
    const otherQuery = await get(`/api/v1/contacts?pageSize=1&sortBy=firstName=desc&pageToken=${token}`);
    expect(otherQuery.statusCode).toBe(400);
  });

  it('never lets filter or sort text reach SQL (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.string({ maxLength: 40 }), async (filterBy, sortBy) => {
        const query = new URLSearchParams({ filterBy, sortBy }).toString();
        const response = await get(`/api/v1/contacts?${query}`);
        expect([200, 400]).toContain(response.statusCode);
        if (response.statusCode === 200) {
          for (const item of response.json().items) expect(item.tenantId).toBeDefined();
        }
      }),
      { numRuns: 150 },
    );
    const injection = await get(`/api/v1/contacts?${new URLSearchParams({ filterBy: "firstName:x' OR '1'='1" })}`);
    expect(injection.json()).toMatchObject({ totalCount: 0 });
  });
});

describe("003's examples, as written", () => {
  it("SearchContacts: both address filters must match one contact (the page token is the previous response's)", async () => {
    const { apiKey: key } = await app.newWorkspace('Examples');
    await createContact(app, key, {
      firstName: 'Both',
      addresses: [
        { channelType: 'PHONE', address: '+56912345678' },
        { channelType: 'EMAIL', address: 'both@example.com' },
      ],
    });
    await createContact(app, key, { firstName: 'PhoneOnly', addresses: [{ channelType: 'PHONE', address: '+56912345678' }] });
    const example = {
      filters: [
        { field: 'addresses.address', operator: 'eq', value: '+56912345678' },
        { field: 'addresses.address', operator: 'contains', value: 'example.com' },
      ],
      sort: [{ field: 'createdAt', direction: 'desc' }],
      size: 1,
      includeTotalCount: 'true',
    };
    const first = await search(example, key);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ totalCount: 1, nextPageToken: null, items: [{ firstName: 'Both', modelType: 'Contact' }] });
    const placeholder = await search({ ...example, pageToken: 'Xde34567890' }, key);
    expect(placeholder.statusCode).toBe(400);
    expect(placeholder.json().message).toContain('nextPageToken');
  });
});

describe('POST /api/v1/contacts/search', () => {
  it("runs 003's SearchContacts example", async () => {
    const response = await search({
      filters: [
        { field: 'addresses.address', operator: 'eq', value: '+56912345678' },
        { field: 'addresses.address', operator: 'contains', value: 'example.com', or: true },
      ],
      sort: [{ field: 'createdAt', direction: 'desc' }],
      size: 20,
      includeTotalCount: 'true',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totalCount).toBe(3);
    expect(names(body.items)).toEqual(['Ana', 'Jane', 'John']);
    expect(body.items[1]).toMatchObject({
      id: expect.any(String),
      modelType: 'Contact',
      tenantId: expect.any(String),
      eventSequence: 1,
      eventTimestamp: expect.any(String),
      userId: null,
      contactCompanyId: null,
      archivedAt: null,
      phone: '+56912345678',
    });
  });

  it.each([
    [[{ field: 'firstName', operator: 'startsWith', value: 'jo' }], ['John', 'John']],
    [[{ field: 'firstName', operator: 'neq', value: 'John' }], ['Ana', 'Jane', 'Zed']],
    [[{ field: 'lastName', operator: 'exists', value: false }], ['Zed']],
    [[{ field: 'firstName', operator: 'in', value: ['Ana', 'Zed'] }], ['Ana', 'Zed']],
    [[{ field: 'customFields.score', operator: 'gte', value: 10 }], ['Jane', 'John']],
    [[{ field: 'customFields.score', operator: 'lt', value: 10 }], ['John']],
    [[{ field: 'customFields.tier', operator: 'eq', value: 'gold' }], ['John']],
    [[{ field: 'customFields.vip', operator: 'eq', value: true }], ['John']],
    [[{ field: 'customFields.tier', operator: 'exists' }], ['Jane', 'John']],
    [[{ field: 'phone', operator: 'eq', value: '+56 9 8765 4321' }], ['Ana']],
    [[{ field: 'email', operator: 'eq', value: 'ANA@EXAMPLE.COM' }], ['Ana']],
    [[{ field: 'addresses.channelType', operator: 'eq', value: 'whatsapp' }], ['Ana']],
    [[{ field: 'addresses.address', operator: 'neq', value: 'john@example.com' }], ['Ana', 'Jane', 'John', 'Zed']],
  ])('filters %j', async (filters, expected) => {
    const response = await search({ filters, sort: [{ field: 'firstName', direction: 'asc' }] });
    expect(response.statusCode).toBe(200);
    expect(names(response.json().items)).toEqual(expected);
  });

  it('combines search text, archived contacts and paging', async () => {
    const zed = (await search({ search: 'zed' })).json().items[0];
    const archived = await app.server.inject({ method: 'POST', url: `/api/v1/contacts/${zed.id}/archive`, headers: auth(apiKey) });
    expect(archived.json().archivedAt).toEqual(expect.any(String));
    expect((await search({ search: 'zed' })).json().items).toEqual([]);
    expect((await search({ search: 'zed', includeArchived: true })).json().items).toHaveLength(1);
    expect((await get('/api/v1/contacts')).json().totalCount).toBe(4);
    await app.server.inject({ method: 'POST', url: `/api/v1/contacts/${zed.id}/unarchive`, headers: auth(apiKey) });

    const first = (await search({ size: 3, sort: [{ field: 'lastName', direction: 'desc' }] })).json();
    expect(first.totalCount).toBeUndefined();
    const rest = (await search({ size: 3, sort: [{ field: 'lastName', direction: 'desc' }], pageToken: first.nextPageToken })).json();
    expect([...first.items, ...rest.items].map((item: { lastName: string | null }) => item.lastName)).toEqual([
      'Smith',
      'Lopez',
      'Doe',
      'Appleseed',
      null,
    ]);
  });

  it.each([
    [{ filters: [{ field: 'firstName', operator: 'like', value: 'x' }] }, 'filters[0].operator'],
    [{ filters: [{ field: 'secret', operator: 'eq', value: 'x' }] }, 'filters[0].field'],
    [{ filters: [{ field: 'createdAt', operator: 'gt', value: 'soon' }] }, 'filters[0].value'],
    [{ filters: [{ field: 'customFields.score', operator: 'gt', value: 'many' }] }, 'filters[0].value'],
    [{ filters: [{ field: 'firstName', operator: 'in', value: [] }] }, 'filters[0].value'],
    [{ sort: [{ field: 'customFields.score', direction: 'asc' }] }, 'sort'],
    [{ size: 1000 }, 'size'],
    [{ pageToken: 'eyJ3IjoxfQ' }, 'pageToken'],
    [{ unknown: true }, 'unknown'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await search(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });
});
