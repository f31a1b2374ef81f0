import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createChannel, createChat, createOwner, sendChatMessage } from './factories.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let owner: Record<string, any>;
let api: Record<string, any>;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  owner = await createOwner(app, apiKey, { firstName: 'Ana' });
  api = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
});

const request = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

describe('/api/v1/chats/{id}/messages', () => {
  it('stores messages from the contact and the team, moving the chat’s inbox state', async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
    const inbound = await sendChatMessage(app, apiKey, chat.id, { content: 'Hi, where is my order?', role: 'user' });
    expect(inbound).toMatchObject({
      conversationId: chat.id,
      contactId: owner.id,
      content: 'Hi, where is my order?',
      direction: 'inbound',
      role: 'user',
      status: 'received',
      type: 'text',
      channel: 'api',
      providerId: null,
      attachments: [],
      errors: [],
    });
    let state = (await request('GET', `/api/v1/chats/${chat.id}`)).json();
    expect(state).toMatchObject({ isRead: false, status: 'UNATTENDED', lastChatMessageCreatedAt: inbound.createdAt });

    const reply = await sendChatMessage(app, apiKey, chat.id, {
      content: 'It ships today.',
      userId: 'user-7',
      customFields: { source: 'inbox' },
    });
    expect(reply).toMatchObject({
      direction: 'outbound',
      role: 'operator',
      status: 'sent',
      userId: 'user-7',
      customFields: { source: 'inbox' },
    });
    state = (await request('GET', `/api/v1/chats/${chat.id}`)).json();
    expect(state).toMatchObject({ status: 'ATTENDED', lastChatMessageCreatedAt: reply.createdAt });

    // The message reads the same through 003's GetMessage.
    expect((await request('GET', `/api/v1/messages/${reply.id}`)).json()).toEqual(reply);
  });

  it('records events for the chat and the message in the same transaction', async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: 'Evented' });
    const message = await sendChatMessage(app, apiKey, chat.id, { content: 'tracked' });
    const { rows } = await app.database.pool.query<{ type: string; id: string }>(
      `SELECT type, data->>'uuid' AS id FROM events WHERE data->>'uuid' IN ($1, $2) ORDER BY events.id`,
      [chat.id, message.id],
    );
    expect(rows).toEqual([
      { type: 'chat.created', id: chat.id },
      { type: 'message.created', id: message.id },
      { type: 'chat.updated', id: chat.id },
    ]);
  });

  it('lists newest last, paging back from the newest', async () => {
    const chat = await createChat(app, apiKey, { channelId: null, ownerId: owner.uuid, title: 'Paging' });
    for (let index = 1; index <= 5; index += 1) await sendChatMessage(app, apiKey, chat.id, { content: `m${index}` });
    const latest = await request('GET', `/api/v1/chats/${chat.id}/messages?pageSize=2`);
    expect(latest.statusCode).toBe(200);
    expect(latest.headers['x-total-count']).toBe('5');
    expect(latest.json().map((message: { content: string }) => message.content)).toEqual(['m4', 'm5']);
    expect(
      (await request('GET', `/api/v1/chats/${chat.id}/messages?pageSize=2&pageNumber=3`))
        .json()
        .map((message: { content: string }) => message.content),
    ).toEqual(['m1']);
    expect((await request('GET', `/api/v1/chats/${chat.id}/messages`)).json()).toHaveLength(5);
  });

  it.each([
    [{ content: '' }, 400, 'content'],
    [{ content: '   ' }, 400, 'content'],
    [{ content: 'x', type: 'image' }, 400, 'fileId'],
    [{ content: 'x', fileId: '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c' }, 400, 'fileId'],
    [{ content: 'x', role: 'robot' }, 400, 'role'],
    [{ content: 'x', extra: true }, 400, 'extra'],
  ])('rejects %j (%i naming %s), storing nothing', async (payload, status, field) => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
    const response = await request('POST', `/api/v1/chats/${chat.id}/messages`, payload);
    expect(response.statusCode).toBe(status);
    expect(response.json().message).toContain(field);
    expect((await request('GET', `/api/v1/chats/${chat.id}/messages`)).json()).toEqual([]);
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json().lastChatMessageCreatedAt).toBeNull();
  });

  it('refuses messages on a removed chat or channel and answers 404 for unknown chats', async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
    await request('DELETE', `/api/v1/chats/${chat.id}`);
    const refused = await request('POST', `/api/v1/chats/${chat.id}/messages`, { content: 'hello?' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONFLICT' });
    expect((await request('GET', '/api/v1/chats/3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c/messages')).statusCode).toBe(404);
    const channel = (await request('POST', '/api/v1/channels', { type: 'api', name: 'Short-lived' })).json();
    const onRemovedChannel = await createChat(app, apiKey, { channelId: channel.uuid, ownerId: owner.uuid, title: null });
    await request('DELETE', `/api/v1/channels/${channel.id}`);
    expect((await request('POST', `/api/v1/chats/${onRemovedChannel.id}/messages`, { content: 'anyone?' })).statusCode).toBe(409);
  });

  it("never shows another workspace's messages", async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
    const message = await sendChatMessage(app, apiKey, chat.id, { content: 'confidential' });
    expect((await request('GET', `/api/v1/chats/${chat.id}/messages`, undefined, otherKey)).statusCode).toBe(404);
    const other = await request('GET', `/api/v1/messages/${message.id}`, undefined, otherKey);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('confidential');
  });
});
