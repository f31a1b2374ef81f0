import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createAgent, createChannel, createChat, createOwner, sendChatMessage } from './factories.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let jane: Record<string, any>;
let api: Record<string, any>;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  jane = await createOwner(app, apiKey, {
    firstName: 'Jane',
    lastName: 'Doe',
    addresses: [{ channelType: 'WEBCHAT', address: 'visitor-1' }],
  });
  api = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
});

const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

const MISSING = '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c';

describe('POST/GET/PATCH/DELETE /api/v1/chats', () => {
  it("creates 004's chat with the workspace's default responder, and reads it back", async () => {
    const response = await request('POST', '/api/v1/chats', { channelId: null, ownerId: jane.uuid, title: 'Order status' });
    expect(response.statusCode).toBe(200);
    const chat = response.json();
    expect(chat).toMatchObject({
      id: expect.any(String),
      isRemoved: false,
      channelId: null,
      ownerId: jane.uuid,
      title: 'Order status',
      lastChatMessageCreatedAt: null,
      workspaceId: expect.any(String),
      responderId: expect.any(String),
      currentResponderId: chat.responderId,
      status: 'UNATTENDED',
    });
    const agents = (await request('GET', '/api/v1/agents')).json();
    expect(agents.items.map((agent: { uuid: string }) => agent.uuid)).toContain(chat.responderId);
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json()).toEqual(chat);

    const details = (await request('GET', `/api/v1/chats/${chat.id}/details`)).json();
    expect(details).toMatchObject({
      id: chat.id,
      channelId: null,
      channelName: null,
      channelType: null,
      ownerId: jane.uuid,
      ownerName: 'Jane Doe',
      ownerIdentifier: 'visitor-1',
      ownerEmail: null,
      isOwnerBlocked: false,
      lastMessageContent: null,
      penultimateMessageContent: null,
      responderEntity: 'agent',
      responderId: chat.responderId,
      responderName: 'Assistant',
      responderVersionNumber: 1,
      ticketId: null,
      ticketStatus: null,
    });
  });

  it('uses the responder named, else the channel’s', async () => {
    const bot = await createAgent(app, apiKey, 'Channel bot');
    const channel = await createChannel(app, apiKey, { type: 'widget', name: 'Site', responderId: bot.uuid });
    expect((await createChat(app, apiKey, { channelId: channel.uuid, ownerId: jane.uuid, title: null })).responderId).toBe(bot.uuid);
    const squad = (await request('POST', '/api/v1/squads', { name: 'Team' })).json();
    const chat = await createChat(app, apiKey, { channelId: channel.uuid, ownerId: jane.uuid, title: null, responderId: squad.uuid });
    const details = (await request('GET', `/api/v1/chats/${chat.id}/details`)).json();
    expect(details).toMatchObject({
      responderEntity: 'squad',
      responderId: squad.uuid,
      responderName: 'Team',
      channelName: 'Site',
      channelType: 'widget',
    });
  });

  it('updates what is sent, and pins the new responder’s version', async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: jane.uuid, title: 'Before' });
    const agent = await createAgent(app, apiKey, 'Closer');
    const renamed = (await request('PATCH', `/api/v1/agents/${agent.uuid}`, { name: 'Closer v2' })).json();
    const response = await request('PATCH', `/api/v1/chats/${chat.id}`, {
      title: 'After',
      lastChatMessageCreatedAt: '2025-01-02T03:04:05.000Z',
      status: 'PENDING',
      isRead: false,
      responderId: agent.uuid,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      title: 'After',
      lastChatMessageCreatedAt: '2025-01-02T03:04:05.000Z',
      status: 'PENDING',
      isRead: false,
      responderId: agent.uuid,
    });
    const details = (await request('GET', `/api/v1/chats/${chat.id}/details`)).json();
    expect(details).toMatchObject({ responderVersionId: renamed.versionId, responderVersionNumber: 2, responderName: 'Closer v2' });
    const asVersionOne = (await request('GET', `/api/v1/chats/${chat.id}/details?responderVersionId=${agent.versionId}`)).json();
    expect(asVersionOne).toMatchObject({ responderVersionId: agent.versionId, responderVersionNumber: 1, responderName: 'Closer' });
    expect((await request('GET', `/api/v1/chats/${chat.id}/details?responderVersionId=${MISSING}`)).statusCode).toBe(404);
    expect((await request('PATCH', `/api/v1/chats/${chat.id}`, { title: null })).json().title).toBeNull();
  });

  it('removes softly: 004’s message, isRemoved on read, gone from lists', async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: jane.uuid, title: 'To remove' });
    const removed = await request('DELETE', `/api/v1/chats/${chat.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ message: 'The chat was removed.' });
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json().isRemoved).toBe(true);
    expect((await request('GET', '/api/v1/chats?pageSize=100')).json().map((item: { id: string }) => item.id)).not.toContain(chat.id);
    expect(
      (await request('GET', '/api/v1/chats?pageSize=100&includeRemoved=true')).json().map((item: { id: string }) => item.id),
    ).toContain(chat.id);
    expect((await request('DELETE', `/api/v1/chats/${chat.id}`)).statusCode).toBe(200);
  });

  it.each([
    [{ channelId: null, ownerId: MISSING, title: null }, 'ownerId'],
    [{ channelId: MISSING, ownerId: 'OWNER', title: null }, 'channelId'],
    [{ channelId: null, ownerId: 'not-a-uuid', title: null }, 'ownerId'],
    [{ ownerId: 'OWNER', title: null }, 'channelId'],
    [{ channelId: null, ownerId: 'OWNER', title: null, responderId: MISSING }, 'responderId'],
    [{ channelId: null, ownerId: 'OWNER', title: null, extra: 1 }, 'extra'],
  ])('rejects %j naming %s in the {code, message} shape', async (payload, field) => {
    const body = JSON.parse(JSON.stringify(payload).replace('OWNER', jane.uuid));
    const response = await request('POST', '/api/v1/chats', body);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json()).sort()).toEqual(['code', 'message']);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(response.json().message).toContain(field);
  });

  it('answers 400 for a malformed id, 404 for an unknown one, 401 without a key', async () => {
    const bad = await request('GET', '/api/v1/chats/12');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('id');
    for (const url of [`/api/v1/chats/${MISSING}`, `/api/v1/chats/${MISSING}/details`]) {
      expect((await request('GET', url)).json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await request('PATCH', `/api/v1/chats/${MISSING}`, { title: 'x' })).statusCode).toBe(404);
    const anonymous = await app.server.inject({ method: 'GET', url: '/api/v1/chats' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("never shows or changes another workspace's chat", async () => {
    const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: jane.uuid, title: 'Private' });
    for (const [method, url, payload] of [
      ['GET', `/api/v1/chats/${chat.id}`],
      ['GET', `/api/v1/chats/${chat.id}/details`],
      ['PATCH', `/api/v1/chats/${chat.id}`, { title: 'Hacked' }],
      ['DELETE', `/api/v1/chats/${chat.id}`],
      ['GET', `/api/v1/chats/${chat.id}/messages`],
      ['POST', `/api/v1/chats/${chat.id}/messages`, { content: 'hi' }],
    ] as const) {
      const response = await request(method, url, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private');
    }
    expect((await request('GET', '/api/v1/chats', undefined, otherKey)).json()).toEqual([]);
    expect((await request('GET', '/api/v1/chats/details', undefined, otherKey)).json()).toEqual([]);
    // Another workspace's contact cannot own a chat here.
    const stranger = await createOwner(app, otherKey, { firstName: 'Stranger' });
    expect((await request('POST', '/api/v1/chats', { channelId: null, ownerId: stranger.uuid, title: null })).statusCode).toBe(400);
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json().title).toBe('Private');
    // Messages sent to it are not visible elsewhere either.
    await sendChatMessage(app, apiKey, chat.id, { content: 'secret words' });
    expect((await request('GET', '/api/v1/chats/details?search=secret', undefined, otherKey)).body).not.toContain('secret words');
  });
});
