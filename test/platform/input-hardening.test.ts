import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { contacts } from '../../src/db/schema.js';
import { serializeError } from '../../src/shared/error-logging.js';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Issue 11, items 1 to 5 and part of 10: every reproduction, as the issue states it. */
let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { fieldKey: 'source', fieldType: 'STRING' });
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const request = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.server.inject({
    method,
    url,
    headers: { ...auth(apiKey), ...headers },
    ...(payload === undefined
      ? {}
      : typeof payload === 'string'
        ? { payload, headers: { ...auth(apiKey), 'content-type': 'application/json', ...headers } }
        : { payload: payload as object }),
  });

const expect400Naming = (response: { statusCode: number; body: string }, field: string) => {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.body).toContain(field);
};

describe('1. dates with years 0000-0099', () => {
  it('refuses a contact createdAt of 0020-02-29 with a 400, leaves no row, and the list keeps working', async () => {
    const before = (await request('GET', '/api/v1/contacts')).json().totalCount;
    const key = { 'idempotency-key': 'old-date-1' };
    const first = await request('POST', '/api/v1/contacts', { firstName: 'Old', createdAt: '0020-02-29T00:00:00Z' }, key);
    expect400Naming(first, 'createdAt');
    const retry = await request('POST', '/api/v1/contacts', { firstName: 'Old', createdAt: '0020-02-29T00:00:00Z' }, key);
    expect(retry.statusCode).toBe(400);
    const list = await request('GET', '/api/v1/contacts');
    expect(list.statusCode).toBe(200);
    expect(list.json().totalCount).toBe(before);
    expect((await request('POST', '/api/v1/contacts/search', { search: 'Old' })).statusCode).toBe(200);
  });

  it.each(['0000-01-01T00:00:00Z', '0099-12-31T00:00:00Z', '1899-12-31T23:59:59Z', '10000-01-01T00:00:00Z', '2024-02-30T00:00:00Z'])(
    'refuses a task dueDate and a conversation createdAt of %s',
    async (date) => {
      expect400Naming(await request('POST', '/api/v1/tasks', { title: 'Old', dueDate: date }), 'dueDate');
      expect400Naming(await request('POST', '/api/v1/conversations', { createdAt: date, contact: { firstName: 'Old' } }), 'createdAt');
    },
  );

  it('reads back the ends of the documented range exactly', async () => {
    for (const date of ['1900-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const created = await createContact(app, apiKey, { firstName: 'Edge', createdAt: date });
      expect(created.createdAt).toBe(date);
      const read = await request('GET', `/api/v1/contacts/${created.id}`);
      expect(read.json().createdAt).toBe(date);
    }
    expect((await request('GET', '/api/v1/contacts?sortBy=createdAt=asc&pageSize=1')).statusCode).toBe(200);
  });

  it('reads dates back exactly whatever the database time zone (local mean time offsets in seconds)', async () => {
    const created = await createContact(app, apiKey, { firstName: 'Monrovia', createdAt: '1900-01-01T00:00:00Z' });
    await app.database.pool.query(
      `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Africa/Monrovia'); END $$`,
    );
    const url = app.database.pool.options.connectionString!;
    const fresh = connectDatabase(url, { max: 1 });
    try {
      const [raw] = (await fresh.pool.query(`SELECT current_setting('TimeZone') AS zone`)).rows;
      expect(raw.zone).toBe('UTC');
      const rows = await fresh.db
        .select()
        .from(contacts)
        .where(sql`${contacts.id} = ${created.id}`);
      expect(rows[0]!.createdAt.toISOString()).toBe('1900-01-01T00:00:00.000Z');
    } finally {
      await fresh.close();
      await app.database.pool.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET timezone', current_database()); END $$`);
    }
  });
});

describe('2. NUL characters', () => {
  it.each([
    ['a text field', { firstName: 'N\u0000ul' }, 'firstName'],
    ['a custom field value', { firstName: 'Ann', customFields: { source: 'w\u0000eb' } }, 'customFields.source'],
    ['a JSON key', { firstName: 'Ann', metadata: { 'a\u0000b': 1 } }, 'metadata'],
    ['a nested array item', { firstName: 'Ann', addresses: [{ channelType: 'EMAIL', address: 'a\u0000@b.co' }] }, 'addresses[0].address'],
  ])('refuses %s with a 400 naming the field', async (_case, payload, field) => {
    const response = await request('POST', '/api/v1/contacts', payload);
    expect400Naming(response, field);
    expect(response.json().message).toContain('NUL');
  });

  it('refuses NUL in query and path parameters on every surface, in its error shape', async () => {
    const v1 = await request('GET', '/api/v1/contacts?searchBy=a%00b');
    expect400Naming(v1, 'searchBy');
    expect(v1.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    const chats = await request('GET', '/api/v1/chats?search=a%00b');
    expect(chats.statusCode).toBe(400);
    expect(chats.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const path = await request('GET', '/api/v1/channels/a%00b');
    expect400Naming(path, 'id');
    const support = await request('GET', '/api/agents/customerSupport/conversations?lead_id=a%00b');
    expect(support.statusCode).toBe(400);
    expect(support.json()).toMatchObject({ success: false, error: { code: 'INVALID_REQUEST' } });
  });

  it("answers a URL that does not decode, or NUL outside the surfaces, with a 400 in the owning surface's shape", async () => {
    const v1 = await request('GET', '/api/v1/contacts/%ff');
    expect400Naming(v1, 'url');
    expect(v1.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    const widget = await request('GET', '/api/widget/v1/config%ff');
    expect(widget.statusCode).toBe(400);
    expect(widget.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    for (const url of ['/%ff', '/app/%00', '/widget.js?x=%00', '/docs/%00']) {
      const response = await request('GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(Object.keys(response.json()).sort(), url).toEqual(['code', 'details', 'error', 'message']);
    }
  });

  it('logs failed queries without their parameters or the values PostgreSQL quotes', async () => {
    const email = 'jane.private@example.com';
    const failures = [
      app.database.db.execute(sql`SELECT ${email}::int`),
      app.database.db.execute(sql`SELECT ${email}::uuid`),
      app.database.db.execute(sql`SELECT * FROM (VALUES (${email}), (${email})) v(x) WHERE 1/0 = 1`),
    ];
    for (const failure of failures) {
      const error = await failure.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeDefined();
      const logged = JSON.stringify(serializeError(error));
      expect(logged).not.toContain(email);
      expect(logged).toContain('Failed query: SELECT');
      expect(logged).toMatch(/"code":"(22P02|22012)"/);
    }
  });
});

describe('3. dates PostgreSQL cannot take, in filters, search, page tokens and list parameters', () => {
  it.each([
    ['/api/v1/contacts?filterBy=createdAt:%2B010000-01-01T00:00:00Z', 'filterBy'],
    ['/api/v1/tasks?dueBefore=0000-01-01T00:00:00Z', 'dueBefore'],
    ['/api/v1/chats?lastChatMessageCreatedAtStart=0000-01-01T00:00:00Z', 'lastChatMessageCreatedAtStart'],
  ])('%s is a 400 naming %s', async (url, field) => {
    expect400Naming(await request('GET', url), field);
  });

  it('a search filter gt 0000-01-01 is a 400', async () => {
    const response = await request('POST', '/api/v1/contacts/search', {
      filters: [{ field: 'createdAt', operator: 'gt', value: '0000-01-01' }],
    });
    expect400Naming(response, 'filters[0].value');
    const dateOnly = await request('POST', '/api/v1/contacts/search', {
      filters: [{ field: 'createdAt', operator: 'gt', value: '2000-01-01' }],
    });
    expect(dateOnly.statusCode).toBe(200);
  });

  it('a page token altered by hand is a 400', async () => {
    await createContact(app, apiKey, { firstName: 'Page one' });
    await createContact(app, apiKey, { firstName: 'Page two' });
    const token: string = (await request('GET', '/api/v1/contacts?pageSize=1&sortBy=createdAt=asc')).json().nextPageToken;
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 1]! ^= 1;
    const altered = await request('GET', `/api/v1/contacts?pageSize=1&sortBy=createdAt=asc&pageToken=${raw.toString('base64url')}`);
    expect400Naming(altered, 'pageToken');
    const forged = Buffer.from(JSON.stringify({ w: 1, q: 'x', a: ['0000-01-01T00:00:00Z', 1] })).toString('base64url');
    expect400Naming(await request('GET', `/api/v1/contacts?pageSize=1&sortBy=createdAt=asc&pageToken=${forged}`), 'pageToken');
  });
});

describe('4. JSON nested 10,000 deep', () => {
  const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it.each([
    ['a channel settings', 'POST', '/api/v1/channels', (nested: string) => `{"type":"widget","name":"Site","settings":${nested}}`, 'body'],
    ['a company metadata', 'POST', '/api/v1/companies', (nested: string) => `{"name":"Acme","metadata":${nested}}`, 'body'],
  ] as const)('%s is a 400, with or without an Idempotency-Key', async (_case, method, url, body, field) => {
    expect400Naming(await request(method, url, body(deep(10_000))), field);
    const keyed = await request(method, url, body(deep(10_000)), { 'idempotency-key': `deep-${url}` });
    expect400Naming(keyed, 'nested more than 32 levels');
  });

  it('accepts free-form objects up to the limit', async () => {
    const response = await request('POST', '/api/v1/companies', `{"name":"Deep","metadata":${deep(30)}}`);
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('5. CSV exports and formula injection', () => {
  it('exports a first name starting with = as text, and leaves E.164 phones as they are', async () => {
    await createContact(app, apiKey, {
      firstName: '=HYPERLINK("http://evil.example","click")',
      lastName: '@SUM(1)',
      companyPosition: '-2+3',
      phone: '+56 9 8765 4321',
    });
    const csv = (await request('GET', '/api/v1/contacts/export.csv?filterBy=phone:%2B56987654321')).body;
    const row = csv.split('\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain(`"'@SUM(1)"`);
    expect(row).toContain(`"'-2+3"`);
    expect(row).toContain('"+56987654321"');
    expect(row).not.toMatch(/(^|,)"[=@]/);
  });
});

describe('10. __proto__, page tokens, unknown routes and wrong methods', () => {
  it('names a __proto__ field instead of calling the body "not valid JSON"', async () => {
    const response = await request('POST', '/api/v1/contacts', '{"firstName":"x","__proto__":{"admin":true}}');
    expect400Naming(response, '__proto__');
    expect(response.body).not.toContain('not valid JSON');
    const nested = await request('POST', '/api/v1/companies', '{"name":"x","metadata":{"constructor":{"prototype":{"a":1}}}}');
    expect400Naming(nested, 'metadata.constructor.prototype');
  });

  it('seals page tokens: no workspace id in them, and useless in another workspace', async () => {
    const token: string = (await request('GET', '/api/v1/contacts?pageSize=1')).json().nextPageToken;
    expect(token).toBeTruthy();
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(/"w"|workspace/);
    expect((await request('GET', `/api/v1/contacts?pageSize=1&pageToken=${token}`)).statusCode).toBe(200);
    const foreign = await app.server.inject({
      method: 'GET',
      url: `/api/v1/contacts?pageSize=1&pageToken=${token}`,
      headers: auth(otherKey),
    });
    expect400Naming(foreign, 'pageToken');
  });

  it.each([
    ['/api/v1/contacts/1/nothing', { code: 404, error: 'NOT_FOUND' }],
    ['/api/v1/chats/x/y/z', { code: 'NOT_FOUND' }],
    ['/api/agents/customerSupport/nothing', { success: false, error: { code: 'NOT_FOUND' } }],
    ['/admin/v1/nothing', { code: 404, error: 'NOT_FOUND' }],
    ['/webhooks/nothing', { code: 'NOT_FOUND' }],
    ['/nothing', { code: 404, error: 'NOT_FOUND' }],
  ])('an unknown route %s is a 404 in its surface error shape', async (url, shape) => {
    const response = await request('GET', url);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject(shape);
  });

  it.each([
    ['DELETE', '/api/v1/contacts', { code: 405, error: 'METHOD_NOT_ALLOWED' }, 'GET, HEAD, POST'],
    ['PUT', '/api/v1/chats', { code: 'METHOD_NOT_ALLOWED' }, 'GET, HEAD, POST'],
    ['POST', '/api/v1/contacts/12', { code: 405, error: 'METHOD_NOT_ALLOWED' }, 'DELETE, GET, HEAD, PUT'],
    ['POST', '/api/agents/customerSupport/conversations', { success: false, error: { code: 'METHOD_NOT_ALLOWED' } }, 'GET, HEAD'],
  ] as const)('%s %s is a 405 with an Allow header, in the surface error shape', async (method, url, shape, allow) => {
    const response = await request(method, url, method === 'DELETE' ? undefined : {});
    expect(response.statusCode, response.body).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json()).toMatchObject(shape);
  });
});
