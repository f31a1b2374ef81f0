import { describe, expect, it } from 'vitest';
import { createMember, customerWritesIn, login } from '../helpers/inbox.js';
import { auth, buildTestApp } from '../helpers/test-app.js';

const app = await buildTestApp({ LOGIN_MAX_ATTEMPTS_PER_EMAIL: 3, LOGIN_MAX_ATTEMPTS_PER_IP: 8 });
const { apiKey } = await app.newWorkspace();
const other = await app.newWorkspace('Other workspace');
let nextIp = 1;
/** Each test logs in from an address of its own, so the per-IP budget of one does not spend another's. */
const freshIp = () => `10.0.0.${nextIp++}`;

function loginAttempt(email: string, password: string, ip = freshIp()) {
  return app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
}

describe('inbox logins', () => {
  it('logs a member in with an HttpOnly, SameSite=Lax session cookie; /auth/me shows them; logout ends the session', async () => {
    const member = await createMember(app, apiKey, { email: 'Ana@Example.com' });
    const response = await loginAttempt('ana@example.com', member.password);
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((item) => item.name === 'switchboard_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(response.json()).toMatchObject({ user: { id: member.id, email: 'ana@example.com' }, csrfToken: expect.any(String) });

    const headers = { cookie: `switchboard_session=${cookie.value}` };
    const me = await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { uuid: member.uuid }, csrfToken: response.json().csrfToken });

    const logout = await app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...headers, 'x-csrf-token': me.json().csrfToken },
    });
    expect(logout.statusCode, logout.body).toBe(204);
    const after = await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
  });

  it('sets the cookie Secure when the request came over https (through a trusted proxy), and not otherwise', async () => {
    const proxied = await buildTestApp({ TRUST_PROXY: true });
    const key = (await proxied.newWorkspace()).apiKey;
    const member = await createMember(proxied, key);
    const attempt = (proto: string) =>
      proxied.server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: member.email, password: member.password },
        headers: { 'x-forwarded-proto': proto, 'x-forwarded-for': '203.0.113.7' },
      });
    expect((await attempt('https')).cookies[0]).toMatchObject({ name: 'switchboard_session', secure: true, httpOnly: true });
    expect((await attempt('http')).cookies[0]!.secure).toBeFalsy();
    // Without TRUST_PROXY a forwarded header is not believed.
    const direct = await app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: (await createMember(app, apiKey)).email, password: 'a long passphrase' },
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: freshIp(),
    });
    expect(direct.cookies[0]!.secure).toBeFalsy();
  });

  it('answers one generic 401 to a wrong password, an unknown email and a member without a password', async () => {
    const member = await createMember(app, apiKey);
    await app.server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth(apiKey),
      payload: { email: 'nopass@example.com', name: 'No Pass' },
    });
    const answers = await Promise.all([
      loginAttempt(member.email, 'not the password'),
      loginAttempt('nobody@example.com', member.password),
      loginAttempt('nopass@example.com', 'anything at all'),
    ]);
    for (const response of answers) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'UNAUTHENTICATED', message: 'The email or password is not correct' });
      expect(response.cookies).toEqual([]);
    }
  });

  it('refuses a deactivated member', async () => {
    const member = await createMember(app, apiKey);
    const session = await login(app, member, freshIp());
    await app.server.inject({ method: 'POST', url: `/api/v1/users/${member.id}/deactivate`, headers: auth(apiKey) });
    expect((await loginAttempt(member.email, member.password)).statusCode).toBe(401);
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.read })).statusCode).toBe(401);
  });

  it('rate limits attempts per email, even with the right password, and per IP address', async () => {
    const member = await createMember(app, apiKey);
    for (let attempt = 0; attempt < 3; attempt++) expect((await loginAttempt(member.email, 'wrong password')).statusCode).toBe(401);
    const limited = await loginAttempt(member.email, member.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const ip = freshIp();
    for (let attempt = 0; attempt < 8; attempt++) await loginAttempt(`someone-${attempt}@example.com`, 'wrong password', ip);
    const fromIp = await loginAttempt('someone-else@example.com', 'wrong password', ip);
    expect(fromIp.statusCode).toBe(429);
    expect(fromIp.json().message).toMatch(/from this address/);
  });

  it('answers 400 naming the field for a malformed login', async () => {
    const response = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('password');
  });
});

describe('session-authenticated requests', () => {
  it('reads and writes the workspace as the member; writes need the CSRF token and a same-origin Origin', async () => {
    const member = await createMember(app, apiKey);
    const session = await login(app, member, freshIp());
    const list = await app.server.inject({ method: 'GET', url: '/api/v1/chats', headers: session.read });
    expect(list.statusCode, list.body).toBe(200);

    const contact = { firstName: 'Csrf', lastName: 'Probe' };
    const missing = await app.server.inject({ method: 'POST', url: '/api/v1/contacts', headers: session.read, payload: contact });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: 'FORBIDDEN', message: expect.stringContaining('x-csrf-token') });
    const wrong = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...session.read, 'x-csrf-token': 'forged' },
      payload: contact,
    });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...session.write, origin: 'https://evil.example' },
      payload: contact,
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().message).toContain('https://evil.example');
    const created = await app.server.inject({ method: 'POST', url: '/api/v1/contacts', headers: session.write, payload: contact });
    expect(created.statusCode, created.body).toBe(200);
  });

  it("cannot read another workspace's objects (404) nor use API-key-only routes (401)", async () => {
    const outsider = await createMember(app, other.apiKey);
    const session = await login(app, outsider, freshIp());
    const { chatId } = await customerWritesIn(app, apiKey);
    const read = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}`, headers: session.read });
    expect(read.statusCode, read.body).toBe(404);
    const reply = await app.server.inject({
      method: 'POST',
      url: `/api/v1/chats/${chatId}/messages`,
      headers: session.write,
      payload: { content: 'Hi' },
    });
    expect(reply.statusCode).toBe(404);
    const webhooks = await app.server.inject({ method: 'GET', url: '/api/v1/webhooks', headers: session.read });
    expect(webhooks.statusCode).toBe(401);
  });

  it('lets a member set their own password but not another’s unless admin', async () => {
    const member = await createMember(app, apiKey);
    const colleague = await createMember(app, apiKey);
    const session = await login(app, member, freshIp());
    const own = await app.server.inject({
      method: 'PUT',
      url: `/api/v1/users/${member.id}/password`,
      headers: session.write,
      payload: { password: 'another long passphrase' },
    });
    expect(own.statusCode, own.body).toBe(204);
    // A new password ends the member's sessions, this one included.
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.read })).statusCode).toBe(401);
    const again = await login(app, { email: member.email, password: 'another long passphrase' }, freshIp());
    const theirs = await app.server.inject({
      method: 'PUT',
      url: `/api/v1/users/${colleague.id}/password`,
      headers: again.write,
      payload: { password: 'taken over password' },
    });
    expect(theirs.statusCode).toBe(403);
  });
});
