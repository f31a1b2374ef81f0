import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, WebhookOutcome } from '../../src/modules/channels/adapters/adapter.js';
import { registerChannelAdapter } from '../../src/modules/channels/adapters/registry.js';
import { ProviderError } from '../../src/modules/messages/outbound.js';
import { AppError } from '../../src/shared/errors.js';
import { createChannel, createChat, createOwner } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 8, item 1: a channel type is one adapter and nothing else. This file defines an SMS
 * adapter of its own (a provider faked on loopback below), registers it, and drives it through
 * the generic paths only: channel settings, inbound processing by provider, contacts by
 * address, chat views, free-form sends with their reply window, and durable sends.
 */
interface SmsPayload {
  accountId: string;
  messages: { id: string; from: string; text: string; name?: string }[];
}

const provider = { url: '', sends: [] as { headers: Record<string, unknown>; body: any }[], failNext: false };

const testSmsAdapter: ChannelAdapter = {
  type: 'sms',
  label: 'Test SMS',
  addressType: 'SMS',
  matchAddressTypes: ['SMS', 'PHONE'],
  settingsSchema: () =>
    z.looseObject({
      accountId: z.string('is required').regex(/^AC\d+$/, 'must be an account id (AC…)'),
      number: z.string('is required').regex(/^\+\d{8,15}$/, 'must be an E.164 number'),
    }),
  requiredSecrets: ['authToken'],
  routingKeySetting: 'accountId',
  addressSetting: 'number',
  replyWindow: {
    ms: 60 * 60 * 1000,
    refusal: () =>
      new AppError('UNPROCESSABLE', 'Test SMS replies only within an hour of the contact’s message', { reason: 'OUTSIDE_TEST_WINDOW' }),
  },
  async send(channel, to, content) {
    const response = await fetch(`${provider.url}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${channel.secret('authToken')}` },
      body: JSON.stringify({
        account: channel.row.routingKey,
        from: channel.row.address,
        to,
        text: content.kind === 'text' ? content.body : '',
      }),
    });
    const body = (await response.json()) as { sid?: string; error?: string };
    if (!response.ok || !body.sid) throw new ProviderError(body.error ?? 'refused', response.status, 'SMS error', null, response.status);
    return { providerId: body.sid };
  },
  async uploadMedia() {
    throw new ProviderError('Test SMS carries text only', 0, 'Not supported');
  },
  inbound: {
    provider: 'test-sms',
    async process(payload, target, { inbound, findChannel }): Promise<WebhookOutcome> {
      const outcome = { stored: 0, duplicates: 0, statusesApplied: 0, ignored: 0 };
      const { accountId, messages } = payload as SmsPayload;
      const channel = await findChannel(accountId);
      if (!channel || channel.row.id !== target.channelId) return { ...outcome, ignored: messages.length };
      for (const message of messages) {
        const result = await inbound.receiveMessage(channel, {
          providerId: message.id,
          from: message.from,
          fromProviderId: message.from,
          profileName: message.name ?? null,
          type: 'text',
          content: message.text,
          attachments: [],
          metadata: {},
        });
        outcome[result === 'stored' ? 'stored' : 'duplicates'] += 1;
      }
      return outcome;
    },
  },
};
registerChannelAdapter(testSmsAdapter);

const server = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  request.on('end', () => {
    response.writeHead(provider.failNext ? 400 : 200, { 'content-type': 'application/json' });
    if (provider.failNext) {
      provider.failNext = false;
      return response.end(JSON.stringify({ error: 'The number is not reachable' }));
    }
    provider.sends.push({ headers: request.headers, body: JSON.parse(raw) });
    response.end(JSON.stringify({ sid: `SM${provider.sends.length}` }));
  });
});

let app: TestApp;
let apiKey: string;
let otherKey: string;
let channel: Record<string, any>;
const SETTINGS = { accountId: 'AC100', number: '+15550009999', authToken: 'sms-secret-token' };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Texts'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  channel = await createChannel(app, apiKey, { type: 'sms', name: 'Texts', settings: SETTINGS });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (method: 'GET' | 'POST', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

/** What the provider's webhook route would do: store the delivery for the channel it names, then the processor runs. */
async function receive(payload: SmsPayload) {
  const found = await app.services.inbound.findWebhookChannel('sms', payload.accountId);
  const target = { workspaceId: found!.tenant.workspaceId, channelId: found!.row.id };
  await app.services.inboundWebhooks.enqueue('test-sms', [target], JSON.stringify(payload));
  return app.background.inboundWebhooks.drain();
}

describe('a channel type added as one adapter, registered by this test', () => {
  it('checks its settings with the adapter’s schema, keeps its secrets and routes by its key', async () => {
    expect(channel).toMatchObject({ type: 'sms', settings: { accountId: 'AC100', number: '+15550009999' }, secretsSet: ['authToken'] });
    expect(JSON.stringify(channel)).not.toContain('sms-secret-token');
    for (const [settings, field] of [
      [{ ...SETTINGS, accountId: 'AC101', number: undefined }, 'settings.number'],
      [{ ...SETTINGS, accountId: 'nope' }, 'settings.accountId'],
      [{ ...SETTINGS, accountId: 'AC102', authToken: undefined }, 'settings.authToken'],
    ] as const) {
      const response = await request('POST', '/api/v1/channels', { type: 'sms', name: 'Bad', settings });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain(field);
    }
    const clash = await request('POST', '/api/v1/channels', { type: 'sms', name: 'Clash', settings: SETTINGS }, otherKey);
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ details: { field: 'settings.accountId' } });
  });

  it('receives through the inbound processor: a contact by its SMS address, a chat on the channel, the message once', async () => {
    const payload = {
      accountId: 'AC100',
      messages: [{ id: 'SMin1', from: '+14155550500', text: 'Is my order ready?', name: 'Rosa Diaz' }],
    };
    expect(await receive(payload)).toMatchObject({ failed: 0, stored: 1 });
    expect(await receive(payload)).toMatchObject({ failed: 0, stored: 0, duplicates: 1 });
    const chats = (await request('GET', `/api/v1/chats/details?channelIds=${channel.uuid}&channelTypes=sms`)).json();
    expect(chats).toHaveLength(1);
    // (004 lists widget, waha, whatsapp, instagram and api chats unless asked for other types.)
    // The chat view's owner address is the one the adapter declares (SMS), though no query names the type.
    expect(chats[0]).toMatchObject({ ownerIdentifier: '+14155550500', lastMessageContent: 'Is my order ready?' });
    const [{ uuid }] = (await app.database.pool.query(`SELECT uuid FROM messages WHERE provider_id = 'SMin1'`)).rows;
    const message = (await request('GET', `/api/v1/messages/${uuid}`)).json();
    expect(message).toMatchObject({ direction: 'inbound', channel: 'sms', content: 'Is my order ready?' });
    const contact = (await request('GET', `/api/v1/contacts/${message.contactId}`)).json();
    expect(contact).toMatchObject({ firstName: 'Rosa', lastName: 'Diaz', addresses: [{ channelType: 'SMS', address: '+14155550500' }] });
    // Found through the contacts write path: searchable by its address like any contact.
    const search = await request('POST', '/api/v1/contacts/search', { search: '4155550500' });
    expect(search.json().items.map((item: { id: unknown }) => String(item.id))).toContain(String(message.contactId));
  });

  it('sends through the adapter, durably, within its reply window, and records the provider’s refusal', async () => {
    const [chat] = (await request('GET', `/api/v1/chats?channelIds=${channel.uuid}&channelTypes=sms`)).json();
    const reply = await request('POST', `/api/v1/chats/${chat.id}/messages`, { content: 'Yes, it ships today.' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'sent', providerId: 'SM1', channel: 'sms', direction: 'outbound' });
    expect(provider.sends).toEqual([
      {
        headers: expect.objectContaining({ authorization: 'Token sms-secret-token' }),
        body: { account: 'AC100', from: '+15550009999', to: '+14155550500', text: 'Yes, it ships today.' },
      },
    ]);
    const jobs = await app.database.pool.query(
      `SELECT count(*)::int AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint
        WHERE j.name = 'outbound-send' AND m.uuid = $1`,
      [reply.json().id],
    );
    expect(jobs.rows).toEqual([{ n: 1 }]);

    provider.failNext = true;
    const refused = (await request('POST', `/api/v1/chats/${chat.id}/messages`, { content: 'Again?' })).json();
    expect(refused).toMatchObject({ status: 'failed', errors: [{ message: 'The number is not reachable', provider: 'sms' }] });

    const asContact = await request('POST', `/api/v1/chats/${chat.id}/messages`, { content: 'x', role: 'user' });
    expect(asContact.statusCode).toBe(400);
    expect(asContact.json().message).toContain('role');

    // A contact who never wrote on the channel is outside the adapter's reply window.
    const owner = await createOwner(app, apiKey, { firstName: 'Quiet', addresses: [{ channelType: 'SMS', address: '+14155550501' }] });
    const quiet = await createChat(app, apiKey, { channelId: channel.uuid, ownerId: owner.uuid, title: null });
    const outside = await request('POST', `/api/v1/chats/${quiet.id}/messages`, { content: 'Hello?' });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringContaining('within an hour') });
    expect(provider.sends).toHaveLength(1);
  });
});
