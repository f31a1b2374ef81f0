import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/shared/actor.js';
import { handoffs } from '../../src/modules/tickets/handoffs.js';
import { createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { agentTurn, chatKey, scriptedTurns } from './agent-turn.js';

let app: TestApp;
let apiKey: string;
let api: Record<string, any>;
let ana: Record<string, any>;

beforeAll(async () => {
  app = await buildTestApp({}, scriptedTurns);
  ({ apiKey } = await app.newWorkspace('Acme'));
  api = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
  ana = (await get('POST', '/api/v1/users', { email: 'ana@example.com', name: 'Ana' })).json();
});

const get = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.server.inject({ method, url, headers: auth(apiKey), ...(payload === undefined ? {} : { payload }) });
const details = async (chatId: string) => (await get('GET', `/api/v1/chats/${chatId}/details`)).json();
const aiContact = async (uuid: string) => (await get('GET', `/api/public/contact/${uuid}/info`)).json();
const customer = (chatId: string, content: string) => sendChatMessage(app, apiKey, chatId, { content, role: 'user' });
const roles = async (chatId: string) =>
  (await get('GET', `/api/v1/chats/${chatId}/messages?pageSize=100`)).json().map((message: any) => `${message.role}: ${message.content}`);

async function newConversation(firstName: string) {
  const owner = await createOwner(app, apiKey, { firstName });
  const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
  return { owner, chat, key: await chatKey(app, chat.id) };
}

describe('a handoff, start to end, on an API channel', () => {
  it('agent answers; handoff pauses it; a team member takes over; closing hands the chat back to the agent', async () => {
    const { owner, chat, key } = await newConversation('Lucía');
    await customer(chat.id, 'Hola, ¿a qué hora abren?');
    expect(await agentTurn(app, key, 'Abrimos a las 9.')).toBe('answered');

    await customer(chat.id, 'quiero hablar con una persona');
    const handoff = await app.database.db.transaction((tx) =>
      handoffs.requestHandoff(tx, key.workspaceId, {
        chatId: key.chatId,
        reason: 'customer_asked',
        summary: 'The customer asked to talk to a person.',
        actor: actorOf('agent', chat.responderId),
      }),
    );
    expect(handoff.created).toBe(true);
    expect(await details(chat.id)).toMatchObject({ status: 'UNATTENDED', ticketId: handoff.ticketId, ticketStatus: 'OPEN' });
    let contact = await aiContact(owner.uuid);
    expect(contact).toMatchObject({
      chat_status: 'UNATTENDED',
      active_ticket_v2_id: handoff.ticketId,
      active_ticket: { id: handoff.ticketId, status: 'OPEN', ticket_summary: 'The customer asked to talk to a person.' },
      last_closed_ticket: null,
    });
    expect(contact.active_ticket_v2).toEqual(contact.active_ticket);

    await customer(chat.id, '¿Hola?');
    expect(await agentTurn(app, key, 'This must never be sent')).toBe('paused');
    // The agent asks again (another tool call, a keyword): no second ticket.
    const again = await app.database.db.transaction((tx) =>
      handoffs.requestHandoff(tx, key.workspaceId, {
        chatId: key.chatId,
        reason: 'keyword',
        summary: '',
        actor: actorOf('agent', chat.responderId),
      }),
    );
    expect(again).toEqual({ ticketId: handoff.ticketId, created: false });

    await sendChatMessage(app, apiKey, chat.id, { content: 'Hola Lucía, soy Ana.', userId: ana.email });
    expect(await details(chat.id)).toMatchObject({ status: 'ATTENDED', ticketStatus: 'IN_PROGRESS' });
    expect(await agentTurn(app, key, 'Still never sent')).toBe('paused');

    const closed = (await get('POST', `/api/v1/tickets/${handoff.ticketId}/close`)).json();
    expect(closed.status).toBe('CLOSED');
    contact = await aiContact(owner.uuid);
    expect(contact).toMatchObject({
      chat_status: 'CLOSED',
      active_ticket: null,
      active_ticket_v2: null,
      active_ticket_v2_id: null,
      last_closed_ticket_v2_id: handoff.ticketId,
      last_closed_ticket: { id: handoff.ticketId, status: 'CLOSED', ai_contact_id: owner.uuid },
    });

    await customer(chat.id, 'Una pregunta más');
    expect((await details(chat.id)).status).toBe('UNATTENDED');
    expect(await agentTurn(app, key, 'Claro, dime.')).toBe('answered');
    expect(await roles(chat.id)).toEqual([
      'user: Hola, ¿a qué hora abren?',
      'assistant: Abrimos a las 9.',
      'user: quiero hablar con una persona',
      'user: ¿Hola?',
      'operator: Hola Lucía, soy Ana.',
      'user: Una pregunta más',
      'assistant: Claro, dime.',
    ]);
    const events = await app.database.pool.query<{ type: string }>(
      `SELECT type FROM events WHERE type LIKE 'ticket.%' AND data->>'uuid' = $1 ORDER BY id`,
      [handoff.ticketId],
    );
    expect(events.rows.map((row) => row.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.updated', 'ticket.closed']);
  });

  it('keeps the agent paused after close when its responder does not resume (resumeAfterClose off)', async () => {
    const { chat, key } = await newConversation('Marta');
    await app.database.pool.query('UPDATE agents SET resume_after_close = false WHERE uuid = $1', [chat.responderId]);
    try {
      const ticket = (await get('POST', '/api/v1/tickets', { chatId: chat.id })).json();
      await get('POST', `/api/v1/tickets/${ticket.id}/close`);
      await customer(chat.id, 'Hola otra vez');
      expect((await details(chat.id)).status).toBe('UNATTENDED');
      expect(await agentTurn(app, key, 'never')).toBe('paused');
    } finally {
      await app.database.pool.query('UPDATE agents SET resume_after_close = true WHERE uuid = $1', [chat.responderId]);
    }
  });
});

describe('blocked contacts', () => {
  it('stores a blocked contact’s messages, never answers them, and reopens nothing', async () => {
    const { owner, chat, key } = await newConversation('Spam');
    const blocked = await get('POST', `/api/v1/contacts/${owner.id}/block`);
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json().blocked).toBe(true);
    expect((await get('GET', `/api/v1/contacts/${owner.id}`)).json().blocked).toBe(true);

    const closing = await app.server.inject({
      method: 'PATCH',
      url: `/api/v1/chats/${chat.id}`,
      headers: auth(apiKey),
      payload: { status: 'CLOSED' },
    });
    expect(closing.statusCode).toBe(200);
    await customer(chat.id, 'buy now!!!');
    expect(await details(chat.id)).toMatchObject({ status: 'CLOSED', isOwnerBlocked: true, lastMessageContent: 'buy now!!!' });
    expect(await agentTurn(app, key, 'never')).toBe('paused');
    expect((await aiContact(owner.uuid)).blocked).toBe(true);

    const unblocked = (await get('POST', `/api/v1/contacts/${owner.id}/unblock`)).json();
    expect(unblocked.blocked).toBe(false);
    await customer(chat.id, 'sorry, a real question');
    expect(await details(chat.id)).toMatchObject({ status: 'UNATTENDED', isOwnerBlocked: false });
    expect(await agentTurn(app, key, 'Sure.')).toBe('answered');
  });

  it('answers 404 for unknown and another workspace’s contacts', async () => {
    const { owner } = await newConversation('Someone');
    const { apiKey: otherKey } = await app.newWorkspace('Other');
    const foreign = await app.server.inject({ method: 'POST', url: `/api/v1/contacts/${owner.id}/block`, headers: auth(otherKey) });
    expect(foreign.statusCode).toBe(404);
    expect((await get('POST', '/api/v1/contacts/999999/unblock')).statusCode).toBe(404);
    expect((await get('POST', '/api/v1/contacts/abc/block')).json().details.field).toBe('id');
    expect((await get('GET', `/api/v1/contacts/${owner.id}`)).json().blocked).toBe(false);
  });
});
