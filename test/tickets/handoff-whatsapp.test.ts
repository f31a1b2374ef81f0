import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffs } from '../../src/modules/tickets/handoffs.js';
import { actorOf } from '../../src/shared/actor.js';
import { createChannel } from '../chats/factories.js';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { inboundPayload, postWebhook } from '../whatsapp/webhook-payloads.js';
import { agentTurn, chatKey, scriptedTurns } from './agent-turn.js';

let app: TestApp;
let graph: FakeGraphApi;
let apiKey: string;
const APP_SECRET = 'handoff-app-secret';
const PHONE_NUMBER_ID = '406540352249999';
const CUSTOMER = '5491155550123';

beforeAll(async () => {
  graph = await startFakeGraphApi();
  app = await buildTestApp({ WHATSAPP_API_BASE_URL: graph.url }, scriptedTurns);
  ({ apiKey } = await app.newWorkspace('Acme'));
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Acme WhatsApp',
    settings: {
      phoneNumber: '+15550009999',
      phoneNumberId: PHONE_NUMBER_ID,
      businessAccountId: '102290129349999',
      accessToken: 'token-acme',
      appSecret: APP_SECRET,
      verifyToken: 'acme-verify',
    },
  });
});
afterAll(() => graph.close());

const get = async (url: string) => (await app.server.inject({ method: 'GET', url, headers: auth(apiKey) })).json();
let sequence = 0;
async function customerWrites(body: string): Promise<Record<string, any>> {
  sequence += 1;
  const id = `wamid.HANDOFF${sequence}`;
  await postWebhook(app, inboundPayload(PHONE_NUMBER_ID, { id, from: CUSTOMER, type: 'text', text: { body } }), APP_SECRET);
  expect((await app.background.inboundWebhooks.drain()).failed).toBe(0);
  return get(`/api/v1/messages/${id}`);
}

describe('a handoff on WhatsApp (fake Graph API)', () => {
  it('runs the whole story: agent, handoff, silence, operator, close, agent again', async () => {
    const first = await customerWrites('Hola');
    const chatId: string = first.conversationId;
    const key = await chatKey(app, chatId);
    expect(await agentTurn(app, key, '¡Hola! ¿En qué te ayudo?')).toBe('answered');

    await customerWrites('quiero hablar con una persona');
    const { ticketId } = await app.database.db.transaction((tx) =>
      handoffs.requestHandoff(tx, key.workspaceId, {
        chatId: key.chatId,
        reason: 'customer_asked',
        summary: 'Customer wants a person.',
        actor: actorOf('agent', null),
      }),
    );
    const contact = await get(`/api/v1/contacts/${first.contactId}`);
    expect(await get(`/api/v1/chats/${chatId}/details`)).toMatchObject({ status: 'UNATTENDED', ticketId, ticketStatus: 'OPEN' });
    expect(await get(`/api/public/contact/${contact.uuid}/info`)).toMatchObject({
      platform: 'whatsapp',
      phone: `+${CUSTOMER}`,
      active_ticket: { id: ticketId, status: 'OPEN' },
    });

    await customerWrites('¿hay alguien?');
    expect(await agentTurn(app, key, 'never sent')).toBe('paused');

    const reply = await app.server.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: auth(apiKey),
      payload: { fromPhoneNumber: '+15550009999', toPhoneNumber: `+${CUSTOMER}`, content: 'Soy Ana, te ayudo yo.', type: 'text' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ role: 'operator', status: 'sent' });
    // The agent's answer went out through the Graph API too (the real runtime's send path); the paused turn sent nothing.
    const sends = graph.requests.filter((request) => request.path === `/${PHONE_NUMBER_ID}/messages`);
    expect(sends.map((request) => JSON.stringify(request.json))).toEqual([
      expect.stringContaining('¡Hola! ¿En qué te ayudo?'),
      expect.stringContaining('Soy Ana, te ayudo yo.'),
    ]);
    expect(await get(`/api/v1/chats/${chatId}/details`)).toMatchObject({ status: 'ATTENDED', ticketStatus: 'IN_PROGRESS' });

    await app.server.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/close`, headers: auth(apiKey) });
    expect(await get(`/api/public/contact/${contact.uuid}/info`)).toMatchObject({
      chat_status: 'CLOSED',
      active_ticket: null,
      last_closed_ticket: { id: ticketId, status: 'CLOSED' },
    });

    const again = await customerWrites('Gracias, otra pregunta');
    expect(again.conversationId).toBe(chatId);
    expect((await get(`/api/v1/chats/${chatId}/details`)).status).toBe('UNATTENDED');
    expect(await agentTurn(app, key, 'Claro.')).toBe('answered');
  });
});
