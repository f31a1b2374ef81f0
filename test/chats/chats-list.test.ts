import { beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createAgent, createChannel, createChat, createOwner, sendChatMessage } from './factories.js';

let app: TestApp;
let apiKey: string;
const chats: Record<string, Record<string, any>> = {};
let agent: Record<string, any>;
let widget: Record<string, any>;
let slack: Record<string, any>;
let jane: Record<string, any>;
let bob: Record<string, any>;

const get = (url: string) => app.server.inject({ method: 'GET', url, headers: auth(apiKey) });
const titles = (items: { title: string }[]) => items.map((item) => item.title);

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  jane = await createOwner(app, apiKey, { firstName: 'Jane', lastName: 'Doe' });
  bob = await createOwner(app, apiKey, { firstName: 'Bob', addresses: [{ channelType: 'PHONE', address: '+56912345678' }] });
  await createAgent(app, apiKey, 'Default bot'); // the first agent answers chats that name none
  agent = await createAgent(app, apiKey, 'Sales bot');
  widget = await createChannel(app, apiKey, { type: 'widget', name: 'Site' });
  slack = await createChannel(app, apiKey, { type: 'slack', name: 'Slack' });
  // Created oldest first; each gets a message so the activity order is known.
  chats.a = await createChat(app, apiKey, { channelId: widget.uuid, ownerId: jane.uuid, title: 'A refund', responderId: agent.uuid });
  chats.b = await createChat(app, apiKey, { channelId: widget.uuid, ownerId: bob.uuid, title: 'B shipping' });
  chats.c = await createChat(app, apiKey, { channelId: slack.uuid, ownerId: jane.uuid, title: 'C internal' });
  chats.d = await createChat(app, apiKey, { channelId: null, ownerId: bob.uuid, title: 'D no channel' });
  for (const key of ['b', 'a', 'd']) await sendChatMessage(app, apiKey, chats[key]!.id, { content: `hello ${key}`, role: 'user' });
});

describe('GET /api/v1/chats and /api/v1/chats/details', () => {
  it('orders by latest activity and leaves out other channel types by default (chats without a channel stay)', async () => {
    const response = await get('/api/v1/chats');
    expect(response.statusCode).toBe(200);
    expect(titles(response.json())).toEqual(['D no channel', 'A refund', 'B shipping']);
    expect(response.headers['x-total-count']).toBe('3');
    expect(titles((await get('/api/v1/chats?channelTypes=slack')).json())).toEqual(['C internal']);
    expect(titles((await get('/api/v1/chats?channelTypes=slack&channelTypes=widget')).json())).toEqual([
      'A refund',
      'B shipping',
      'C internal',
    ]);
  });

  it.each([
    ['channelIds', () => widget.uuid, ['A refund', 'B shipping']],
    ['ownerIds', () => jane.uuid, ['A refund']],
    ['responderIds', () => agent.uuid, ['A refund']],
    ['responderVersionIds', () => agent.versionId, ['A refund']],
  ])('filters by %s, as one value, repeated, or with []', async (name, value, expected) => {
    expect(titles((await get(`/api/v1/chats?${name}=${value()}`)).json())).toEqual(expected);
    expect(titles((await get(`/api/v1/chats?${name}=${value()}&${name}=3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c`)).json())).toEqual(expected);
    expect(titles((await get(`/api/v1/chats?${name}[]=${value()}`)).json())).toEqual(expected);
    expect(titles((await get(`/api/v1/chats/details?${name}=${value()}`)).json())).toEqual(expected);
  });

  it('filters by the last message time range, search and status', async () => {
    const all = (await get('/api/v1/chats')).json();
    const a = all.find((chat: { title: string }) => chat.title === 'A refund');
    const range = await get(
      `/api/v1/chats?lastChatMessageCreatedAtStart=${a.lastChatMessageCreatedAt}&lastChatMessageCreatedAtEnd=${a.lastChatMessageCreatedAt}`,
    );
    expect(titles(range.json())).toEqual(['A refund']);
    expect(titles((await get('/api/v1/chats?search=refund')).json())).toEqual(['A refund']);
    expect(titles((await get('/api/v1/chats?search=bob')).json())).toEqual(['D no channel', 'B shipping']);
    expect(titles((await get('/api/v1/chats?search=912345')).json())).toEqual(['D no channel', 'B shipping']);
    expect(titles((await get('/api/v1/chats?statuses=CLOSED')).json())).toEqual([]);
  });

  it('pages with pageNumber and pageSize', async () => {
    const first = await get('/api/v1/chats?pageSize=2');
    expect(titles(first.json())).toEqual(['D no channel', 'A refund']);
    expect(first.headers).toMatchObject({ 'x-total-count': '3', 'x-page-number': '1', 'x-page-size': '2' });
    expect(titles((await get('/api/v1/chats?pageSize=2&pageNumber=2')).json())).toEqual(['B shipping']);
    expect((await get('/api/v1/chats?pageSize=2&pageNumber=3')).json()).toEqual([]);
  });

  it('shows details with the last and penultimate messages', async () => {
    await sendChatMessage(app, apiKey, chats.a!.id, { content: 'We can refund that.' });
    const details = (await get(`/api/v1/chats/details?ownerIds=${jane.uuid}`)).json();
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({
      title: 'A refund',
      channelName: 'Site',
      channelType: 'widget',
      ownerName: 'Jane Doe',
      lastMessageContent: 'We can refund that.',
      lastMessageRole: 'operator',
      penultimateMessageContent: 'hello a',
      penultimateMessageRole: 'user',
      responderName: 'Sales bot',
      responderVersionNumber: 1,
    });
    expect(new Date(details[0].lastMessageCreatedAt) >= new Date(details[0].penultimateMessageCreatedAt)).toBe(true);
    const bobs = (await get(`/api/v1/chats/details?ownerIds=${bob.uuid}&channelIds=${widget.uuid}`)).json();
    expect(bobs[0]).toMatchObject({ ownerIdentifier: '+56912345678', lastMessageContent: 'hello b', penultimateMessageContent: null });
  });

  it.each([
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['pageNumber=0', 'pageNumber'],
    ['channelIds=nope', 'channelIds'],
    ['channelTypes=fax', 'channelTypes'],
    ['ownerIds[]=nope', 'ownerIds'],
    ['lastChatMessageCreatedAtStart=yesterday', 'lastChatMessageCreatedAtStart'],
  ])('rejects %s naming %s', async (query, field) => {
    for (const path of ['/api/v1/chats', '/api/v1/chats/details']) {
      const response = await get(`${path}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.json().message).toContain(field);
    }
  });
});
