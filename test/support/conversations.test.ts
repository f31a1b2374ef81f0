import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let lead: Record<string, any>;
let site: Record<string, any>;
const conversations: Record<string, Record<string, any>> = {};
// 002's sample user id: not a UUID v4, and accepted.
const USER_ID = '6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d';
const BASE = '/api/agents/customerSupport/conversations';

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  lead = await createOwner(app, apiKey, { firstName: 'Lea', addresses: [{ channelType: 'WEBCHAT', address: 'visitor-abc' }] });
  const someoneElse = await createOwner(app, apiKey, { firstName: 'Sam' });
  site = await createChannel(app, apiKey, { type: 'widget', name: 'Website' });
  const api = await createChannel(app, apiKey, { type: 'api', name: 'API' });
  conversations.returns = await createChat(app, apiKey, { channelId: site.uuid, ownerId: lead.uuid, title: 'Return Request' });
  conversations.order = await createChat(app, apiKey, { channelId: site.uuid, ownerId: lead.uuid, title: 'Order Status Inquiry' });
  conversations.other = await createChat(app, apiKey, { channelId: api.uuid, ownerId: someoneElse.uuid, title: 'Elsewhere' });
  conversations.removed = await createChat(app, apiKey, { channelId: site.uuid, ownerId: lead.uuid, title: 'Removed' });
  await app.server.inject({ method: 'DELETE', url: `/api/v1/chats/${conversations.removed.id}`, headers: auth(apiKey) });
  await sendChatMessage(app, apiKey, conversations.returns.id, { content: 'I want to return this', role: 'user' });
  await sendChatMessage(app, apiKey, conversations.returns.id, { content: 'Return processed.', role: 'assistant' });
  await sendChatMessage(app, apiKey, conversations.order.id, { content: 'Where is my order?', role: 'user' });
  await sendChatMessage(app, apiKey, conversations.order.id, { content: 'Checking.', role: 'assistant' });
  await sendChatMessage(app, apiKey, conversations.order.id, { content: 'It has shipped.', role: 'assistant' });
  await app.server.inject({
    method: 'PATCH',
    url: `/api/v1/chats/${conversations.order.id}`,
    headers: auth(apiKey),
    payload: { assigneeUserId: USER_ID },
  });
});

describe('GET /api/agents/customerSupport/conversations', () => {
  it("answers 002's example request: by lead, last activity first, with counts and last messages", async () => {
    const response = await get(`${BASE}?lead_id=${lead.uuid}&limit=5`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.success).toBe(true);
    expect(body.data.pagination).toEqual({ limit: 5, offset: 0, total: 2 });
    expect(body.data.conversations.map((conversation: { title: string }) => conversation.title)).toEqual([
      'Order Status Inquiry',
      'Return Request',
    ]);
    expect(body.data.conversations[0]).toEqual({
      id: conversations.order!.id,
      title: 'Order Status Inquiry',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      lead_id: lead.uuid,
      visitor_id: 'visitor-abc',
      user_id: USER_ID,
      agent_id: conversations.order!.responderId,
      message_count: 3,
      last_message: { content: 'It has shipped.', role: 'assistant', created_at: expect.any(String) },
    });
    expect(body.data.conversations[1]).toMatchObject({ message_count: 2, user_id: null, last_message: { content: 'Return processed.' } });
    const [first, second] = body.data.conversations;
    expect(new Date(first.updated_at) >= new Date(second.updated_at)).toBe(true);
  });

  it('filters by site, visitor and user, together when several are given, and pages with limit/offset', async () => {
    const titles = async (query: string) =>
      (await get(`${BASE}?${query}`)).json().data.conversations.map((conversation: { title: string }) => conversation.title);
    expect(await titles(`site_id=${site.uuid}&limit=10`)).toEqual(['Order Status Inquiry', 'Return Request']);
    expect(await titles('visitor_id=visitor-abc')).toEqual(['Order Status Inquiry', 'Return Request']);
    expect(await titles(`user_id=${USER_ID}`)).toEqual(['Order Status Inquiry']);
    expect(await titles(`lead_id=${lead.uuid}&user_id=${USER_ID}`)).toEqual(['Order Status Inquiry']);
    const page = (await get(`${BASE}?lead_id=${lead.uuid}&limit=1&offset=1`)).json().data;
    expect(page.conversations.map((conversation: { title: string }) => conversation.title)).toEqual(['Return Request']);
    expect(page.pagination).toEqual({ limit: 1, offset: 1, total: 2 });
    expect((await get(`${BASE}?lead_id=${lead.uuid}`)).json().data.pagination.limit).toBe(10);
  });

  it("answers 002's error for a request without any filter", async () => {
    const response = await get(`${BASE}?limit=5`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      success: false,
      error: { code: 'INVALID_REQUEST', message: 'At least one of lead_id, visitor_id, user_id, or site_id is required' },
    });
  });

  it.each([
    ['lead_id=not-a-uuid', 'lead_id'],
    ['site_id=123', 'site_id'],
    ['user_id=x', 'user_id'],
    [`lead_id=${'f41bb290-0404-44d7-a969-b21a7ec65b77'}&limit=0`, 'limit'],
    [`lead_id=${'f41bb290-0404-44d7-a969-b21a7ec65b77'}&limit=101`, 'limit'],
    [`lead_id=${'f41bb290-0404-44d7-a969-b21a7ec65b77'}&offset=-1`, 'offset'],
    [`lead_id=${'f41bb290-0404-44d7-a969-b21a7ec65b77'}&limit=abc`, 'limit'],
  ])('rejects %s with INVALID_REQUEST naming %s', async (query, field) => {
    const response = await get(`${BASE}?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'INVALID_REQUEST' } });
    expect(response.json().error.message).toContain(field);
  });

  it('answers 401 in its envelope without a key, and shows nothing to another workspace', async () => {
    const anonymous = await app.server.inject({ method: 'GET', url: `${BASE}?lead_id=${lead.uuid}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    for (const query of [`lead_id=${lead.uuid}`, `site_id=${site.uuid}`, 'visitor_id=visitor-abc', `user_id=${USER_ID}`]) {
      expect((await get(`${BASE}?${query}`, otherKey)).json()).toEqual({
        success: true,
        data: { conversations: [], pagination: { limit: 10, offset: 0, total: 0 } },
      });
    }
  });
});

describe('GET /api/agents/customerSupport/conversations/messages', () => {
  it('lists a conversation’s messages oldest first, by limit and offset', async () => {
    const response = await get(`${BASE}/messages?conversation_id=${conversations.order!.id}&limit=2`);
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data.pagination).toEqual({ limit: 2, offset: 0, total: 3 });
    expect(data.messages.map((message: { content: string }) => message.content)).toEqual(['Where is my order?', 'Checking.']);
    expect(data.messages[0]).toEqual({
      id: expect.any(String),
      conversation_id: conversations.order!.id,
      content: 'Where is my order?',
      role: 'user',
      type: 'text',
      status: 'received',
      created_at: expect.any(String),
    });
    const rest = (await get(`${BASE}/messages?conversation_id=${conversations.order!.id}&limit=2&offset=2`)).json().data;
    expect(rest.messages.map((message: { content: string }) => message.content)).toEqual(['It has shipped.']);
  });

  it('answers 400 without or with a malformed conversation_id, 404 for unknown, removed or foreign ones', async () => {
    expect((await get(`${BASE}/messages`)).json()).toMatchObject({
      success: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('conversation_id') },
    });
    expect((await get(`${BASE}/messages?conversation_id=nope`)).statusCode).toBe(400);
    for (const [id, key] of [
      ['3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c', apiKey],
      [conversations.removed!.id, apiKey],
      [conversations.order!.id, otherKey],
    ] as const) {
      const response = await get(`${BASE}/messages?conversation_id=${id}`, key);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(response.body).not.toContain('shipped');
    }
  });

  it('answers unknown routes in its envelope', async () => {
    const response = await get('/api/agents/customerSupport/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });
});
