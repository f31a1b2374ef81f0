import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/shared/tenant.js';
import { actorOf } from '../../src/shared/actor.js';
import { createAgent, createChannel, createChat, createOwner } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let tenant: Tenant;
let agent: Record<string, any>;
let otherAgent: Record<string, any>;
const captured: Array<{ id: number; chatUuid: string }> = [];

async function capture(data: Record<string, unknown>, channel: Record<string, any>) {
  const owner = await createOwner(app, apiKey, { firstName: 'Someone' });
  const chat = await createChat(app, apiKey, { channelId: channel.uuid, ownerId: owner.uuid, responderId: agent.uuid, title: null });
  const chatId = Number((await app.database.pool.query('SELECT id FROM chats WHERE uuid = $1', [chat.id])).rows[0].id);
  const { capture: row } = await app.database.db.transaction((tx) =>
    app.services.captures.applyCapture(tx, tenant, { agentId: agent.id, chatId, channel: channel.type, contactId: owner.id, data }),
  );
  captured.push({ id: row!.id, chatUuid: chat.id });
  return row!;
}

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Clinic'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  const key = (await app.services.workspaces.authenticate(apiKey))!;
  tenant = { ...key, actor: actorOf('api_key', key.apiKeyId) };
  agent = await createAgent(app, apiKey, 'Reception');
  otherAgent = await createAgent(app, otherKey, 'Elsewhere');
  const api = await createChannel(app, apiKey, { type: 'api', name: 'Site backend' });
  const widget = await createChannel(app, apiKey, { type: 'widget', name: 'Site widget' });
  await capture({ name: 'Ana Pérez', email: 'ANA@example.com', phone: '+56912345678', company: 'Acme', budget: '1000' }, api);
  await capture({ name: '=HYPERLINK("http://evil")', email: 'bob@example.com' }, widget);
  await capture({ name: 'Carla', company: 'Clinica Sur', phone: '+56 2 2345 6789' }, api);
});

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });

describe('GET /api/agents/{agent_id}/contacts', () => {
  it("lists the agent's captured contacts in 000's envelope, by numeric id or uuid", async () => {
    const byId = await get(`/api/agents/${agent.id}/contacts?per_page=2`);
    expect(byId.statusCode).toBe(200);
    const body = byId.json();
    expect(body.meta).toEqual({ current_page: 1, last_page: 2, per_page: 2, total: 3 });
    expect(body.data).toHaveLength(2);
    expect(Object.keys(body.data[0]).sort()).toEqual(
      [
        'channel',
        'company',
        'contact_captured_at',
        'contact_data',
        'contact_email',
        'contact_exported_at',
        'created_at',
        'email',
        'id',
        'name',
        'phone',
        'session_id',
        'status',
      ].sort(),
    );
    const ana = (await get(`/api/agents/${agent.uuid}/contacts?search=acme`)).json();
    expect(ana.data).toEqual([
      expect.objectContaining({
        email: 'ana@example.com',
        contact_email: 'ana@example.com',
        name: 'Ana Pérez',
        company: 'Acme',
        phone: '+56912345678',
        channel: 'api',
        status: 'new',
        contact_exported_at: null,
        contact_data: { name: 'Ana Pérez', email: 'ANA@example.com', phone: '+56912345678', company: 'Acme', budget: '1000' },
      }),
    ]);
    expect(ana.data[0].session_id).toEqual(expect.any(Number));
  });

  it('filters by channel, status and capture date range', async () => {
    expect((await get(`/api/agents/${agent.id}/contacts?channel=widget`)).json().meta.total).toBe(1);
    expect((await get(`/api/agents/${agent.id}/contacts?status=exported`)).json().meta.total).toBe(0);
    expect((await get(`/api/agents/${agent.id}/contacts?date_from=2000-01-01&date_to=2999-01-01`)).json().meta.total).toBe(3);
    expect((await get(`/api/agents/${agent.id}/contacts?date_to=2000-01-01`)).json().meta.total).toBe(0);
    const empty = (await get(`/api/agents/${agent.id}/contacts?page=9`)).json();
    expect(empty).toEqual({ data: [], meta: { current_page: 9, last_page: 1, per_page: 20, total: 3 } });
  });

  it('rejects bad parameters naming them, in the {error:{code,message}} envelope', async () => {
    const bad = await get(`/api/agents/${agent.id}/contacts?per_page=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('per_page') } });
    expect((await get(`/api/agents/${agent.id}/contacts?date_from=yesterday`)).json().error.message).toContain('date_from');
    expect((await get(`/api/agents/not-an-id/contacts`)).statusCode).toBe(400);
    const unknown = await get(`/api/agents/999999/contacts`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const noKey = await app.server.inject({ method: 'GET', url: `/api/agents/${agent.id}/contacts` });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().error.code).toBe('UNAUTHORIZED');
  });

  it("is 404 with another workspace's key, and that workspace's agent shows nothing here", async () => {
    expect((await get(`/api/agents/${agent.id}/contacts`, otherKey)).statusCode).toBe(404);
    expect((await get(`/api/agents/${agent.uuid}/contacts/${captured[0]!.id}`, otherKey)).statusCode).toBe(404);
    expect((await get(`/api/agents/${otherAgent.id}/contacts`)).statusCode).toBe(404);
    expect((await get(`/api/agents/${agent.id}/contacts/export.csv`, otherKey)).statusCode).toBe(404);
  });
});

describe('GET /api/agents/{agent_id}/contacts/{id}', () => {
  it('returns one contact, 404 for an unknown id, 400 for a malformed one', async () => {
    const one = await get(`/api/agents/${agent.id}/contacts/${captured[0]!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: captured[0]!.id, name: 'Ana Pérez' });
    expect((await get(`/api/agents/${agent.id}/contacts/99999999`)).statusCode).toBe(404);
    expect((await get(`/api/agents/${agent.id}/contacts/abc`)).json().error.message).toContain('id');
  });
});

describe('exports', () => {
  it('streams CSV with formula cells escaped, and JSON, with the same filters; nothing changes state', async () => {
    const csv = await get(`/api/agents/${agent.id}/contacts/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,session_id,channel,contact_email,contact_data,contact_captured_at,contact_exported_at,status,email,name,company,phone,created_at',
    );
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
    const json = await get(`/api/agents/${agent.uuid}/contacts/export.json?channel=api`);
    expect(json.headers['content-type']).toContain('application/json');
    expect(
      json
        .json()
        .map((row: { name: string }) => row.name)
        .sort(),
    ).toEqual(['Ana Pérez', 'Carla']);
    expect((await get(`/api/agents/${agent.id}/contacts?status=new`)).json().meta.total).toBe(3);
    expect((await get(`/api/agents/${agent.id}/contacts/export.json?date_from=nope`)).statusCode).toBe(400);
  });
});

describe('PATCH and DELETE /api/agents/{agent_id}/contacts/{id}', () => {
  it('marks a contact exported, stamping contact_exported_at; rejects a bad status', async () => {
    const url = `/api/agents/${agent.id}/contacts/${captured[2]!.id}`;
    const patched = await app.server.inject({ method: 'PATCH', url, headers: auth(apiKey), payload: { status: 'exported' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'exported', contact_exported_at: expect.any(String) });
    expect((await get(`/api/agents/${agent.id}/contacts?status=exported`)).json().meta.total).toBe(1);
    const bad = await app.server.inject({ method: 'PATCH', url, headers: auth(apiKey), payload: { status: 'Not A Status!' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('status');
    const foreign = await app.server.inject({ method: 'PATCH', url, headers: auth(otherKey), payload: { status: 'exported' } });
    expect(foreign.statusCode).toBe(404);
  });

  it("soft-deletes the contact's chat: 204, then 404, and the chat shows isRemoved", async () => {
    const { id, chatUuid } = captured[1]!;
    const url = `/api/agents/${agent.id}/contacts/${id}`;
    expect((await app.server.inject({ method: 'DELETE', url, headers: auth(otherKey) })).statusCode).toBe(404);
    const deleted = await app.server.inject({ method: 'DELETE', url, headers: auth(apiKey) });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await get(url)).statusCode).toBe(404);
    expect((await app.server.inject({ method: 'DELETE', url, headers: auth(apiKey) })).statusCode).toBe(404);
    const chat = (await get(`/api/v1/chats/${chatUuid}`)).json();
    expect(chat.isRemoved).toBe(true);
    expect((await get(`/api/agents/${agent.id}/contacts`)).json().meta.total).toBe(2);
  });
});
