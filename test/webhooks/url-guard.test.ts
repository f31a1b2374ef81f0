import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from '../../src/modules/webhooks/sender.js';
import { isPrivateAddress } from '../../src/modules/webhooks/url-guard.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let apiKey: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The operator setting is off here, as in production.
  app = await buildTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: false });
  ({ apiKey } = await app.newWorkspace('Acme'));
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());

const create = (url: string) =>
  app.server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: auth(apiKey), payload: { url, eventTypes: ['*'] } });

describe('webhook URLs to private addresses', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://localhost/hook',
    'http://api.localhost/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://10.0.0.5/hook',
    'http://172.16.3.4/hook',
    'http://192.168.1.10/hook',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[fe80::1]/hook',
    'http://[64:ff9b::a9fe:a9fe]/hook',
  ])('refuses %s', async (url) => {
    const response = await create(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'VALIDATION_FAILED', details: { field: 'url' } });
  });

  it('refuses them on update too', async () => {
    const created = await create('https://93.184.215.14/hook');
    expect(created.statusCode).toBe(200);
    const response = await app.server.inject({
      method: 'PUT',
      url: `/api/v1/webhooks/${created.json().id}`,
      headers: auth(apiKey),
      payload: { url: 'http://169.254.169.254/' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('accepts public addresses', async () => {
    // Nothing is sent: no event happens in this workspace and no worker runs in this file.
    expect((await create('https://93.184.215.14/hook')).statusCode).toBe(200);
    expect((await create('https://[2606:4700::6810:84e5]/hook')).statusCode).toBe(200);
  });

  it('classifies addresses', () => {
    expect(['8.8.8.8', '1.1.1.1', '2606:4700::1', '64:ff9b::808:808'].filter(isPrivateAddress)).toEqual([]);
    expect(['127.0.0.1', '::1', '10.1.2.3', '169.254.169.254', 'fd00::1', '::ffff:10.0.0.1', 'not-an-ip'].every(isPrivateAddress)).toBe(
      true,
    );
  });
});

describe('at connection time', () => {
  const attempt = (url: string) =>
    sendWebhook({ url, body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 2_000, allowPrivate: false });

  it('does not connect to a host name that resolves to a private address', async () => {
    // As if DNS had answered with a public address when the URL was saved, and loopback now.
    const response = await attempt(receiver.url.replace('127.0.0.1', 'localhost'));
    expect(response).toMatchObject({ ok: false, error: expect.stringContaining('refused to connect') });
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not connect to a private IP literal', async () => {
    const response = await attempt(receiver.url);
    expect(response).toMatchObject({ ok: false, error: expect.stringContaining('refused to connect') });
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects when the operator allows private addresses', async () => {
    const response = await sendWebhook({ url: receiver.url, body: '{}', headers: {}, timeoutMs: 2_000, allowPrivate: true });
    expect(response).toMatchObject({ ok: true, status: 200 });
    expect(receiver.requests).toHaveLength(1);
  });
});
