import { waitUntil } from '../helpers/wait.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/modules/rate-limits/rate-limiter.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await buildTestApp({ RATE_LIMIT_MAX: 5, RATE_LIMIT_SEARCH_MAX: 2, RATE_LIMIT_WINDOW_SECONDS: 60 });
});

const get = (url: string, key: string) => app.server.inject({ method: 'GET', url, headers: auth(key) });
const search = (key: string) => app.server.inject({ method: 'POST', url: '/api/v1/contacts/search', headers: auth(key), payload: {} });

describe('rate limits per API key', () => {
  it('report the budget on every answer', async () => {
    const { apiKey } = await app.newWorkspace();
    const answers = [await get('/api/v1/contacts', apiKey), await get('/api/v1/contacts', apiKey), await get('/api/v1/contacts/1', apiKey)];
    expect(answers.map((answer) => answer.headers['ratelimit-limit'])).toEqual(['5', '5', '5']);
    expect(answers.map((answer) => answer.headers['ratelimit-remaining'])).toEqual(['4', '3', '2']);
    for (const answer of answers) {
      const reset = Number(answer.headers['ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
    }
  });

  it('answer 429 with Retry-After in the surface error shape once the budget is spent', async () => {
    const { apiKey } = await app.newWorkspace();
    for (let index = 0; index < 5; index += 1) expect((await get('/api/v1/contacts', apiKey)).statusCode).toBe(200);
    const limited = await get('/api/v1/contacts', apiKey);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.json()).toMatchObject({
      code: 429,
      error: 'RATE_LIMITED',
      details: { limit: 5, tier: 'general', retryAfterSeconds: expect.any(Number) },
    });
    // Writes are limited the same way, before anything runs.
    const write = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: auth(apiKey),
      payload: { firstName: 'Late' },
    });
    expect(write.statusCode).toBe(429);
  });

  it('count each key on its own', async () => {
    const { apiKey, workspaceId } = await app.newWorkspace();
    const { apiKey: secondKey } = await app.services.workspaces.issueApiKey(workspaceId);
    const { apiKey: otherWorkspaceKey } = await app.newWorkspace();
    for (let index = 0; index < 6; index += 1) await get('/api/v1/contacts', apiKey);
    expect((await get('/api/v1/contacts', apiKey)).statusCode).toBe(429);
    expect((await get('/api/v1/contacts', secondKey)).statusCode).toBe(200);
    expect((await get('/api/v1/contacts', otherWorkspaceKey)).statusCode).toBe(200);
  });

  it('give search and export their own, smaller budget', async () => {
    const { apiKey } = await app.newWorkspace();
    expect((await search(apiKey)).headers['ratelimit-limit']).toBe('2');
    expect((await get('/api/v1/contacts/export.csv', apiKey)).statusCode).toBe(200);
    const limited = await search(apiKey);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().details).toMatchObject({ tier: 'search', limit: 2 });
    expect((await get('/api/v1/contacts/export.json', apiKey)).statusCode).toBe(429);
    const general = await get('/api/v1/contacts', apiKey);
    expect(general.statusCode).toBe(200);
    expect(general.headers['ratelimit-remaining']).toBe('4');
  });

  it('do not count requests without a valid key', async () => {
    const answer = await app.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: auth('sb_not-a-key') });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['ratelimit-limit']).toBeUndefined();
  });

  it('are documented in OpenAPI', async () => {
    const document = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/v1/contacts'].get.responses)).toContain('429');
    expect(Object.keys(document.paths['/api/v1/contacts'].post.responses)).toEqual(expect.arrayContaining(['409', '422', '429']));
  });
});

describe('RateLimiter', () => {
  it('refills the budget when the window ends (in memory)', async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ enabled: true, windowMs: 60_000, limits: { general: 2, search: 1 } }, () => now);
    expect(await limiter.take('key', 'general')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
    now += 30_500;
    expect(await limiter.take('key', 'general')).toEqual({ allowed: true, limit: 2, remaining: 0, resetSeconds: 30 });
    expect((await limiter.take('key', 'general')).allowed).toBe(false);
    expect((await limiter.take('key', 'search')).allowed).toBe(true);
    now += 29_500;
    expect(await limiter.take('key', 'general')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
  });

  it('shares one budget between the limiters of several processes through PostgreSQL', async () => {
    const options = { enabled: true, windowMs: 60_000, limits: { general: 4, search: 1 } };
    const processes = [1, 2].map(() => new RateLimiter(options, Date.now, app.database.db));
    const decisions = [];
    for (let index = 0; index < 6; index++) decisions.push(await processes[index % 2]!.take('shared-key', 'general'));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, false, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([3, 2, 1, 0, 0, 0]);
    expect(decisions.every((decision) => decision.resetSeconds > 0 && decision.resetSeconds <= 60)).toBe(true);
    // Another key, and another tier, have budgets of their own.
    expect((await processes[0]!.take('other-key', 'general')).allowed).toBe(true);
    expect((await processes[1]!.take('shared-key', 'search')).allowed).toBe(true);
    // A window that has ended starts again.
    await app.database.pool.query(
      `UPDATE rate_limit_windows SET reset_at = now() - interval '1 second' WHERE bucket = 'general:shared-key'`,
    );
    expect(await processes[1]!.take('shared-key', 'general')).toMatchObject({ allowed: true, remaining: 3, resetSeconds: 60 });
  });

  it('counts the first half of a budget in the process and writes it shortly after; the second half in PostgreSQL', async () => {
    const options = { enabled: true, windowMs: 60_000, limits: { general: 20, search: 1 } };
    const [first, second] = [1, 2].map(() => new RateLimiter(options, Date.now, app.database.db));
    const stored = async () =>
      (await app.database.pool.query(`SELECT count FROM rate_limit_windows WHERE bucket = 'general:halves-key'`)).rows[0]?.count;
    const remaining = [];
    for (let index = 0; index < 9; index++) remaining.push((await first!.take('halves-key', 'general')).remaining);
    expect(remaining).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11]);
    // The first request was written at once; the next eight within the flush interval.
    await waitUntil(async () => (await stored()) === 9, 'the first process writes its count', { timeoutMs: 5_000, everyMs: 20 });
    // The other process starts from the shared count, and past half the budget every request is written first.
    expect(await second!.take('halves-key', 'general')).toMatchObject({ allowed: true, remaining: 10 });
    for (let index = 0; index < 10; index++) await first!.take('halves-key', 'general');
    expect(await stored()).toBe(20);
    expect((await second!.take('halves-key', 'general')).allowed).toBe(false);
  });
});
