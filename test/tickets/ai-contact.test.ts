import { beforeAll, describe, expect, it } from 'vitest';
import { createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let workspaceId: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey, workspaceId } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const info = (uuid: string, headers: Record<string, string> = { 'x-api-key': apiKey }) =>
  app.server.inject({ method: 'GET', url: `/api/public/contact/${uuid}/info`, headers });

describe('GET /api/public/contact/{aiContactId}/info (001)', () => {
  it('shows every field 001 lists, with its names and types', async () => {
    const owner = await createOwner(app, apiKey, {
      firstName: 'Lucía',
      lastName: 'Pérez',
      email: 'lucia@example.com',
      phone: '+5491155550000',
      providerId: 'crm-42',
      providerName: 'hubspot',
      metadata: { tier: 'gold' },
    });
    const bare = await info(owner.uuid);
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toMatchObject({
      id: owner.uuid,
      platform: null,
      chat_status: null,
      last_message_at: null,
      last_message_content: null,
      is_chat_read: true,
      active_ticket: null,
      last_closed_ticket: null,
    });

    const widget = await createChannel(app, apiKey, { type: 'widget', name: 'Site' });
    const chat = await createChat(app, apiKey, { channelId: widget.uuid, ownerId: owner.uuid, title: null });
    const message = await sendChatMessage(app, apiKey, chat.id, { content: 'Hola', role: 'user' });
    const ticket = (
      await app.server.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: auth(apiKey),
        payload: { chatId: chat.id, summary: 'Needs help', metadata: { priority: 'high' } },
      })
    ).json();

    const body = (await info(owner.uuid)).json();
    expect(body).toEqual({
      id: owner.uuid,
      name: 'Lucía Pérez',
      email: 'lucia@example.com',
      phone: '+5491155550000',
      platform: 'webchat',
      created_at: owner.createdAt,
      last_message_at: message.createdAt,
      last_message_content: 'Hola',
      chat_status: 'UNATTENDED',
      is_chat_read: false,
      blocked: false,
      client_id: workspaceId,
      ai_customer_id: owner.uuid,
      default_stage_id: null,
      active_ticket_v2_id: ticket.id,
      last_closed_ticket_v2_id: null,
      current_integration_data: { provider_id: 'crm-42', provider_name: 'hubspot' },
      metadata: { tier: 'gold' },
      active_ticket: {
        id: ticket.id,
        ai_contact_id: owner.uuid,
        status: 'OPEN',
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
        ticket_summary: 'Needs help',
        metadata: { priority: 'high' },
      },
      active_ticket_v2: body.active_ticket,
      last_closed_ticket: null,
    });
  });

  it('accepts the key as x-api-key, Bearer, or a bare Authorization header', async () => {
    const owner = await createOwner(app, apiKey, { firstName: 'Key' });
    expect((await info(owner.uuid, { authorization: `Bearer ${apiKey}` })).statusCode).toBe(200);
    expect((await info(owner.uuid, { authorization: apiKey })).statusCode).toBe(200);
  });

  it('answers 400 for an id that is not a UUID, 401 without a valid key, 404 for unknown and another workspace’s contacts', async () => {
    const owner = await createOwner(app, apiKey, { firstName: 'Private' });
    const notUuid = await info('12345');
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json()).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED' });
    expect(notUuid.json().message).toContain('aiContactId');
    const noKey = await info(owner.uuid, {});
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED' });
    expect((await info(owner.uuid, { 'x-api-key': 'wrong' })).statusCode).toBe(401);
    const unknown = await info('00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect((await info(owner.uuid, { 'x-api-key': otherKey })).statusCode).toBe(404);
  });
});
