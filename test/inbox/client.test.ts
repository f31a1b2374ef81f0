import { describe, expect, it } from 'vitest';
import { createSwitchboardClient } from '../../src/client/index.js';
import { createMember, login } from '../helpers/inbox.js';
import { buildTestApp } from '../helpers/test-app.js';

const app = await buildTestApp();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace();

describe('the TypeScript client (src/client)', () => {
  it('calls the API with an API key, typed end to end', async () => {
    const client = createSwitchboardClient(base, { apiKey });
    const created = await client.POST('/api/v1/users', { body: { email: 'typed@example.com', name: 'Typed Client', role: 'agent' } });
    expect(created.data?.email).toBe('typed@example.com');
    const { data, error } = await client.GET('/api/v1/users/{id}', { params: { path: { id: created.data!.id } } });
    expect(error).toBeUndefined();
    expect(data?.name).toBe('Typed Client');
    const missing = await client.GET('/api/v1/users/{id}', { params: { path: { id: 999_999 } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ error: 'NOT_FOUND' });
  });

  it('in cookie mode sends the session’s CSRF token with writes (not reads)', async () => {
    const member = await createMember(app, apiKey);
    const session = await login(app, member);
    // Node's fetch keeps no cookies: this one adds the session cookie, as a browser would.
    const withCookie: typeof fetch = (input, init) => {
      const request = new Request(input as Request, init);
      request.headers.set('cookie', session.cookie);
      return fetch(request);
    };
    const client = createSwitchboardClient(base, { cookie: true, csrfToken: () => session.csrfToken }, { fetch: withCookie });
    expect((await client.GET('/api/v1/auth/me')).data?.user.id).toBe(member.id);
    const contact = await client.POST('/api/v1/contacts', { body: { firstName: 'Via', lastName: 'Cookie' } });
    expect(contact.response.status, JSON.stringify(contact.error)).toBe(200);
    const without = createSwitchboardClient(base, { cookie: true, csrfToken: () => undefined }, { fetch: withCookie });
    expect((await without.POST('/api/v1/contacts', { body: { firstName: 'No', lastName: 'Token' } })).response.status).toBe(403);
  });
});
