import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

const app = await buildTestApp({ SECRETS_KEY: 'a-secrets-key-for-tests' });
const ORIGIN = 'https://shop.example';

async function widgetChannel(target: TestApp, apiKey: string, settings: Record<string, unknown> = {}) {
  const response = await target.server.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: auth(apiKey),
    payload: { type: 'widget', name: 'Site chat', settings: { allowedOrigins: [ORIGIN], ...settings } },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<{ uuid: string; settings: { websiteToken: string } }>();
}

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.server.inject({
    method: 'POST',
    url: `/api/widget/v1${url}`,
    payload: payload as object,
    headers: { origin: ORIGIN, ...headers },
  });
}
function get(url: string, headers: Record<string, string> = {}) {
  return app.server.inject({ method: 'GET', url: `/api/widget/v1${url}`, headers: { origin: ORIGIN, ...headers } });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function contactCount(apiKey: string): Promise<number> {
  const listed = await app.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: auth(apiKey) });
  return listed.json<{ totalCount?: number; items: unknown[] }>().items.length;
}

describe('public widget API', () => {
  it('generates a website token, starts a session, stores messages and reads them back', async () => {
    const { apiKey } = await app.newWorkspace();
    const channel = await widgetChannel(app, apiKey);
    expect(channel.settings.websiteToken).toMatch(/^wt_/);

    const config = await get(`/config?websiteToken=${channel.settings.websiteToken}`);
    expect(config.statusCode, config.body).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(config.json()).toMatchObject({ locale: 'en', preChatFields: [], agent: { name: 'Assistant' } });

    const session = await post('/sessions', { websiteToken: channel.settings.websiteToken, name: 'Jane Doe' });
    expect(session.statusCode, session.body).toBe(200);
    const { visitorToken, visitor, chat } = session.json();
    expect(visitor).toMatchObject({ name: 'Jane Doe', verified: false });
    expect(chat).toBeNull();

    const sent = await post('/messages', { content: '<script>alert(1)</script> hours?' }, bearer(visitorToken));
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ role: 'visitor', content: '<script>alert(1)</script> hours?' });

    const history = await get('/messages', bearer(visitorToken));
    expect(history.json()).toMatchObject({ total: 1, hasMore: false, messages: [{ role: 'visitor' }] });

    // The same visitor continues with the earlier token; the chat is theirs in the v1 API, with their visitor id.
    const again = await post('/sessions', { websiteToken: channel.settings.websiteToken, visitorToken });
    expect(again.json()).toMatchObject({ visitor: { id: visitor.id }, chat: { id: sent.json().chatId } });
    const conversations = await app.server.inject({
      method: 'GET',
      url: `/api/agents/customerSupport/conversations?visitor_id=${visitor.id}`,
      headers: auth(apiKey),
    });
    expect(conversations.body).toContain(sent.json().chatId);
  });

  it('refuses a wrong website token, a disallowed origin and forged or foreign visitor tokens, storing nothing', async () => {
    const { apiKey } = await app.newWorkspace();
    const channel = await widgetChannel(app, apiKey);
    const token = channel.settings.websiteToken;

    const wrong = await post('/sessions', { websiteToken: 'wt_nottherealtokenatall' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toContain('websiteToken');

    const elsewhere = await post('/sessions', { websiteToken: token }, { origin: 'https://evil.example' });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.message).toContain('https://evil.example');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    expect(await contactCount(apiKey)).toBe(0);

    const forged = await post('/messages', { content: 'hi' }, bearer('eyJ0IjoieCJ9.forged'));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    const missing = await get('/messages');
    expect(missing.statusCode).toBe(401);

    // A visitor of another workspace's channel, with an origin this one allows, reaches only their own chat.
    const other = await app.newWorkspace();
    const otherChannel = await widgetChannel(app, other.apiKey);
    const otherVisitor = (await post('/sessions', { websiteToken: otherChannel.settings.websiteToken })).json().visitorToken;
    const mine = (await post('/sessions', { websiteToken: token })).json().visitorToken;
    await post('/messages', { content: 'my secret question' }, bearer(mine));
    const theirs = await get('/messages', bearer(otherVisitor));
    expect(theirs.json()).toMatchObject({ total: 0, messages: [] });
    expect(theirs.body).not.toContain('my secret question');
    // Another visitor of the same channel neither.
    const neighbour = (await post('/sessions', { websiteToken: token })).json().visitorToken;
    expect((await get('/messages', bearer(neighbour))).json()).toMatchObject({ total: 0 });
  });

  it('links a visitor to the contact of a verified identifier; a wrong hash is 401 and stores nothing', async () => {
    const { apiKey } = await app.newWorkspace();
    const channel = await widgetChannel(app, apiKey, { identitySecret: 'site-identity-secret' });
    expect(channel).toMatchObject({ secretsSet: ['identitySecret'] });
    const websiteToken = channel.settings.websiteToken;

    const wrong = await post('/sessions', { websiteToken, identifier: 'user-42', identifierHash: 'f'.repeat(64) });
    expect(wrong.statusCode).toBe(401);
    expect(await contactCount(apiKey)).toBe(0);

    const identifierHash = createHmac('sha256', 'site-identity-secret').update('user-42').digest('hex');
    const first = await post('/sessions', { websiteToken, identifier: 'user-42', identifierHash, email: 'ada@example.com' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().visitor).toMatchObject({ id: 'user-42', verified: true });
    const second = await post('/sessions', { websiteToken, identifier: 'user-42', identifierHash });
    expect(second.json().visitor.contactId).toBe(first.json().visitor.contactId);
    expect(await contactCount(apiKey)).toBe(1);
  });

  it('answers bad input with 400s naming the field, and limits messages per visitor', async () => {
    const limited = await buildTestApp({ WIDGET_MESSAGES_PER_VISITOR: 2 });
    const { apiKey } = await limited.newWorkspace();
    const channel = await widgetChannel(limited, apiKey);
    const inject = (url: string, payload: object, headers: Record<string, string> = {}) =>
      limited.server.inject({ method: 'POST', url: `/api/widget/v1${url}`, payload, headers: { origin: ORIGIN, ...headers } });
    const { visitorToken } = (await inject('/sessions', { websiteToken: channel.settings.websiteToken })).json();
    const empty = await inject('/messages', { content: '  ' }, bearer(visitorToken));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('content');
    expect((await inject('/messages', { content: 'one' }, bearer(visitorToken))).statusCode).toBe(200);
    expect((await inject('/messages', { content: 'two' }, bearer(visitorToken))).statusCode).toBe(200);
    const third = await inject('/messages', { content: 'three' }, bearer(visitorToken));
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    const huge = await inject('/messages', { content: 'x'.repeat(20_000) }, bearer(visitorToken));
    expect(huge.statusCode).toBe(413);
    const badOrigins = await limited.server.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: auth(apiKey),
      payload: { type: 'widget', name: 'x', settings: { allowedOrigins: ['not an origin'] } },
    });
    expect(badOrigins.statusCode).toBe(400);
    expect(badOrigins.body).toContain('settings.allowedOrigins');
  });

  it('answers a CORS preflight and keeps the visitor token out of other surfaces', async () => {
    const preflight = await app.server.inject({
      method: 'OPTIONS',
      url: '/api/widget/v1/messages',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    const { apiKey } = await app.newWorkspace();
    const channel = await widgetChannel(app, apiKey);
    const { visitorToken } = (await post('/sessions', { websiteToken: channel.settings.websiteToken })).json();
    const v1 = await app.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: bearer(visitorToken) });
    expect(v1.statusCode).toBe(401);
  });
});
