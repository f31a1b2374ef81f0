import { auth, type TestApp } from '../helpers/test-app.js';

/** Messaging test data made through the API, as a client would. */
async function post(app: TestApp, apiKey: string, url: string, payload: object): Promise<Record<string, any>> {
  const response = await app.server.inject({ method: 'POST', url, headers: auth(apiKey), payload });
  if (response.statusCode !== 200) throw new Error(`POST ${url} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

export const createChannel = (app: TestApp, apiKey: string, payload: object) => post(app, apiKey, '/api/v1/channels', payload);
export const createAgent = (app: TestApp, apiKey: string, name: string) => post(app, apiKey, '/api/v1/agents', { name });
export const createSquad = (app: TestApp, apiKey: string, name: string) => post(app, apiKey, '/api/v1/squads', { name });
export const createChat = (app: TestApp, apiKey: string, payload: object) => post(app, apiKey, '/api/v1/chats', payload);
export const sendChatMessage = (app: TestApp, apiKey: string, chatId: string, payload: object) =>
  post(app, apiKey, `/api/v1/chats/${chatId}/messages`, payload);

/** The uuid of a contact (chats name owners by it; the v1 contact shape shows only the numeric id). */
export async function contactUuid(app: TestApp, contactId: number): Promise<string> {
  const result = await app.database.pool.query<{ uuid: string }>('SELECT uuid FROM contacts WHERE id = $1', [contactId]);
  return result.rows[0]!.uuid;
}

/** A contact made through the v1 API, with its uuid. */
export async function createOwner(app: TestApp, apiKey: string, payload: object): Promise<Record<string, any>> {
  const response = await app.server.inject({ method: 'POST', url: '/api/v1/contacts', headers: auth(apiKey), payload });
  if (response.statusCode !== 200) throw new Error(`creating a contact failed: ${response.body}`);
  const contact = response.json();
  return { ...contact, uuid: await contactUuid(app, contact.id) };
}
