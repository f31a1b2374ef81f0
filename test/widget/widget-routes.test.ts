import { describe, expect, it } from 'vitest';
import { VisitorTokens } from '../../src/modules/widget/visitor-tokens.js';
import { auth, buildTestApp } from '../helpers/test-app.js';

/**
 * Each public widget route's errors and foreign tokens that widget-api.test.ts leaves out, and
 * the live stream (GET /events) over a real connection: happy, errors, another visitor's chat.
 */
const SECRETS_KEY = 'widget-routes-test-key';
const app = await buildTestApp({ SECRETS_KEY });
await app.background.start();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const ORIGIN = 'https://shop.example';
const { apiKey } = await app.newWorkspace();

async function channel(origins = [ORIGIN]) {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: auth(apiKey),
    payload: { type: 'widget', name: 'Site chat', settings: { allowedOrigins: origins } },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<{ uuid: string; settings: { websiteToken: string } }>();
}
const widget = (method: 'GET' | 'POST', url: string, options: { payload?: object; token?: string; origin?: string } = {}) =>
  app.server.inject({
    method,
    url: `/api/widget/v1${url}`,
    ...(options.payload ? { payload: options.payload } : {}),
    headers: { origin: options.origin ?? ORIGIN, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
  });
async function visitor(websiteToken: string): Promise<string> {
  const session = await widget('POST', '/sessions', { payload: { websiteToken } });
  expect(session.statusCode, session.body).toBe(200);
  return session.json<{ visitorToken: string }>().visitorToken;
}
async function send(token: string, content: string): Promise<string> {
  const sent = await widget('POST', '/messages', { payload: { content }, token });
  expect(sent.statusCode, sent.body).toBe(200);
  return sent.json<{ chatId: string }>().chatId;
}

/** An open GET /events: the raw text so far, and a wait for text to appear in it. */
async function openStream(token: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/widget/v1/events`, {
    headers: { authorization: `Bearer ${token}`, origin: ORIGIN, ...headers },
    signal: controller.signal,
  });
  let text = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  })().catch(() => undefined);
  return {
    response,
    text: () => text,
    until: (needle: string) => expect.poll(() => text, { timeout: 10_000 }).toContain(needle),
    close: async () => (controller.abort(), await reading),
  };
}
const operatorReply = (chatId: string, content: string) =>
  app.server.inject({
    method: 'POST',
    url: `/api/v1/chats/${chatId}/messages`,
    headers: auth(apiKey),
    payload: { content, role: 'operator' },
  });

describe('GET /api/widget/v1/config', () => {
  it('refuses a missing or unknown website token and an origin the channel does not allow', async () => {
    const { settings } = await channel();
    expect((await widget('GET', `/config?websiteToken=${settings.websiteToken}`)).statusCode).toBe(200);
    const missing = await widget('GET', '/config');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('websiteToken');
    expect((await widget('GET', '/config?websiteToken=wt_unknown')).statusCode).toBe(401);
    const elsewhere = await widget('GET', `/config?websiteToken=${settings.websiteToken}`, { origin: 'https://evil.example' });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('POST /api/widget/v1/sessions', () => {
  it("starts a new visitor for another channel's token, refuses a token not signed here and unknown fields", async () => {
    const first = await channel();
    const second = await channel();
    const token = await visitor(first.settings.websiteToken);
    await send(token, 'a question on the first site');
    const claimed = await widget('POST', '/sessions', { payload: { websiteToken: second.settings.websiteToken, visitorToken: token } });
    expect(claimed.statusCode).toBe(200);
    // Another channel's visitor token does not carry the visitor (or their chat) over.
    expect(claimed.json().chat).toBeNull();
    const history = await widget('GET', '/messages', { token: claimed.json().visitorToken });
    expect(history.json()).toMatchObject({ total: 0 });

    const foreign = await widget('POST', '/sessions', { payload: { websiteToken: first.settings.websiteToken, visitorToken: 'x.y' } });
    expect(foreign.statusCode).toBe(401);
    const unknown = await widget('POST', '/sessions', { payload: { websiteToken: first.settings.websiteToken, admin: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('admin');
  });
});

describe('visitor routes: POST and GET /messages, GET /events', () => {
  it('refuse expired tokens, tokens of a rotated website token and pages out of range', async () => {
    const { uuid, settings } = await channel();
    const token = await visitor(settings.websiteToken);
    await send(token, 'hello');
    const past = new VisitorTokens(SECRETS_KEY, () => Date.now() - 31 * 24 * 60 * 60 * 1000);
    const expired = past.sign({ websiteToken: settings.websiteToken, visitorId: 'v_expired' }).token;
    for (const [method, url] of [
      ['POST', '/messages'],
      ['GET', '/messages'],
      ['GET', '/events'],
    ] as const) {
      const response = await widget(method, url, { token: expired, ...(method === 'POST' ? { payload: { content: 'hi' } } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error.message).toContain('expired');
    }
    expect((await widget('GET', '/messages?pageSize=1000', { token })).statusCode).toBe(400);

    // A new website token ends every visitor session of the channel.
    const rotated = await app.server.inject({
      method: 'PATCH',
      url: `/api/v1/channels/${uuid}`,
      headers: auth(apiKey),
      payload: { settings: { websiteToken: null } },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect((await widget('GET', '/messages', { token })).statusCode).toBe(401);
    expect((await widget('POST', '/messages', { token, payload: { content: 'still there?' } })).statusCode).toBe(401);
  });

  it('a visitor token is refused from an origin its channel does not allow, even one another channel allows', async () => {
    await channel(['https://other-shop.example']);
    const { settings } = await channel();
    const token = await visitor(settings.websiteToken);
    const response = await widget('POST', '/messages', { token, payload: { content: 'hi' }, origin: 'https://other-shop.example' });
    expect(response.statusCode).toBe(403);
    expect((await widget('GET', '/messages', { token })).json()).toMatchObject({ total: 0 });
  });
});

describe('GET /api/widget/v1/events', () => {
  it("streams the visitor's own chat live, resumes after Last-Event-ID, and never another visitor's messages", async () => {
    const { settings } = await channel();
    const mine = await visitor(settings.websiteToken);
    const neighbour = await visitor(settings.websiteToken);
    const myChat = await send(mine, 'where is my order?');
    const theirChat = await send(neighbour, 'do you ship abroad?');

    const stream = await openStream(mine);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await openStream(neighbour);
    expect((await operatorReply(myChat, 'It left the warehouse today.')).statusCode).toBe(200);
    expect((await operatorReply(theirChat, 'Only within Chile.')).statusCode).toBe(200);
    await stream.until('It left the warehouse today.');
    await other.until('Only within Chile.');
    expect(stream.text()).toContain('event: message.created');
    expect(stream.text()).toContain('"role":"operator"');
    expect(stream.text()).not.toContain('Only within Chile.');
    expect(other.text()).not.toContain('warehouse');
    const lastId = /id: (\d+)/.exec(stream.text())![1]!;
    await stream.close();
    await other.close();

    // Disconnected: two more replies; resuming after the first event gives both, not the first again.
    await operatorReply(myChat, 'Tracking: AB123.');
    await operatorReply(myChat, 'It arrives Friday.');
    const resumed = await openStream(mine, { 'last-event-id': lastId });
    await resumed.until('It arrives Friday.');
    expect(resumed.text()).toContain('Tracking: AB123.');
    expect(resumed.text()).not.toContain('warehouse');
    await resumed.close();
  });

  it('is 401 without or with a forged token, 404 before the first message, 400 for a bad Last-Event-ID, 403 from another origin', async () => {
    const { settings } = await channel();
    const token = await visitor(settings.websiteToken);
    expect((await widget('GET', '/events')).statusCode).toBe(401);
    expect((await widget('GET', '/events', { token: `${token.split('.')[0]}.forged` })).statusCode).toBe(401);
    const early = await widget('GET', '/events', { token });
    expect(early.statusCode).toBe(404);
    expect(early.json().error.message).toContain('send a message first');
    await send(token, 'hi');
    const bad = await app.server.inject({
      method: 'GET',
      url: '/api/widget/v1/events',
      headers: { origin: ORIGIN, authorization: `Bearer ${token}`, 'last-event-id': 'yesterday' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('last-event-id');
    expect((await widget('GET', '/events', { token, origin: 'https://evil.example' })).statusCode).toBe(403);
  });
});
