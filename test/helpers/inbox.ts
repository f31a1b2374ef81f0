import type { TestApp } from './test-app.js';
import { auth } from './test-app.js';

export interface Member {
  id: number;
  uuid: string;
  email: string;
  password: string;
}

/** A team member of the API key's workspace who can log into the inbox. */
export async function createMember(
  app: TestApp,
  apiKey: string,
  {
    email = `member-${Math.random().toString(36).slice(2)}@example.com`,
    name = 'Ana Souza',
    role = 'agent',
    password = 'a long passphrase',
  } = {},
): Promise<Member> {
  const created = await app.server.inject({ method: 'POST', url: '/api/v1/users', headers: auth(apiKey), payload: { email, name, role } });
  if (created.statusCode !== 200) throw new Error(`creating ${email} failed: ${created.statusCode} ${created.body}`);
  const user = created.json<{ id: number; uuid: string }>();
  const set = await app.server.inject({
    method: 'PUT',
    url: `/api/v1/users/${user.id}/password`,
    headers: auth(apiKey),
    payload: { password },
  });
  if (set.statusCode !== 204) throw new Error(`setting the password of ${email} failed: ${set.statusCode} ${set.body}`);
  return { id: user.id, uuid: user.uuid, email, password };
}

export interface LoggedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a read made with the session. */
  read: Record<string, string>;
  /** Headers for a write made with the session (cookie and CSRF token). */
  write: Record<string, string>;
}

/** Logs a member in through POST /api/v1/auth/login and returns the session's cookie and CSRF token. */
export async function login(app: TestApp, member: { email: string; password: string }, ip = '127.0.0.1'): Promise<LoggedIn> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: member.email, password: member.password },
    remoteAddress: ip,
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const session = response.cookies.find((cookie) => cookie.name === 'switchboard_session')!;
  const cookie = `switchboard_session=${session.value}`;
  const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrfToken, read: { cookie }, write: { cookie, 'x-csrf-token': csrfToken } };
}

/**
 * A customer writing in, as an integration reports it through the API: their contact, a chat
 * with them on an `api` channel, and their message (role `user`). Returns the chat's uuid.
 */
export async function customerWritesIn(
  app: TestApp,
  apiKey: string,
  { firstName = 'Jane', lastName = 'Customer', text = 'Hello, I need help with my order' } = {},
): Promise<{ chatId: string; contactUuid: string }> {
  const call = async (url: string, payload: object) => {
    const response = await app.server.inject({ method: 'POST', url, headers: auth(apiKey), payload });
    if (response.statusCode !== 200) throw new Error(`POST ${url} failed: ${response.statusCode} ${response.body}`);
    return response.json<Record<string, any>>();
  };
  const channel = await call('/api/v1/channels', { type: 'api', name: `Website API (${firstName})` });
  const contact = await call('/api/v1/contacts', { firstName, lastName, email: `${firstName.toLowerCase()}@example.com` });
  const uuid = (await app.database.pool.query<{ uuid: string }>('SELECT uuid FROM contacts WHERE id = $1', [contact.id])).rows[0]!.uuid;
  const chat = await call('/api/v1/chats', { channelId: channel.uuid, ownerId: uuid, title: null });
  await call(`/api/v1/chats/${chat.id}/messages`, { content: text, role: 'user' });
  return { chatId: chat.id as string, contactUuid: uuid };
}
