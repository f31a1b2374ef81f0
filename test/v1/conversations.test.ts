import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { createConversation, createFunnel, SEED_CREATE_SAMPLE, type TestFunnel } from '../helpers/funnels.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let funnel: TestFunnel;
let otherFunnel: TestFunnel;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  funnel = await createFunnel(app, apiKey, 'Sales', ['New', 'Qualified', 'Won']);
  otherFunnel = await createFunnel(app, otherKey, 'Theirs', ['Only']);
  await defineCustomField(app, apiKey, { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'budget', fieldType: 'NUMBER' });
  await defineCustomField(app, apiKey, { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'stage_note', fieldType: 'STRING' });
  await defineCustomField(app, apiKey, {
    entityType: 'FUNNEL_CONVERSATION',
    fieldKey: 'channel',
    fieldType: 'LIST',
    options: ['web', 'phone'],
  });
  await defineCustomField(app, apiKey, { entityType: 'CONTACT', fieldKey: 'source', fieldType: 'STRING' });
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
const contactCount = async (key = apiKey) =>
  (await request('GET', '/api/v1/contacts?pageSize=1', undefined, key)).json().totalCount as number;

describe('POST /api/v1/conversations (Create)', () => {
  it("creates 003's Create example with a new contact and answers 003's shape", async () => {
    const response = await request('POST', '/api/v1/conversations', {
      createdAt: '2019-08-24T14:15:22Z',
      userId: 7,
      funnelId: funnel.id,
      funnelStatusId: funnel.statuses[1]!.id,
      archivedAt: null,
      customFields: { budget: 1200, channel: 'web' },
      contact: {
        firstName: 'Jane',
        lastName: 'Doe',
        phones: ['+56 9 8765 4321'],
        emails: ['Jane.Doe@Example.com'],
        nationalId: '12.345.678-9',
        companyPosition: 'CTO',
        customFields: { source: 'web' },
        userId: 7,
      },
    });
    expect(response.statusCode).toBe(200);
    const conversation = response.json();
    expect(conversation).toEqual({
      id: expect.any(Number),
      tenantId: expect.any(String),
      contactId: expect.any(Number),
      userId: 7,
      funnelId: funnel.id,
      funnelStatusId: funnel.statuses[1]!.id,
      archivedAt: null,
      createdAt: '2019-08-24T14:15:22.000Z',
      updatedAt: expect.any(String),
      channelSessions: [],
      contacts: [
        expect.objectContaining({
          firstName: 'Jane',
          lastName: 'Doe',
          nationalId: '12.345.678-9',
          companyPosition: 'CTO',
          userId: 7,
          customFields: { source: 'web' },
          phone: '+56987654321',
          email: 'jane.doe@example.com',
          addresses: [
            expect.objectContaining({ channelType: 'PHONE', address: '+56987654321' }),
            expect.objectContaining({ channelType: 'EMAIL', address: 'jane.doe@example.com' }),
          ],
        }),
      ],
      customFields: { budget: 1200, channel: 'web' },
    });
    expect(conversation.contacts[0].id).toBe(conversation.contactId);
    expect(conversation.contacts[0].addresses[0].contactId).toBe(conversation.contactId);
  });

  it('matches an existing contact by any phone or email (normalized) and updates it instead of creating one', async () => {
    const existing = await createContact(app, apiKey, {
      firstName: 'Matt',
      addresses: [
        { channelType: 'WHATSAPP', address: '+1 415 555 2671' },
        { channelType: 'EMAIL', address: 'matt@example.com' },
      ],
    });
    const before = await contactCount();
    const byPhone = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      contact: { lastName: 'Murdock', phones: ['(415) 555-2671'.replace('(', '+1 (')] },
    });
    expect(byPhone.contactId).toBe(existing.id);
    expect(byPhone.contacts[0]).toMatchObject({ firstName: 'Matt', lastName: 'Murdock' });
    const byEmail = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      contact: { firstName: null, emails: ['MATT@example.COM'], phones: ['+14155550000'], customFields: { source: 'referral' } },
    });
    expect(byEmail.contactId).toBe(existing.id);
    expect(byEmail.contacts[0]).toMatchObject({ firstName: 'Matt', lastName: 'Murdock', customFields: { source: 'referral' } });
    expect(
      byEmail.contacts[0].addresses.map((address: { channelType: string; address: string }) => `${address.channelType}:${address.address}`),
    ).toEqual(['WHATSAPP:+14155552671', 'EMAIL:matt@example.com', 'PHONE:+14155550000']);
    expect(await contactCount()).toBe(before);
  });

  it('attaches contactId as given, and starts in the first status unless told otherwise', async () => {
    const contact = await createContact(app, apiKey, { firstName: 'Given' });
    const first = await createConversation(app, apiKey, { funnelId: funnel.id, contactId: contact.id });
    expect(first).toMatchObject({ contactId: contact.id, funnelStatusId: funnel.statuses[0]!.id, customFields: {} });
    const none = await createConversation(app, apiKey, { funnelId: funnel.id, funnelStatusId: null, contactId: contact.id });
    expect(none.funnelStatusId).toBeNull();
    const empty = await createFunnel(app, apiKey, 'No statuses', []);
    expect((await createConversation(app, apiKey, { funnelId: empty.id, contactId: contact.id })).funnelStatusId).toBeNull();
  });

  it('never matches a contact of another workspace', async () => {
    const theirs = await createContact(app, otherKey, { firstName: 'Theirs', email: 'shared@example.com' });
    const ours = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { emails: ['shared@example.com'] } });
    expect(ours.contactId).not.toBe(theirs.id);
    expect(ours.contacts[0].firstName).toBeNull();
  });

  it.each([
    [{ contact: { phones: ['+56911110000'] } }, 'funnelId'],
    [{ funnelId: 'x', contactId: 1 }, 'funnelId'],
    [{ funnelId: 0.1, contactId: 1 }, 'funnelId'],
    [{ funnelId: 'FUNNEL' }, 'contact'],
    [{ funnelId: 'FOREIGN_FUNNEL', contact: { phones: ['+56911110000'] } }, 'funnelId'],
    [{ funnelId: 'FUNNEL', funnelStatusId: 'FOREIGN_STATUS', contact: { phones: ['+56911110000'] } }, 'funnelStatusId'],
    [{ funnelId: 'FUNNEL', funnelStatusId: 987654, contact: { phones: ['+56911110000'] } }, 'funnelStatusId'],
    [{ funnelId: 'FUNNEL', contactId: 987654 }, 'contactId'],
    [{ funnelId: 'FUNNEL', contact: { firstName: 'No address' } }, 'contact.phones'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['12'] } }, 'contact.phones[0]'],
    [{ funnelId: 'FUNNEL', contact: { emails: ['not-an-email'] } }, 'contact.emails[0]'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'], nickname: 'x' } }, 'nickname'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'], customFields: { nope: 1 } } }, 'contact.customFields.nope'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'] }, customFields: { budget: 'lots' } }, 'customFields.budget'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'] }, customFields: { channel: 'fax' } }, 'customFields.channel'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'] }, customFields: { source: 'x' } }, 'customFields.source'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'] }, createdAt: 'yesterday' }, 'createdAt'],
    [{ funnelId: 'FUNNEL', contact: { phones: ['+56911110000'] }, mood: 'happy' }, 'mood'],
  ])('rejects %j with a 400 naming %s, writing nothing', async (template, field) => {
    // Unknown properties are named in the message; details.field is the object holding them.
    const unknownProperty = field === 'nickname' || field === 'mood';
    const payload = JSON.parse(
      JSON.stringify(template)
        .replace('"FOREIGN_FUNNEL"', String(otherFunnel.id))
        .replace('"FOREIGN_STATUS"', String(otherFunnel.statuses[0]!.id))
        .replace('"FUNNEL"', String(funnel.id)),
    );
    const contacts = await contactCount();
    const conversations = (await request('GET', '/api/v1/conversations?includeArchived=true')).json().totalCount;
    const response = await request('POST', '/api/v1/conversations', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    if (!unknownProperty) expect(response.json().details.field).toBe(field);
    expect(response.json().message).toContain(field);
    expect(await contactCount()).toBe(contacts);
    expect((await request('GET', '/api/v1/conversations?includeArchived=true')).json().totalCount).toBe(conversations);
  });

  it("answers 003's literal sample (placeholder ids) with a 400, not a 500", async () => {
    const response = await request('POST', '/api/v1/conversations', SEED_CREATE_SAMPLE);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
  });
});

describe('GET/PUT/DELETE /api/v1/conversations/{id}', () => {
  it('gets, updates only what is sent, and deletes', async () => {
    const created = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      customFields: { budget: 10, stage_note: 'first call' },
      contact: { firstName: 'Paula', phones: ['+56922223333'] },
    });
    const fetched = await request('GET', `/api/v1/conversations/${created.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);

    const updated = await request('PUT', `/api/v1/conversations/${created.id}`, {
      funnelStatusId: funnel.statuses[2]!.id,
      customFields: { budget: 20, stage_note: null },
      userId: 3,
      archivedAt: '2025-01-02T03:04:05Z',
      contact: { lastName: 'Pérez', emails: ['paula@example.com'] },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      id: created.id,
      contactId: created.contactId,
      funnelStatusId: funnel.statuses[2]!.id,
      userId: 3,
      archivedAt: '2025-01-02T03:04:05.000Z',
      createdAt: created.createdAt,
      customFields: { budget: 20 },
      contacts: [{ firstName: 'Paula', lastName: 'Pérez', email: 'paula@example.com', phone: '+56922223333' }],
    });

    const other = await createFunnel(app, apiKey, 'Moves', ['Start', 'End']);
    const moved = await request('PUT', `/api/v1/conversations/${created.id}`, { funnelId: other.id, archivedAt: null });
    expect(moved.json()).toMatchObject({ funnelId: other.id, funnelStatusId: other.statuses[0]!.id, archivedAt: null });
    const wrongStatus = await request('PUT', `/api/v1/conversations/${created.id}`, { funnelStatusId: funnel.statuses[0]!.id });
    expect(wrongStatus.statusCode).toBe(400);
    expect(wrongStatus.json().details.field).toBe('funnelStatusId');

    const deleted = await request('DELETE', `/api/v1/conversations/${created.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(created.id);
    expect((await request('GET', `/api/v1/conversations/${created.id}`)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/contacts/${created.contactId}`)).statusCode).toBe(200);
  });

  it('moves a conversation to another contact with contact.id', async () => {
    const created = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56933334444'] } });
    const target = await createContact(app, apiKey, { firstName: 'Target' });
    const moved = await request('PUT', `/api/v1/conversations/${created.id}`, { contact: { id: target.id, lastName: 'Person' } });
    expect(moved.json()).toMatchObject({ contactId: target.id, contacts: [{ id: target.id, firstName: 'Target', lastName: 'Person' }] });
    const missing = await request('PUT', `/api/v1/conversations/${created.id}`, { contact: { id: 987654 } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.field).toBe('contact.id');
  });

  it('answers 404 for unknown ids and 400 for malformed ones or bodies', async () => {
    expect((await request('GET', '/api/v1/conversations/987654')).json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
    expect((await request('PUT', '/api/v1/conversations/987654', { userId: 1 })).statusCode).toBe(404);
    expect((await request('DELETE', '/api/v1/conversations/987654')).statusCode).toBe(404);
    const bad = await request('GET', '/api/v1/conversations/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id');
    const created = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56944445555'] } });
    const unknownField = await request('PUT', `/api/v1/conversations/${created.id}`, { contactId: 5 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().message).toContain('contactId');
  });

  it('clears conversation values when their custom field definition is force-deleted', async () => {
    const { id: definitionId } = await defineCustomField(app, apiKey, {
      entityType: 'FUNNEL_CONVERSATION',
      fieldKey: 'temporary',
      fieldType: 'STRING',
    });
    const created = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      customFields: { temporary: 'x', budget: 1 },
      contact: { phones: ['+56955556666'] },
    });
    const refused = await request('DELETE', `/api/v1/custom-fields/definitions/${definitionId}`);
    expect(refused.statusCode).toBe(409);
    expect((await request('DELETE', `/api/v1/custom-fields/definitions/${definitionId}?force=true`)).statusCode).toBe(200);
    expect((await request('GET', `/api/v1/conversations/${created.id}`)).json().customFields).toEqual({ budget: 1 });
  });
});

describe('GET /api/v1/conversations', () => {
  it('filters, searches, sorts and pages; archived ones only when asked', async () => {
    const { apiKey: key } = await app.newWorkspace('Lists');
    const sales = await createFunnel(app, key, 'Sales', ['New', 'Won']);
    await defineCustomField(app, key, { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'budget', fieldType: 'NUMBER' });
    const made = [];
    for (const [name, budget] of [
      ['Ana', 100],
      ['Bruno', 200],
      ['Carla', 300],
    ] as const) {
      made.push(
        await createConversation(app, key, {
          funnelId: sales.id,
          customFields: { budget },
          contact: { firstName: name, phones: [`+5691234${budget}0`] },
        }),
      );
    }
    await request('PUT', `/api/v1/conversations/${made[1]!.id}`, { funnelStatusId: sales.statuses[1]!.id }, key);
    await request('PUT', `/api/v1/conversations/${made[2]!.id}`, { archivedAt: '2025-01-01T00:00:00Z' }, key);
    const list = async (query: string) => (await request('GET', `/api/v1/conversations?${query}`, undefined, key)).json();
    const firstNames = (body: { items: { contacts: { firstName: string }[] }[] }) => body.items.map((item) => item.contacts[0]!.firstName);

    expect(firstNames(await list(''))).toEqual(['Ana', 'Bruno']);
    expect(firstNames(await list('includeArchived=true&sortBy=createdAt=desc'))).toEqual(['Carla', 'Bruno', 'Ana']);
    expect(firstNames(await list(`filterBy=funnelStatusId:${sales.statuses[1]!.id}`))).toEqual(['Bruno']);
    expect(firstNames(await list('filterBy=customFields.budget:100'))).toEqual(['Ana']);
    expect(firstNames(await list('searchBy=bru'))).toEqual(['Bruno']);
    const page1 = await list('pageSize=1&includeArchived=true');
    expect(page1).toMatchObject({ totalCount: 3, nextPageToken: expect.any(String) });
    const page2 = await list(`pageSize=1&includeArchived=true&pageToken=${page1.nextPageToken}`);
    expect(firstNames(page2)).toEqual(['Bruno']);
    expect((await request('GET', `/api/v1/conversations?pageSize=1&pageToken=${page1.nextPageToken}`, undefined, key)).statusCode).toBe(
      400,
    );
    expect((await request('GET', '/api/v1/conversations?filterBy=nope:1', undefined, key)).statusCode).toBe(400);
    expect((await request('GET', '/api/v1/conversations?filterBy=customFields.nope:1', undefined, key)).statusCode).toBe(400);
  });
});

describe("another workspace's key", () => {
  it("can neither see nor change a conversation, nor point at this workspace's funnels and contacts", async () => {
    const created = await createConversation(app, apiKey, {
      funnelId: funnel.id,
      contact: { firstName: 'Private', phones: ['+56966667777'] },
    });
    for (const [method, payload] of [['GET'], ['PUT', { userId: 1 }], ['DELETE']] as const) {
      const response = await request(method, `/api/v1/conversations/${created.id}`, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private');
    }
    expect(
      (await request('GET', '/api/v1/conversations?includeArchived=true', undefined, otherKey))
        .json()
        .items.map((item: { id: number }) => item.id),
    ).not.toContain(created.id);
    const foreignFunnel = await request(
      'POST',
      '/api/v1/conversations',
      { funnelId: funnel.id, contact: { phones: ['+56900000001'] } },
      otherKey,
    );
    expect(foreignFunnel.statusCode).toBe(400);
    expect(foreignFunnel.json().details.field).toBe('funnelId');
    const foreignContact = await request(
      'POST',
      '/api/v1/conversations',
      { funnelId: otherFunnel.id, contactId: created.contactId },
      otherKey,
    );
    expect(foreignContact.statusCode).toBe(400);
    expect(foreignContact.json().details.field).toBe('contactId');
    expect((await request('GET', `/api/v1/conversations/${created.id}`)).json().userId).toBeNull();
  });

  it('requires an API key', async () => {
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/conversations' })).statusCode).toBe(401);
  });
});
