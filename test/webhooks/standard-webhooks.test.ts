import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardWebhookHeaders } from '../../src/modules/webhooks/signature.js';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let receiver: WebhookReceiver;
let secret: string;
let delivery: ReceivedRequest;

beforeAll(async () => {
  app = await buildTestApp();
  const { apiKey } = await app.newWorkspace('Standard');
  receiver = await startWebhookReceiver();
  await app.background.start();
  const created = await app.server.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: auth(apiKey),
    payload: { url: receiver.url.replace('/hooks', '/standard'), eventTypes: ['contact.created'] },
  });
  secret = created.json().secret;
  await createContact(app, apiKey, { firstName: 'Standard' });
  await receiver.waitUntil(() => receiver.requests.some((seen) => seen.path.endsWith('/standard')), 'a delivery');
  delivery = receiver.requests.find((seen) => seen.path.endsWith('/standard'))!;
});
afterAll(() => receiver.stop());

const headersOf = (request: ReceivedRequest) => ({
  'webhook-id': String(request.headers['webhook-id']),
  'webhook-timestamp': String(request.headers['webhook-timestamp']),
  'webhook-signature': String(request.headers['webhook-signature']),
});

describe('Standard Webhooks signatures', () => {
  it('signs each delivery so that the standardwebhooks library verifies it with the subscription’s whsec_ secret', () => {
    expect(secret).toMatch(/^whsec_/);
    expect(headersOf(delivery)).toEqual({
      'webhook-id': `msg_${delivery.json.id}`,
      'webhook-timestamp': expect.stringMatching(/^\d+$/),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
    const verified = new Webhook(secret).verify(delivery.body, headersOf(delivery));
    expect(verified).toEqual(delivery.json);
    // The Switchboard-Signature header is still sent for existing receivers.
    expect(delivery.headers['switchboard-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('fails verification for an altered body, another secret or another id', () => {
    const headers = headersOf(delivery);
    const altered = delivery.body.replace('Standard', 'Forged');
    expect(() => new Webhook(secret).verify(altered, headers)).toThrow(WebhookVerificationError);
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => new Webhook(other).verify(delivery.body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(delivery.body, { ...headers, 'webhook-id': 'msg_other' })).toThrow(WebhookVerificationError);
  });

  it('signs with secrets issued in base64url before, which the library takes with the standard alphabet', () => {
    const legacy = 'whsec_' + Buffer.alloc(32, 251).toString('base64url'); // holds '-' and '_'
    expect(legacy).toMatch(/[-_]/);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = standardWebhookHeaders(legacy, 'msg_1', timestamp, '{"a":1}');
    const standard = 'whsec_' + legacy.slice('whsec_'.length).replaceAll('-', '+').replaceAll('_', '/');
    expect(new Webhook(standard).verify('{"a":1}', headers)).toEqual({ a: 1 });
  });
});
