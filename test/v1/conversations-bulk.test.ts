import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { createConversation, createFunnel, SEED_CREATE_SAMPLE, type TestFunnel } from '../helpers/funnels.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let funnel: TestFunnel;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  funnel = await createFunnel(app, apiKey, 'Sales', ['New', 'Qualified', 'Won']);
  await defineCustomField(app, apiKey, { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'budget', fieldType: 'NUMBER' });
  await defineCustomField(app, apiKey, { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'note', fieldType: 'STRING' });
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
const bulkCreate = (conversations: unknown[], key = apiKey) => request('POST', '/api/v1/conversations/bulk', { conversations }, key);
const bulkUpdate = (conversations: unknown[], key = apiKey) => request('PUT', '/api/v1/conversations/bulk', { conversations }, key);
const count = async (url: string, key = apiKey) => (await request('GET', url, undefined, key)).json().totalCount as number;
const issueOf = (report: { itemsIssues: { index: number }[] }, index: number) => report.itemsIssues.find((issue) => issue.index === index);

describe('POST /api/v1/conversations/bulk (BulkCreate)', () => {
  it('writes the valid items of a mixed batch and reports the invalid ones by index', async () => {
    const contactsBefore = await count('/api/v1/contacts');
    const response = await bulkCreate([
      { funnelId: funnel.id, customFields: { budget: 100 }, contact: { firstName: 'Valid', phones: ['+56910000001'] } },
      { contact: { phones: ['+56910000002'] } },
      { funnelId: funnel.id, contact: { firstName: 'Bad phone', phones: ['+56910000003', '12'] } },
      { funnelId: 987654, contact: { phones: ['+56910000004'] } },
      { funnelId: funnel.id, customFields: { nope: 1 }, contact: { firstName: 'Never written', emails: ['never@example.com'] } },
      'not an object',
      { funnelId: funnel.id, funnelStatusId: funnel.statuses[2]!.id, contact: { firstName: 'Also valid', emails: ['also@example.com'] } },
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ message: expect.any(String), operationId: expect.any(String), report: { batchErrors: [] } });
    expect(body.report.counts).toEqual({ successful: 2, warnings: 0, duplicates: 0, errors: 5, total: 7 });
    expect(body.report.itemsIssues.map((issue: { index: number }) => issue.index)).toEqual([1, 2, 3, 4, 5]);
    expect(issueOf(body.report, 1)).toEqual({
      index: 1,
      itemId: null,
      errors: [expect.objectContaining({ field: 'funnelId', code: 'REQUIRED_FIELD' })],
      warnings: [],
      existingEntities: {},
    });
    expect(issueOf(body.report, 2)).toMatchObject({ errors: [{ field: 'contact.phones[1]', code: 'INVALID_VALUE' }] });
    expect(issueOf(body.report, 3)).toMatchObject({ errors: [{ field: 'funnelId', code: 'NOT_FOUND', context: { funnelId: 987654 } }] });
    expect(issueOf(body.report, 4)).toMatchObject({ errors: [{ field: 'customFields.nope', code: 'INVALID_VALUE' }] });
    expect(issueOf(body.report, 5)).toMatchObject({ errors: [{ field: 'item', code: 'INVALID_VALUE' }] });

    // Only the two valid items were written, each whole: no contact of a rejected item exists.
    const written = (await request('GET', '/api/v1/conversations?sortBy=id=desc&pageSize=2')).json().items;
    expect(written.map((item: { contacts: { firstName: string }[] }) => item.contacts[0]!.firstName).sort()).toEqual([
      'Also valid',
      'Valid',
    ]);
    expect(written.find((item: { customFields: object }) => 'budget' in item.customFields).customFields).toEqual({ budget: 100 });
    expect(await count('/api/v1/contacts')).toBe(contactsBefore + 2);
    expect(await count('/api/v1/contacts?filterBy=email:never@example.com')).toBe(0);
  });

  it('flags contacts repeated within the batch or matching an existing one as DUPLICATE, without creating duplicates', async () => {
    const existing = await createContact(app, apiKey, { firstName: 'Existing', email: 'existing@example.com' });
    const contactsBefore = await count('/api/v1/contacts');
    const response = await bulkCreate([
      { funnelId: funnel.id, contact: { firstName: 'Repeat', phones: ['+56920000001'] } },
      { funnelId: funnel.id, contact: { lastName: 'Again', phones: ['+56 9 2000 0001'], emails: ['repeat@example.com'] } },
      { funnelId: funnel.id, contact: { emails: ['REPEAT@example.com'] } },
      { funnelId: funnel.id, contact: { lastName: 'Known', emails: ['existing@example.com'] } },
      { funnelId: funnel.id, contact: { firstName: 'Fresh', phones: ['+56920000009'] } },
    ]);
    const { report } = response.json();
    expect(report.counts).toEqual({ successful: 5, warnings: 3, duplicates: 3, errors: 0, total: 5 });
    expect(issueOf(report, 1)).toMatchObject({
      itemId: expect.any(Number),
      warnings: [{ code: 'DUPLICATE', field: 'contact' }],
      existingEntities: { duplicateOfIndex: 0 },
    });
    expect(issueOf(report, 2)).toMatchObject({ warnings: [{ code: 'DUPLICATE' }], existingEntities: { duplicateOfIndex: 0 } });
    expect(issueOf(report, 3)).toMatchObject({
      warnings: [{ code: 'DUPLICATE', context: { contactIds: [existing.id] } }],
      existingEntities: { contactId: existing.id },
    });
    expect(issueOf(report, 0)).toBeUndefined();
    expect(await count('/api/v1/contacts')).toBe(contactsBefore + 2);

    const repeated = (await request('GET', '/api/v1/contacts?filterBy=phone:%2B56920000001')).json().items;
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ firstName: 'Repeat', lastName: 'Again', email: 'repeat@example.com' });
    expect((await request('GET', `/api/v1/contacts/${existing.id}`)).json()).toMatchObject({ firstName: 'Existing', lastName: 'Known' });
    expect(await count(`/api/v1/conversations?filterBy=contactId:${repeated[0].id}`)).toBe(3);
  });

  it('returns the same report again from GET /conversations/bulk/{operationId}', async () => {
    const created = (await bulkCreate([{ funnelId: funnel.id, contact: { phones: ['+56930000001'] } }, { funnelId: 'x' }])).json();
    const fetched = await request('GET', `/api/v1/conversations/bulk/${created.operationId}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);
    expect((await request('GET', `/api/v1/conversations/bulk/${created.operationId}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('GET', '/api/v1/conversations/bulk/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await request('GET', '/api/v1/conversations/bulk/not-an-operation')).statusCode).toBe(400);
    expect((await request('GET', '/api/v1/conversations/bulk/3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c')).statusCode).toBe(404);
  });

  it('refuses a batch over 1,000 items whole, writing nothing; takes exactly 1,000', async () => {
    const items = (n: number, offset: number) =>
      Array.from({ length: n }, (_, index) => ({
        funnelId: funnel.id,
        contact: { phones: [`+5694${String(offset + index).padStart(7, '0')}`] },
      }));
    const before = await count('/api/v1/conversations');
    const tooMany = await bulkCreate(items(1001, 0));
    expect([400, 413]).toContain(tooMany.statusCode);
    expect(tooMany.json()).toMatchObject({ code: tooMany.statusCode, details: { field: 'conversations' } });
    expect(await count('/api/v1/conversations')).toBe(before);
    const empty = await bulkCreate([]);
    expect(empty.statusCode).toBe(400);

    const full = await bulkCreate(items(1000, 5000));
    expect(full.statusCode).toBe(200);
    expect(full.json().report.counts).toEqual({ successful: 1000, warnings: 0, duplicates: 0, errors: 0, total: 1000 });
    expect(await count('/api/v1/conversations')).toBe(before + 1000);
  });

  it('creates no duplicate contacts when concurrent batches name the same new contacts', async () => {
    const { apiKey: key } = await app.newWorkspace('Concurrent');
    const sales = await createFunnel(app, key, 'Sales', ['New']);
    const batch = (order: number[]) =>
      order.map((n) => ({
        funnelId: sales.id,
        contact: { firstName: `Person ${n}`, phones: [`+5695${String(n).padStart(7, '0')}`], emails: [`p${n}@example.com`] },
      }));
    const forward = Array.from({ length: 50 }, (_, n) => n);
    const responses = await Promise.all([
      bulkCreate(batch(forward), key),
      bulkCreate(batch([...forward].reverse()), key),
      bulkCreate(batch(forward), key),
    ]);
    for (const response of responses) expect(response.json().report.counts.successful).toBe(50);
    expect(await count('/api/v1/contacts', key)).toBe(50);
    expect(await count('/api/v1/conversations', key)).toBe(150);
  });

  it("reports another workspace's funnel, status and contact as NOT_FOUND", async () => {
    const ours = await createContact(app, apiKey, { firstName: 'Ours', email: 'ours@example.com' });
    const { report } = (
      await bulkCreate(
        [
          { funnelId: funnel.id, contact: { phones: ['+56970000001'] } },
          { funnelId: (await createFunnel(app, otherKey, 'Theirs', ['A'])).id, funnelStatusId: funnel.statuses[0]!.id, contactId: 1 },
          { funnelId: funnel.id, contactId: ours.id },
        ],
        otherKey,
      )
    ).json();
    expect(report.counts).toMatchObject({ successful: 0, errors: 3 });
    expect(issueOf(report, 0)).toMatchObject({ errors: [{ field: 'funnelId', code: 'NOT_FOUND' }] });
    expect(issueOf(report, 1)).toMatchObject({ errors: [{ field: 'funnelStatusId', code: 'NOT_FOUND' }] });
    expect(issueOf(report, 2)).toMatchObject({ errors: [{ field: 'funnelId', code: 'NOT_FOUND' }] });
    expect((await request('GET', `/api/v1/contacts/${ours.id}`)).json().firstName).toBe('Ours');
  });

  it("answers 003's literal sample with a report, not a 500", async () => {
    const response = await bulkCreate([SEED_CREATE_SAMPLE]);
    expect(response.statusCode).toBe(200);
    const { report } = response.json();
    expect(report.counts).toMatchObject({ successful: 0, errors: 1, total: 1 });
    expect(report.itemsIssues[0].errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['funnelId', 'userId', 'contactId']),
    );
  });
});

describe('PUT /api/v1/conversations/bulk (BulkUpdate)', () => {
  it('updates the valid items, reporting unknown and repeated ids and bad values', async () => {
    const one = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      customFields: { budget: 1, note: 'keep' },
      contact: { firstName: 'One', phones: ['+56960000001'] },
    });
    const two = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { firstName: 'Two', phones: ['+56960000002'] } });
    const theirs = await createConversation(app, otherKey, {
      funnelId: (await createFunnel(app, otherKey, 'Theirs', ['Only'])).id,
      contact: { phones: ['+56960000003'] },
    });
    const response = await bulkUpdate([
      {
        id: one.id,
        funnelStatusId: funnel.statuses[1]!.id,
        customFields: { budget: 2 },
        contact: { lastName: 'Updated', emails: ['one@example.com'] },
      },
      { id: two.id, archivedAt: '2025-02-02T00:00:00Z', userId: 9 },
      { id: 987654, userId: 1 },
      { id: theirs.id, userId: 1 },
      { id: one.id, userId: 5 },
      { funnelStatusId: funnel.statuses[0]!.id },
      { id: two.id + 0, customFields: { budget: 'x' } },
    ]);
    expect(response.statusCode).toBe(200);
    const { report, operationId } = response.json();
    expect(report.counts).toEqual({ successful: 2, warnings: 0, duplicates: 2, errors: 5, total: 7 });
    expect(issueOf(report, 2)).toMatchObject({ itemId: null, errors: [{ field: 'id', code: 'NOT_FOUND' }] });
    expect(issueOf(report, 3)).toMatchObject({ errors: [{ field: 'id', code: 'NOT_FOUND' }] });
    expect(issueOf(report, 4)).toMatchObject({ errors: [{ field: 'id', code: 'DUPLICATE', context: { duplicateOfIndex: 0 } }] });
    expect(issueOf(report, 5)).toMatchObject({ errors: [{ field: 'id', code: 'REQUIRED_FIELD' }] });
    expect(issueOf(report, 6)).toMatchObject({ errors: [{ field: 'id', code: 'DUPLICATE' }] });

    const updatedOne = (await request('GET', `/api/v1/conversations/${one.id}`)).json();
    expect(updatedOne).toMatchObject({ funnelStatusId: funnel.statuses[1]!.id, userId: null, customFields: { budget: 2, note: 'keep' } });
    expect(updatedOne.contacts[0]).toMatchObject({ firstName: 'One', lastName: 'Updated', email: 'one@example.com' });
    expect((await request('GET', `/api/v1/conversations/${two.id}`)).json()).toMatchObject({
      archivedAt: '2025-02-02T00:00:00.000Z',
      userId: 9,
      customFields: {},
    });
    expect((await request('GET', `/api/v1/conversations/${theirs.id}`, undefined, otherKey)).json().userId).toBeNull();
    expect((await request('GET', `/api/v1/conversations/bulk/${operationId}`)).json().report).toEqual(report);
  });

  it('warns when an added phone or email already belongs to another contact', async () => {
    const holder = await createContact(app, apiKey, { firstName: 'Holder', email: 'held@example.com' });
    const conversation = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56960000010'] } });
    const { report } = (await bulkUpdate([{ id: conversation.id, contact: { emails: ['held@example.com'] } }])).json();
    expect(report.counts).toMatchObject({ successful: 1, warnings: 1, duplicates: 1 });
    expect(report.itemsIssues[0]).toMatchObject({
      itemId: conversation.id,
      warnings: [{ code: 'DUPLICATE' }],
      existingEntities: { contactIds: [holder.id] },
    });
  });

  it("answers 003's literal sample with a report, and a batch over 1,000 items with a 400", async () => {
    const sample = await bulkUpdate([
      {
        createdAt: '2019-08-24T14:15:22Z',
        userId: 0.1,
        funnelStatusId: 0.1,
        archivedAt: '2019-08-24T14:15:22Z',
        customFields: { property1: null, property2: null },
        id: 0.1,
        contact: {
          firstName: 'string',
          lastName: 'string',
          phones: ['string'],
          emails: ['string'],
          nationalId: 'string',
          companyPosition: 'string',
          customFields: { property1: null, property2: null },
          userId: 0.1,
          id: 0.1,
        },
      },
    ]);
    expect(sample.statusCode).toBe(200);
    expect(sample.json().report.counts).toMatchObject({ successful: 0, errors: 1 });
    const tooMany = await bulkUpdate(Array.from({ length: 1001 }, (_, id) => ({ id: id + 1, userId: 1 })));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details.field).toBe('conversations');
  });

  it('rejects a body that is not a list of conversations', async () => {
    for (const payload of [{}, { conversations: 'x' }, { conversations: [], extra: 1 }]) {
      const response = await request('POST', '/api/v1/conversations/bulk', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    }
  });
});
