import { beforeAll, describe, expect, it } from 'vitest';
import { createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let api: Record<string, any>;
let owner: Record<string, any>;
let ana: Record<string, any>;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  api = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
  owner = await createOwner(app, apiKey, { firstName: 'Ana' });
  ana = (await request('POST', '/api/v1/users', { email: 'ana@example.com', name: 'Ana' })).json();
});

const request = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

const newChat = () => createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
const chatOf = async (id: string) => (await request('GET', `/api/v1/chats/${id}/details`)).json();

describe('/api/v1/tickets', () => {
  it('opens a ticket by manual handoff, and a second handoff adds to it', async () => {
    const chat = await newChat();
    const first = await request('POST', '/api/v1/tickets', { chatId: chat.id, summary: 'Wants a refund', metadata: { order: 1043 } });
    expect(first.statusCode).toBe(201);
    const ticket = first.json();
    expect(ticket).toMatchObject({
      chatId: chat.id,
      contactId: owner.id,
      contactUuid: owner.uuid,
      status: 'OPEN',
      reason: 'manual',
      summary: 'Wants a refund',
      handoffCount: 1,
      assigneeUserId: null,
      metadata: { order: 1043 },
      closedAt: null,
    });
    expect(await chatOf(chat.id)).toMatchObject({ status: 'UNATTENDED', ticketId: ticket.id, ticketStatus: 'OPEN' });

    const second = await request('POST', '/api/v1/tickets', { chatId: chat.id, reason: 'keyword', summary: 'Asked again' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: ticket.id, handoffCount: 2, reason: 'manual', summary: 'Wants a refund\n\nAsked again' });
    expect((await request('GET', `/api/v1/tickets?chatId=${chat.id}`)).json().totalCount).toBe(1);
  });

  it('moves OPEN → IN_PROGRESS → CLOSED → OPEN and refuses other moves with 409 naming the status', async () => {
    const chat = await newChat();
    const ticket = (await request('POST', '/api/v1/tickets', { chatId: chat.id })).json();
    const reopenOpen = await request('POST', `/api/v1/tickets/${ticket.id}/reopen`);
    expect(reopenOpen.statusCode).toBe(409);
    expect(reopenOpen.json().message).toContain('is OPEN');

    const inProgress = (await request('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'IN_PROGRESS' })).json();
    expect(inProgress.status).toBe('IN_PROGRESS');
    expect((await chatOf(chat.id)).status).toBe('ATTENDED');
    const back = await request('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'OPEN' });
    expect(back.statusCode).toBe(409);
    expect(back.json()).toMatchObject({ error: 'CONFLICT', details: { currentStatus: 'IN_PROGRESS', requestedStatus: 'OPEN' } });

    const closed = (await request('POST', `/api/v1/tickets/${ticket.id}/close`)).json();
    expect(closed.status).toBe('CLOSED');
    expect(closed.closedAt).not.toBeNull();
    expect(await chatOf(chat.id)).toMatchObject({ status: 'CLOSED', ticketId: ticket.id, ticketStatus: 'CLOSED' });
    const closeAgain = await request('POST', `/api/v1/tickets/${ticket.id}/close`);
    expect(closeAgain.statusCode).toBe(409);
    expect(closeAgain.json().message).toContain('is CLOSED');
    expect((await request('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'IN_PROGRESS' })).statusCode).toBe(409);

    const reopened = (await request('POST', `/api/v1/tickets/${ticket.id}/reopen`)).json();
    expect(reopened).toMatchObject({ status: 'OPEN', closedAt: null });
    expect((await chatOf(chat.id)).status).toBe('UNATTENDED');

    // A closed ticket cannot be reopened while its chat has another active one.
    await request('POST', `/api/v1/tickets/${ticket.id}/close`);
    const other = (await request('POST', '/api/v1/tickets', { chatId: chat.id })).json();
    expect(other.id).not.toBe(ticket.id);
    const blocked = await request('POST', `/api/v1/tickets/${ticket.id}/reopen`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().details.activeTicketId).toBe(other.id);
  });

  it('assigns active team members only; an operator reply takes the ticket', async () => {
    const chat = await newChat();
    const ticket = (await request('POST', '/api/v1/tickets', { chatId: chat.id })).json();
    const bruno = (await request('POST', '/api/v1/users', { email: 'bruno@example.com', name: 'Bruno' })).json();
    await request('POST', `/api/v1/users/${bruno.id}/deactivate`);
    const inactive = await request('POST', `/api/v1/tickets/${ticket.id}/assign`, { userId: bruno.id });
    expect(inactive.statusCode).toBe(409);
    expect((await request('POST', `/api/v1/tickets/${ticket.id}/assign`, { userId: 999999 })).statusCode).toBe(404);

    await sendChatMessage(app, apiKey, chat.id, { content: 'Hi, Ana here.', userId: ana.uuid });
    const taken = (await request('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(taken).toMatchObject({ status: 'IN_PROGRESS', assigneeUserId: ana.id, assigneeUserUuid: ana.uuid });
    expect(await chatOf(chat.id)).toMatchObject({ status: 'ATTENDED', ticketStatus: 'IN_PROGRESS' });
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json().currentResponderId).toBe(ana.uuid);

    const unassigned = (await request('POST', `/api/v1/tickets/${ticket.id}/assign`, { userId: null })).json();
    expect(unassigned.assigneeUserId).toBeNull();
    expect((await request('GET', `/api/v1/chats/${chat.id}`)).json().currentResponderId).toBe(chat.responderId);
    const updated = (await request('PUT', `/api/v1/tickets/${ticket.id}`, { summary: 'Refund', metadata: { a: 1 } })).json();
    expect(updated).toMatchObject({ summary: 'Refund', metadata: { a: 1 }, status: 'IN_PROGRESS' });
    expect((await request('PUT', `/api/v1/tickets/${ticket.id}`, { metadata: { a: null, b: 2 } })).json().metadata).toEqual({ b: 2 });
  });

  it('lists with filters and pages', async () => {
    const chat = await newChat();
    const ticket = (await request('POST', '/api/v1/tickets', { chatId: chat.id, assigneeUserId: ana.id })).json();
    const byAssignee = (await request('GET', `/api/v1/tickets?assigneeUserId=${ana.id}`)).json();
    expect(byAssignee.items.map((item: any) => item.id)).toContain(ticket.id);
    const active = (await request('GET', '/api/v1/tickets?status=OPEN,IN_PROGRESS')).json();
    expect(active.items.every((item: any) => item.status !== 'CLOSED')).toBe(true);
    const byContact = (await request('GET', `/api/v1/tickets?contactId=${owner.id}&limit=1`)).json();
    expect(byContact.items).toHaveLength(1);
    expect(byContact.items[0].id).toBe(ticket.id);
    const rest = (await request('GET', `/api/v1/tickets?contactId=${owner.id}&limit=1&pageToken=${byContact.nextPageToken}`)).json();
    expect(rest.items[0].id).not.toBe(ticket.id);
    const future = (await request('GET', '/api/v1/tickets?createdAfter=2999-01-01T00:00:00Z')).json();
    expect(future.totalCount).toBe(0);
    const past = (await request('GET', '/api/v1/tickets?createdBefore=2000-01-01T00:00:00Z')).json();
    expect(past.items).toEqual([]);
  });

  it('answers 400 naming the field for bad input', async () => {
    expect((await request('GET', '/api/v1/tickets/not-a-uuid')).json().details.field).toBe('ticketId');
    expect((await request('GET', '/api/v1/tickets?status=DONE')).json().details.field).toBe('status');
    expect((await request('GET', '/api/v1/tickets?createdAfter=yesterday')).json().details.field).toBe('createdAfter');
    expect((await request('POST', '/api/v1/tickets', { chatId: 'x' })).json().details.field).toBe('chatId');
    const chat = await newChat();
    expect((await request('POST', '/api/v1/tickets', { chatId: chat.id, reason: 'bored' })).json().details.field).toBe('reason');
    const ticket = (await request('POST', '/api/v1/tickets', { chatId: chat.id })).json();
    expect((await request('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'DONE' })).json().details.field).toBe('status');
    expect((await request('POST', `/api/v1/tickets/${ticket.id}/assign`, {})).json().details.field).toBe('userId');
  });

  it('answers 404 for unknown ids and for another workspace’s chat, ticket or user', async () => {
    const chat = await newChat();
    const ticket = (await request('POST', '/api/v1/tickets', { chatId: chat.id })).json();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await request('GET', `/api/v1/tickets/${unknown}`)).statusCode).toBe(404);
    expect((await request('POST', '/api/v1/tickets', { chatId: unknown })).statusCode).toBe(404);
    expect((await request('POST', '/api/v1/tickets', { chatId: chat.id }, otherKey)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/tickets/${ticket.id}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'CLOSED' }, otherKey)).statusCode).toBe(404);
    expect((await request('POST', `/api/v1/tickets/${ticket.id}/close`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('POST', `/api/v1/tickets/${ticket.id}/reopen`, undefined, otherKey)).statusCode).toBe(404);
    expect((await request('POST', `/api/v1/tickets/${ticket.id}/assign`, { userId: ana.id }, otherKey)).statusCode).toBe(404);
    expect((await request('GET', '/api/v1/tickets', undefined, otherKey)).json().totalCount).toBe(0);
    // Another workspace's user cannot be assigned here.
    const { apiKey: thirdKey } = await app.newWorkspace('Third');
    const stranger = (await request('POST', '/api/v1/users', { email: 's@example.com', name: 'S' }, thirdKey)).json();
    const foreignUser = await request('POST', `/api/v1/tickets/${ticket.id}/assign`, { userId: stranger.id });
    expect(foreignUser.statusCode).toBe(404);
    expect((await request('GET', `/api/v1/tickets/${ticket.id}`)).json().status).toBe('OPEN');
  });
});
