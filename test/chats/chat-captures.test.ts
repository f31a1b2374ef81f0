import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, login } from '../helpers/inbox.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { builtinAgent } from '../helpers/widget-site.js';

const app = await buildTestApp({ LLM_BASE_URL: undefined });
let apiKey = '';
let chatId = '';

beforeAll(async () => {
  // As a server's start does: the runtime's consumer begins at the newest event.
  await app.background.drain();
  ({ apiKey } = await app.newWorkspace());
  const agent = await builtinAgent(app, apiKey, { captureFields: ['email', 'phone'] });
  const call = async (url: string, payload: object) => {
    const response = await app.server.inject({ method: 'POST', url, headers: auth(apiKey), payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  const channel = await call('/api/v1/channels', { type: 'api', name: 'Website backend' });
  const contact = await call('/api/v1/contacts', { firstName: 'Ana' });
  const owner = (await app.database.pool.query<{ uuid: string }>('SELECT uuid FROM contacts WHERE id = $1', [contact.id])).rows[0]!.uuid;
  chatId = (await call('/api/v1/chats', { channelId: channel.uuid, ownerId: owner, responderId: agent.uuid, title: null })).id;
  await call(`/api/v1/chats/${chatId}/messages`, {
    content: 'My email is ana.perez@example.com and my phone is +56 9 1234 5678',
    role: 'user',
  });
  await app.background.drain();
});

describe('GET /api/v1/chats/{id}/captures', () => {
  it("lists what the agent captured in the chat, for an API key and for a team member's session", async () => {
    const response = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/captures`, headers: auth(apiKey) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({ email: 'ana.perez@example.com', phone: '+56912345678', capturedAt: expect.any(String) }),
    ]);
    const session = await login(app, await createMember(app, apiKey));
    const asMember = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/captures`, headers: session.read });
    expect(asMember.json()).toEqual(response.json());
  });

  it("is 401 without a key, 400 for a malformed id, 404 for an unknown chat and for another workspace's", async () => {
    expect((await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/captures` })).statusCode).toBe(401);
    const malformed = await app.server.inject({ method: 'GET', url: '/api/v1/chats/not-a-uuid/captures', headers: auth(apiKey) });
    expect(malformed.statusCode).toBe(400);
    const unknown = await app.server.inject({
      method: 'GET',
      url: '/api/v1/chats/00000000-0000-4000-8000-000000000000/captures',
      headers: auth(apiKey),
    });
    expect(unknown.statusCode).toBe(404);
    const other = await app.newWorkspace('Other');
    const foreign = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/captures`, headers: auth(other.apiKey) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('ana.perez');
  });
});
