import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  receiver = await startWebhookReceiver();
  await app.background.start();
});
afterAll(() => receiver.stop());

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });

async function createWebhook(eventTypes: string[], key = apiKey, url = receiver.url): Promise<{ id: number; secret: string }> {
  const response = await request('POST', '/api/v1/webhooks', { url, eventTypes }, key);
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** The webhook's deliveries once none is pending. */
function settledDeliveries(webhookId: number, count: number, key = apiKey) {
  return eventually(async () => {
    const items = (await request('GET', `/api/v1/webhooks/${webhookId}/deliveries`, undefined, key)).json().items as Record<string, any>[];
    return items.length >= count && items.every((item) => item.status !== 'pending') ? items : undefined;
  }, `${count} settled deliveries`);
}

describe('webhook deliveries', () => {
  it('POSTs the event with its id, type and signature headers', async () => {
    const url = receiver.url.replace('/hooks', '/headers');
    const webhook = await createWebhook(['contact.created'], apiKey, url);
    const contact = await createContact(app, apiKey, { firstName: 'Ada' });
    await receiver.waitUntil(() => receiver.requests.some((seen) => seen.json.data?.id === contact.id), 'the delivery');
    const delivery = receiver.requests.find((seen) => seen.json.data?.id === contact.id)!;
    expect(delivery.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'contact.created',
      createdAt: expect.any(String),
      workspaceId: contact.tenantId,
      actor: { type: 'api_key', id: (await app.services.workspaces.authenticate(apiKey))!.apiKeyId },
      data: expect.objectContaining({ id: contact.id, firstName: 'Ada' }),
    });
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Webhooks/1.0',
      'switchboard-event-id': delivery.json.id,
      'switchboard-event-type': 'contact.created',
      'switchboard-delivery-attempt': '1',
      'switchboard-signature': expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/),
    });
    const [logged] = await settledDeliveries(webhook.id, 1);
    expect(logged).toMatchObject({
      id: Number(delivery.headers['switchboard-delivery-id']),
      webhookId: webhook.id,
      eventId: delivery.json.id,
      eventType: 'contact.created',
      status: 'succeeded',
      attempts: 1,
      lastResponseStatus: 200,
      lastResponseBody: 'ok',
      lastError: null,
      deliveredAt: expect.any(String),
    });
  });

  it("sends only the event types subscribed to, and only the workspace's own events", async () => {
    const { apiKey: key } = await app.newWorkspace('Types');
    const url = receiver.url.replace('/hooks', '/types');
    const webhook = await createWebhook(['company.*', '*.deleted'], key, url);
    const contact = await createContact(app, key, { firstName: 'Grace' });
    await createContact(app, otherKey, { firstName: 'Not mine' });
    await request('POST', '/api/v1/companies', { name: 'Initech' }, key);
    await request('DELETE', `/api/v1/contacts/${contact.id}`, undefined, key);
    const deliveries = await settledDeliveries(webhook.id, 2, key);
    expect(deliveries.map((delivery) => delivery.eventType).sort()).toEqual(['company.created', 'contact.deleted']);
    const received = receiver.requests.filter((seen) => seen.json.workspaceId === contact.tenantId).map((seen) => seen.json.type);
    expect(received.sort()).toEqual(['company.created', 'contact.deleted']);
  });

  it('does not send events from before the webhook existed', async () => {
    const { apiKey: key } = await app.newWorkspace('Late');
    const earlier = await createContact(app, key, { firstName: 'Earlier' });
    const webhook = await createWebhook(['*'], key, receiver.url.replace('/hooks', '/late'));
    const later = await createContact(app, key, { firstName: 'Later' });
    const deliveries = await settledDeliveries(webhook.id, 1, key);
    expect(deliveries).toHaveLength(1);
    const ids = receiver.requests.filter((seen) => seen.json.workspaceId === later.tenantId).map((seen) => seen.json.data.id);
    expect(ids).toEqual([later.id]);
    expect(ids).not.toContain(earlier.id);
  });

  it('sends nothing to a disabled webhook', async () => {
    const { apiKey: key } = await app.newWorkspace('Disabled');
    const off = await createWebhook(['*'], key, receiver.url.replace('/hooks', '/off'));
    await request('PUT', `/api/v1/webhooks/${off.id}`, { enabled: false }, key);
    const on = await createWebhook(['*'], key, receiver.url.replace('/hooks', '/on'));
    await createContact(app, key, { firstName: 'Quiet' });
    await settledDeliveries(on.id, 1, key);
    expect((await request('GET', `/api/v1/webhooks/${off.id}/deliveries`, undefined, key)).json().totalCount).toBe(0);
  });

  it('filters the delivery log', async () => {
    const webhook = await createWebhook(['contact.*'], apiKey, receiver.url.replace('/hooks', '/log'));
    const contact = await createContact(app, apiKey, { firstName: 'Log' });
    await request('PUT', `/api/v1/contacts/${contact.id}`, { lastName: 'Book' });
    await settledDeliveries(webhook.id, 2);
    const updated = (await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries?filterBy=eventType:contact.updated`)).json();
    expect(updated.items.map((item: { eventType: string }) => item.eventType)).toEqual(['contact.updated']);
    expect((await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries?filterBy=status:failed`)).json().totalCount).toBe(0);
    const one = await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries/${updated.items[0].id}`);
    expect(one.json()).toMatchObject({ id: updated.items[0].id, eventType: 'contact.updated' });
    expect((await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries?filterBy=nope:1`)).statusCode).toBe(400);
    expect((await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries/999999`)).statusCode).toBe(404);
  });
});
