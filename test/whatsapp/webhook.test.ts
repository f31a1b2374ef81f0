import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createChannel } from '../chats/factories.js';
import { inboundPayload, postWebhook, statusPayload } from './webhook-payloads.js';

let app: TestApp;
let graph: FakeGraphApi;
let apiKey: string;
let otherKey: string;
const APP_SECRET = 'acme-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const OTHER_PHONE_NUMBER_ID = '206540352242922';

beforeAll(async () => {
  graph = await startFakeGraphApi();
  app = await buildTestApp({ WHATSAPP_API_BASE_URL: graph.url });
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  const settings = {
    phoneNumber: '+15550001111',
    businessAccountId: '102290129340398',
    accessToken: 'token-acme',
    appSecret: APP_SECRET,
    verifyToken: 'acme-verify',
  };
  await createChannel(app, apiKey, { type: 'whatsapp', name: 'Acme WhatsApp', settings: { ...settings, phoneNumberId: PHONE_NUMBER_ID } });
  await createChannel(app, otherKey, {
    type: 'whatsapp',
    name: 'Other WhatsApp',
    settings: {
      ...settings,
      phoneNumber: '+15550002222',
      phoneNumberId: OTHER_PHONE_NUMBER_ID,
      appSecret: 'other-secret',
      verifyToken: 'other-verify',
    },
  });
});
afterAll(() => graph.close());

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });
const count = async (table: string) => Number((await app.database.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
/** The WhatsApp chat with Jane (+14155552671). */
const janesChat = async () => (await get('/api/v1/chats/details?channelTypes=whatsapp&search=14155552671')).json()[0];
const totals = async () => ({ contacts: await count('contacts'), chats: await count('chats'), messages: await count('messages') });
/** Processes what the webhook stored (the background is not started in this file). */
const processStored = () => app.background.inboundWebhooks.drain();
/** Posts a delivery and processes it, as the background would within a second. */
const deliver = async (body: object | string, appSecret: string) => {
  const response = await postWebhook(app, body, appSecret);
  return { response, outcome: await processStored() };
};

describe('GET /webhooks/whatsapp (verification)', () => {
  it('echoes the challenge for a channel’s verify token', async () => {
    const response = await app.server.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=acme-verify&hub.challenge=1158201444',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toBe('1158201444');
  });

  it('refuses a wrong token (403) and an incomplete handshake (400)', async () => {
    const wrong = await app.server.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('1');
    expect((await app.server.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.verify_token=acme-verify' })).statusCode).toBe(400);
  });
});

describe('POST /webhooks/whatsapp', () => {
  it('stores an inbound message once however often it is delivered: one contact, one chat, one message', async () => {
    const before = await totals();
    const payload = inboundPayload(PHONE_NUMBER_ID, { id: 'wamid.IN1', type: 'text', text: { body: 'Hi, is my order ready?' } });
    const first = await deliver(payload, APP_SECRET);
    expect(first.response.statusCode).toBe(200);
    expect(first.response.json()).toEqual({ queued: 1, ignored: 0 });
    expect(first.outcome).toMatchObject({ stored: 1, duplicates: 0 });
    const retry = await deliver(payload, APP_SECRET);
    expect(retry.response.statusCode).toBe(200);
    expect(retry.outcome).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await totals()).toEqual({ contacts: before.contacts + 1, chats: before.chats + 1, messages: before.messages + 1 });

    const [chat] = (await get('/api/v1/chats/details?channelTypes=whatsapp')).json();
    expect(chat).toMatchObject({
      ownerName: 'Jane Doe',
      ownerIdentifier: '+14155552671',
      channelType: 'whatsapp',
      lastMessageContent: 'Hi, is my order ready?',
      lastMessageRole: 'user',
      isRead: false,
    });
    const message = (await get('/api/v1/messages/wamid.IN1')).json();
    expect(message).toMatchObject({
      providerId: 'wamid.IN1',
      direction: 'inbound',
      status: 'received',
      channel: 'whatsapp',
      sender: { address: '+14155552671', providerId: '14155552671', displayName: 'Jane Doe' },
    });
    const contact = (await get(`/api/v1/contacts/${message.contactId}`)).json();
    expect(contact).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      addresses: [{ channelType: 'WHATSAPP', address: '+14155552671' }],
    });

    // A second message from the same number lands in the same chat and contact.
    await deliver(
      inboundPayload(PHONE_NUMBER_ID, {
        id: 'wamid.IN2',
        type: 'image',
        image: { id: '555', mime_type: 'image/jpeg', caption: 'Receipt' },
      }),
      APP_SECRET,
    );
    expect(await totals()).toEqual({ contacts: before.contacts + 1, chats: before.chats + 1, messages: before.messages + 2 });
    const image = (await get('/api/v1/messages/wamid.IN2')).json();
    expect(image).toMatchObject({
      type: 'image',
      content: 'Receipt',
      conversationId: message.conversationId,
      attachments: [{ id: '555', type: 'image', url: null }],
    });
  });

  it('stores concurrent deliveries of a new sender once', async () => {
    const before = await totals();
    const payload = inboundPayload(
      PHONE_NUMBER_ID,
      { id: 'wamid.RACE', from: '447700900123', type: 'text', text: { body: 'twice at once' } },
      'Racer',
    );
    const responses = await Promise.all([
      postWebhook(app, payload, APP_SECRET),
      postWebhook(app, payload, APP_SECRET),
      postWebhook(app, payload, APP_SECRET),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(await processStored()).toMatchObject({ claimed: 3, stored: 1, duplicates: 2 });
    expect(await totals()).toEqual({ contacts: before.contacts + 1, chats: before.chats + 1, messages: before.messages + 1 });
  });

  it('stores a message whose text holds a NUL character (which jsonb cannot) with U+FFFD in its place', async () => {
    const { response } = await deliver(
      inboundPayload(PHONE_NUMBER_ID, { id: 'wamid.NUL', from: '14155550000', type: 'text', text: { body: 'a\u0000b' } }),
      APP_SECRET,
    );
    expect(response.statusCode).toBe(200);
    expect((await get('/api/v1/messages/wamid.NUL')).json().content).toBe('a\ufffdb');
  });

  it('finds an existing contact by their WhatsApp number', async () => {
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: auth(apiKey),
      payload: { firstName: 'Known', addresses: [{ channelType: 'WHATSAPP', address: '+56 9 8765 4321' }] },
    });
    await deliver(
      inboundPayload(PHONE_NUMBER_ID, { id: 'wamid.KNOWN', from: '56987654321', type: 'text', text: { body: 'hola' } }, 'Someone Else'),
      APP_SECRET,
    );
    expect((await get('/api/v1/messages/wamid.KNOWN')).json().contactId).toBe(created.json().id);
  });

  it('moves a sent message to delivered and read, never backwards', async () => {
    const chat = await janesChat();
    const sent = await app.server.inject({
      method: 'POST',
      url: `/api/v1/chats/${chat.id}/messages`,
      headers: auth(apiKey),
      payload: { content: 'Yes, it ships today.' },
    });
    expect(sent.json()).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^wamid\.FAKE/) });
    const providerId = sent.json().providerId;
    expect(graph.requests.at(-1)!.json).toMatchObject({ to: '14155552671', text: { body: 'Yes, it ships today.' } });

    expect((await deliver(statusPayload(PHONE_NUMBER_ID, [{ id: providerId, status: 'delivered' }]), APP_SECRET)).outcome).toMatchObject({
      statusesApplied: 1,
    });
    expect((await get(`/api/v1/messages/${providerId}`)).json().status).toBe('delivered');
    await deliver(statusPayload(PHONE_NUMBER_ID, [{ id: providerId, status: 'read' }]), APP_SECRET);
    expect((await get(`/api/v1/messages/${providerId}`)).json().status).toBe('read');
    const late = await deliver(
      statusPayload(PHONE_NUMBER_ID, [
        { id: providerId, status: 'delivered' },
        { id: 'wamid.UNKNOWN', status: 'read' },
      ]),
      APP_SECRET,
    );
    expect(late.outcome).toMatchObject({ statusesApplied: 0, ignored: 2 });
    expect((await get(`/api/v1/messages/${providerId}`)).json().status).toBe('read');
  });

  it('records a failed delivery with the provider’s error', async () => {
    const chat = await janesChat();
    const sent = (
      await app.server.inject({
        method: 'POST',
        url: `/api/v1/chats/${chat.id}/messages`,
        headers: auth(apiKey),
        payload: { content: 'Will fail' },
      })
    ).json();
    await deliver(
      statusPayload(PHONE_NUMBER_ID, [
        {
          id: sent.providerId,
          status: 'failed',
          errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed' } }],
        },
      ]),
      APP_SECRET,
    );
    expect((await get(`/api/v1/messages/${sent.id}`)).json()).toMatchObject({
      status: 'failed',
      errors: [{ code: 131047, title: 'Re-engagement message', message: 'More than 24 hours have passed', provider: 'whatsapp' }],
    });
  });

  it('rejects a bad or missing signature with 401 and stores nothing', async () => {
    const before = await totals();
    const queuedBefore = await count('inbound_webhooks');
    const payload = inboundPayload(PHONE_NUMBER_ID, { id: 'wamid.FORGED', type: 'text', text: { body: 'forged' } });
    expect((await postWebhook(app, payload, 'wrong-secret')).statusCode).toBe(401);
    expect((await postWebhook(app, payload, APP_SECRET, 'sha256=' + '0'.repeat(64))).statusCode).toBe(401);
    const unsigned = await app.server.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Signed over other bytes than those sent (re-serialized JSON) does not pass either.
    const raw = JSON.stringify(payload);
    const { signatureOf } = await import('../../src/integrations/whatsapp/signature.js');
    expect((await postWebhook(app, raw.replace('forged', 'forgeD'), APP_SECRET, signatureOf(raw, APP_SECRET))).statusCode).toBe(401);
    // Another channel's secret does not sign for this one.
    expect((await postWebhook(app, payload, 'other-secret')).statusCode).toBe(401);
    expect(await count('inbound_webhooks')).toBe(queuedBefore);
    await processStored();
    expect(await totals()).toEqual(before);
  });

  it('takes a channel’s new app secret at once, though the channel was just read with the old one', async () => {
    const channel = await createChannel(app, apiKey, {
      type: 'whatsapp',
      name: 'Rotating WhatsApp',
      settings: {
        phoneNumber: '+15550003333',
        phoneNumberId: '306540352242922',
        businessAccountId: '102290129340398',
        accessToken: 'token-rotating',
        appSecret: 'old-secret',
        verifyToken: 'rotating-verify',
      },
    });
    const message = (id: string) => inboundPayload('306540352242922', { id, from: '447700900555', type: 'text', text: { body: id } });
    expect((await postWebhook(app, message('wamid.ROT1'), 'old-secret')).statusCode).toBe(200);
    const patched = await app.server.inject({
      method: 'PATCH',
      url: `/api/v1/channels/${channel.id}`,
      headers: auth(apiKey),
      payload: { settings: { appSecret: 'new-secret' } },
    });
    expect(patched.statusCode).toBe(200);
    await processStored();
    expect((await deliver(message('wamid.ROT2'), 'new-secret')).outcome).toMatchObject({ stored: 1 });
    // Once the new secret has been read, the old one signs nothing.
    expect((await postWebhook(app, message('wamid.ROT3'), 'old-secret')).statusCode).toBe(401);
  });

  it('rejects an unknown phone number id with 404 and stores nothing', async () => {
    const before = await totals();
    const queuedBefore = await count('inbound_webhooks');
    const response = await postWebhook(
      app,
      inboundPayload('999999999', { id: 'wamid.LOST', type: 'text', text: { body: 'x' } }),
      APP_SECRET,
    );
    expect(response.statusCode).toBe(404);
    expect(await count('inbound_webhooks')).toBe(queuedBefore);
    await processStored();
    expect(await totals()).toEqual(before);
  });

  it('routes by phone number id to the right workspace', async () => {
    await deliver(inboundPayload(OTHER_PHONE_NUMBER_ID, { id: 'wamid.OTHER1', type: 'text', text: { body: 'for other' } }), 'other-secret');
    expect((await get('/api/v1/messages/wamid.OTHER1', otherKey)).json().content).toBe('for other');
    expect((await get('/api/v1/messages/wamid.OTHER1')).statusCode).toBe(404);
    expect((await get('/api/v1/chats/details?channelTypes=whatsapp')).body).not.toContain('for other');
  });

  it('answers 400 to a body that is not JSON, and 200 to payloads it can safely ignore', async () => {
    const before = await totals();
    expect((await postWebhook(app, '{"object": ', APP_SECRET)).statusCode).toBe(400);
    const page = await postWebhook(app, { object: 'page', entry: [] }, APP_SECRET);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual({ queued: 0, ignored: 1 });
    const accountUpdate = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] }],
    };
    expect((await postWebhook(app, accountUpdate, APP_SECRET)).json()).toEqual({ queued: 0, ignored: 1 });
    const unreadable = inboundPayload(PHONE_NUMBER_ID, { id: '', type: 'text' });
    expect((await deliver(unreadable, APP_SECRET)).outcome).toMatchObject({ stored: 0, ignored: 1 });
    expect(await totals()).toEqual(before);
  });
});
