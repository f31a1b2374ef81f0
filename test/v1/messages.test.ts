import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { createChannel } from '../chats/factories.js';
import { inboundPayload, postWebhook } from '../whatsapp/webhook-payloads.js';

let app: TestApp;
let graph: FakeGraphApi;
let apiKey: string;
let otherKey: string;
const FROM = '+15550001111';
const PHONE_NUMBER_ID = '306540352242922';
const APP_SECRET = 'messages-app-secret';
const MEDIA_MAX_BYTES = 2000;

beforeAll(async () => {
  graph = await startFakeGraphApi();
  app = await buildTestApp({ WHATSAPP_API_BASE_URL: graph.url, MEDIA_MAX_BYTES });
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Acme WhatsApp',
    settings: { phoneNumber: FROM, phoneNumberId: PHONE_NUMBER_ID, accessToken: 'acme-token', appSecret: APP_SECRET, verifyToken: 'v' },
  });
});
afterAll(() => graph.close());

const post = (url: string, payload: object, key = apiKey) => app.server.inject({ method: 'POST', url, headers: auth(key), payload });
const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });
const count = async (table: string) => Number((await app.database.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
const lastGraphRequest = () => graph.requests[graph.requests.length - 1]!;
/** A contact writes in: the webhook stores the delivery, then it is processed (as the background would). */
const receive = async (from: string, id: string, body: string) => {
  const response = await postWebhook(app, inboundPayload(PHONE_NUMBER_ID, { id, from, type: 'text', text: { body } }), APP_SECRET);
  await app.background.inboundWebhooks.drain();
  return response;
};

describe('POST /api/v1/messages/template (CreateTemplateMessage)', () => {
  it('sends a template with variables, opening the contact and the chat', async () => {
    const response = await post('/api/v1/messages/template', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      userId: 'user-1',
      templateName: 'order_update',
      languageCode: 'en_US',
      variables: [{ value: 'Jane' }, { value: '#123' }],
      customFields: { campaign: 'spring' },
    });
    expect(response.statusCode).toBe(200);
    const message = response.json();
    expect(message).toMatchObject({
      id: expect.any(String),
      tenantId: expect.any(String),
      conversationId: expect.any(String),
      providerId: expect.stringMatching(/^wamid\./),
      status: 'sent',
      direction: 'outbound',
      channel: 'whatsapp',
      type: 'template',
      content: '[template order_update] Jane, #123',
      userId: 'user-1',
      customFields: { campaign: 'spring' },
      sender: { address: FROM, providerId: PHONE_NUMBER_ID, role: 'operator' },
      recipient: { address: '+14155550100', role: 'user' },
    });
    expect(lastGraphRequest()).toMatchObject({ path: `/${PHONE_NUMBER_ID}/messages`, headers: { authorization: 'Bearer acme-token' } });
    expect(lastGraphRequest().json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550100',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Jane' },
              { type: 'text', text: '#123' },
            ],
          },
        ],
      },
    });
    const contact = (await get(`/api/v1/contacts/${message.contactId}`)).json();
    expect(contact.addresses).toMatchObject([{ channelType: 'WHATSAPP', address: '+14155550100' }]);
    expect((await get(`/api/v1/chats/${message.conversationId}/details`)).json()).toMatchObject({
      lastMessageContent: message.content,
      channelType: 'whatsapp',
    });
  });

  it('passes full components through', async () => {
    const components = [
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/a.png' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Jane' },
          { type: 'currency', currency: { fallback_value: '$10', code: 'USD', amount_1000: 10000 } },
        ],
      },
      { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'track/123' }] },
    ];
    const response = await post('/api/v1/messages/template', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      templateName: 'shipped',
      languageCode: 'es',
      components,
    });
    expect(response.statusCode).toBe(200);
    expect(lastGraphRequest().json.template).toEqual({ name: 'shipped', language: { code: 'es' }, components });
  });

  it.each([
    [{ variables: [{ value: 'a' }], components: [{ type: 'body', parameters: [] }] }, 'components'],
    [{ components: [{ type: 'body', parameters: [{ type: 'text' }] }] }, 'components[0].parameters[0]'],
    [{ components: [{ type: 'footer', parameters: [] }] }, 'components[0]'],
    [{ components: [{ type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'image', image: { id: '1' } }] }] }, 'components[0]'],
    [{ variables: [{ name: 'x' }] }, 'variables[0]'],
    [{ languageCode: 'English' }, 'languageCode'],
    [{ templateName: 'Has Spaces' }, 'templateName'],
    [{ toPhoneNumber: '4155550100' }, 'toPhoneNumber'],
    [{ toPhoneNumber: '+1' }, 'toPhoneNumber'],
    [{ fromPhoneNumber: '+15559999999' }, 'fromPhoneNumber'],
  ])('rejects %j naming %s, sending and storing nothing', async (overrides, field) => {
    const before = { messages: await count('messages'), requests: graph.requests.length };
    const response = await post('/api/v1/messages/template', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550101',
      templateName: 'hello_world',
      languageCode: 'en',
      ...overrides,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
    expect({ messages: await count('messages'), requests: graph.requests.length }).toEqual(before);
  });

  it('keeps a message WhatsApp refuses as failed, with the provider’s error', async () => {
    graph.failNext(400, {
      error: { message: '(#132001) Template name does not exist in the translation', type: 'OAuthException', code: 132001 },
    });
    const response = await post('/api/v1/messages/template', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      templateName: 'missing',
      languageCode: 'en',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'failed',
      providerId: null,
      errors: [{ code: 132001, provider: 'whatsapp', message: expect.stringContaining('Template name does not exist') }],
    });
  });
});

describe('POST /api/v1/messages (CreateMessage)', () => {
  it('refuses a free-form message outside the 24-hour window, telling the caller to use a template', async () => {
    const before = await count('messages');
    const response = await post('/api/v1/messages', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      content: 'Hello',
      type: 'text',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 422, error: 'UNPROCESSABLE', details: { reason: 'OUTSIDE_CUSTOMER_WINDOW' } });
    expect(response.json().message).toContain('/api/v1/messages/template');
    const stranger = await post('/api/v1/messages', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550199',
      content: 'Hello',
      type: 'text',
    });
    expect(stranger.statusCode).toBe(422);
    expect(await count('messages')).toBe(before);
  });

  it('sends text within the window, into the contact’s chat', async () => {
    await receive('14155550100', 'wamid.WINDOW1', 'Can you help me?');
    const response = await post('/api/v1/messages', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      content: 'Sure!',
      type: 'text',
      userId: 'u-9',
    });
    expect(response.statusCode).toBe(200);
    const message = response.json();
    expect(message).toMatchObject({
      status: 'sent',
      type: 'text',
      content: 'Sure!',
      role: 'operator',
      userId: 'u-9',
      providerId: expect.stringMatching(/^wamid\./),
    });
    expect(message.conversationId).toBe((await get('/api/v1/messages/wamid.WINDOW1')).json().conversationId);
    expect(lastGraphRequest().json).toMatchObject({ to: '14155550100', type: 'text', text: { body: 'Sure!' } });
  });

  it('refuses again once 24 hours have passed since the contact wrote', async () => {
    const conversationId = (await get('/api/v1/messages/wamid.WINDOW1')).json().conversationId;
    await app.database.pool.query(`UPDATE chats SET last_inbound_at = now() - interval '25 hours' WHERE uuid = $1`, [conversationId]);
    expect(
      (await post('/api/v1/messages', { fromPhoneNumber: FROM, toPhoneNumber: '+14155550100', content: 'Late', type: 'text' })).statusCode,
    ).toBe(422);
    const viaChat = await post(`/api/v1/chats/${conversationId}/messages`, { content: 'Late' });
    expect(viaChat.statusCode).toBe(422);
    expect(viaChat.json()).toMatchObject({ code: 'UNPROCESSABLE' });
    await receive('14155550100', 'wamid.WINDOW2', 'back again');
  });

  it.each([
    [{ type: 'location' }, 'type'],
    [{ type: 'image' }, 'fileId'],
    [{ type: 'text', content: '' }, 'content'],
    [{ type: 'text', toPhoneNumber: 'abc' }, 'toPhoneNumber'],
    [{ type: 'text', fileId: 'nope' }, 'fileId'],
    [{ type: 'sms' }, 'type'],
  ])('rejects %j naming %s', async (overrides, field) => {
    const response = await post('/api/v1/messages', { fromPhoneNumber: FROM, toPhoneNumber: '+14155550100', content: 'x', ...overrides });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });
});

describe('POST /api/v1/messages/media (UploadMedia) and media sends', () => {
  it('uploads base64 content to WhatsApp, keeps the file, and serves it back', async () => {
    const response = await post('/api/v1/messages/media', {
      fromPhoneNumber: FROM,
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-1.4 invoice').toString('base64'),
      tags: { kind: 'invoice' },
    });
    expect(response.statusCode).toBe(200);
    const uploaded = response.json();
    expect(uploaded).toMatchObject({
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 16,
      fileId: expect.any(String),
      mediaId: expect.stringMatching(/^\d+$/),
      tags: { kind: 'invoice' },
    });
    expect(uploaded.url).toBe(`/api/v1/messages/media/${uploaded.fileId}`);
    expect(lastGraphRequest().path).toBe(`/${PHONE_NUMBER_ID}/media`);
    const download = await get(uploaded.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.body).toBe('%PDF-1.4 invoice');
    expect((await get(uploaded.url, otherKey)).statusCode).toBe(404);

    // Sending it reuses WhatsApp's media id: no second upload.
    const uploads = graph.requests.filter((request) => request.path.endsWith('/media')).length;
    const sent = await post('/api/v1/messages', {
      fromPhoneNumber: FROM,
      toPhoneNumber: '+14155550100',
      content: 'Your invoice',
      type: 'document',
      fileId: uploaded.fileId,
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({
      status: 'sent',
      type: 'document',
      attachments: [{ id: uploaded.fileId, type: 'document', url: uploaded.url }],
    });
    expect(lastGraphRequest().json).toMatchObject({
      type: 'document',
      document: { id: uploaded.mediaId, caption: 'Your invoice', filename: 'invoice.pdf' },
    });
    expect(graph.requests.filter((request) => request.path.endsWith('/media')).length).toBe(uploads);

    // File id mode uploads the stored file again.
    const again = await post('/api/v1/messages/media', { fromPhoneNumber: FROM, fileId: uploaded.fileId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ fileId: uploaded.fileId, size: 16 });
    expect(again.json().mediaId).not.toBe(uploaded.mediaId);
  });

  it.each([
    [{ contentType: 'application/zip' }, 400, 'contentType'],
    [{ content: '***not base64***' }, 400, 'content'],
    [{ content: Buffer.alloc(MEDIA_MAX_BYTES + 1).toString('base64') }, 413, 'content'],
    [{ content: undefined }, 400, 'content'],
    [{ fileName: undefined }, 400, 'fileName'],
    [{ fileId: '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c', content: undefined }, 400, 'fileId'],
    [{ fromPhoneNumber: '15550001111' }, 400, 'fromPhoneNumber'],
  ])('rejects %j (%i naming %s), uploading and storing nothing', async (overrides, status, field) => {
    const before = { media: await count('media'), requests: graph.requests.length };
    const response = await post('/api/v1/messages/media', {
      fromPhoneNumber: FROM,
      fileName: 'a.png',
      contentType: 'image/png',
      content: Buffer.from('png').toString('base64'),
      ...overrides,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().message).toContain(field);
    expect({ media: await count('media'), requests: graph.requests.length }).toEqual(before);
  });

  it('answers 502 when WhatsApp refuses the upload, storing nothing', async () => {
    const before = await count('media');
    graph.failNext(400, { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100 } });
    const response = await post('/api/v1/messages/media', {
      fromPhoneNumber: FROM,
      fileName: 'a.png',
      contentType: 'image/png',
      content: Buffer.from('png').toString('base64'),
    });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 502, error: 'BAD_GATEWAY' });
    expect(await count('media')).toBe(before);
  });
});

describe('GET /api/v1/messages/{messageId} (GetMessage)', () => {
  it('gets a message by id or wamid, 400 for a malformed id, 404 elsewhere', async () => {
    const byWamid = (await get('/api/v1/messages/wamid.WINDOW1')).json();
    expect((await get(`/api/v1/messages/${byWamid.id}`)).json()).toEqual(byWamid);
    expect((await get('/api/v1/messages/not-an-id')).statusCode).toBe(400);
    expect((await get('/api/v1/messages/3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c')).statusCode).toBe(404);
    expect((await get(`/api/v1/messages/${byWamid.id}`, otherKey)).statusCode).toBe(404);
    expect((await get('/api/v1/messages/wamid.WINDOW1', otherKey)).statusCode).toBe(404);
  });

  it("cannot send from another workspace's number", async () => {
    const response = await post(
      '/api/v1/messages/template',
      { fromPhoneNumber: FROM, toPhoneNumber: '+14155550100', templateName: 'hello_world', languageCode: 'en' },
      otherKey,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('fromPhoneNumber');
  });
});
