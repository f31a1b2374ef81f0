import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/modules/workspaces/workspaces.service.js';
import { hashRequest } from '../../src/surfaces/idempotency.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const send = (method: 'POST' | 'PUT' | 'GET', url: string, payload: unknown, key: string | undefined, apiKeyToUse = apiKey) =>
  app.server.inject({
    method,
    url,
    headers: { ...auth(apiKeyToUse), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const contactCount = async (key = apiKey) => (await send('GET', '/api/v1/contacts', undefined, undefined, key)).json().totalCount as number;

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, doing the work once', async () => {
    const before = await contactCount();
    const first = await send('POST', '/api/v1/contacts', { firstName: 'Once', lastName: 'Only' }, 'create-once');
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with its keys in another order is the same request.
    const again = await send('POST', '/api/v1/contacts', { lastName: 'Only', firstName: 'Once' }, 'create-once');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.body).toBe(first.body);
    expect(await contactCount()).toBe(before + 1);
  });

  it('is 422 for the same key with another valid body, path or method', async () => {
    const first = await send('POST', '/api/v1/contacts', { firstName: 'Mine' }, 'reused');
    expect(first.statusCode).toBe(200);
    const before = await contactCount();
    for (const [method, url, payload] of [
      ['POST', '/api/v1/contacts', { firstName: 'Other' }],
      ['POST', '/api/v1/companies', { name: 'Mine' }],
      ['PUT', `/api/v1/contacts/${first.json().id}`, { firstName: 'Mine' }],
    ] as const) {
      const response = await send(method, url, payload, 'reused');
      expect(response.statusCode, `${method} ${url}`).toBe(422);
      expect(response.json()).toMatchObject({ code: 422, error: 'UNPROCESSABLE', details: { field: 'Idempotency-Key' } });
    }
    expect(await contactCount()).toBe(before);
  });

  it('stores error answers, but not input rejected by validation', async () => {
    const notFound = await send('PUT', '/api/v1/contacts/999999', { firstName: 'Ghost' }, 'missing-contact');
    expect(notFound.statusCode).toBe(404);
    const notFoundAgain = await send('PUT', '/api/v1/contacts/999999', { firstName: 'Ghost' }, 'missing-contact');
    expect(notFoundAgain.statusCode).toBe(404);
    expect(notFoundAgain.headers['idempotent-replayed']).toBe('true');

    const invalid = await send('POST', '/api/v1/companies', { name: 42 }, 'fix-and-retry');
    expect(invalid.statusCode).toBe(400);
    const fixed = await send('POST', '/api/v1/companies', { name: 'Fixed' }, 'fix-and-retry');
    expect(fixed.statusCode).toBe(200);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('lets one of two concurrent requests run; the other waits for its answer or gets 409', async () => {
    const before = await contactCount();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send('POST', '/api/v1/contacts', { firstName: 'Racer' }, 'concurrent')),
    );
    const created = answers.filter((answer) => answer.statusCode === 200);
    const conflicts = answers.filter((answer) => answer.statusCode === 409);
    expect(created.length + conflicts.length).toBe(5);
    expect(new Set(created.map((answer) => answer.json().id)).size).toBe(1);
    for (const conflict of conflicts) {
      expect(conflict.json()).toMatchObject({ code: 409, error: 'CONFLICT' });
      expect(conflict.headers['retry-after']).toBe('1');
    }
    expect(await contactCount()).toBe(before + 1);
    const settled = await send('POST', '/api/v1/contacts', { firstName: 'Racer' }, 'concurrent');
    expect(settled.json().id).toBe(created[0]!.json().id);
  });

  it('keeps keys apart per workspace', async () => {
    const mine = await send('POST', '/api/v1/contacts', { firstName: 'Shared key' }, 'same-key');
    const theirs = await send('POST', '/api/v1/contacts', { firstName: 'Other body' }, 'same-key', otherKey);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('rejects an invalid key naming the header, and leaves GET alone', async () => {
    for (const key of ['', 'x'.repeat(256), 'has space', 'naïve']) {
      const response = await send('POST', '/api/v1/contacts', { firstName: 'Bad key' }, key);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain('Idempotency-Key');
    }
    const listed = await send('GET', '/api/v1/contacts', undefined, 'ignored-on-get');
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps keys for at least 24 hours, and the purge deletes them once expired', async () => {
    await send('POST', '/api/v1/contacts', { firstName: 'Expiring' }, 'expiring');
    const [row] = (
      await app.database.db.execute<{ kept: number }>(
        sql`SELECT extract(epoch FROM expires_at - created_at) / 3600 AS kept FROM idempotency_keys WHERE key = 'expiring'`,
      )
    ).rows;
    expect(Number(row!.kept)).toBeGreaterThanOrEqual(24);
    await app.database.db.execute(sql`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring'`);
    expect(await app.services.idempotency.purgeExpired()).toBe(1);
    const reused = await send('POST', '/api/v1/contacts', { firstName: 'New use of an old key' }, 'expiring');
    expect(reused.statusCode).toBe(200);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('frees the key of a request that died holding it, once its lock runs out', async () => {
    const body = { firstName: 'Survivor' };
    const owner = await app.database.db.execute<{ workspace_id: number }>(
      sql`SELECT workspace_id FROM api_keys WHERE key_hash = ${hashApiKey(apiKey)}`,
    );
    // What a server killed mid-request leaves behind: the key taken, no answer stored.
    await app.database.db.execute(
      sql`INSERT INTO idempotency_keys (workspace_id, key, request_hash, method, path, locked_until, expires_at)
          VALUES (${owner.rows[0]!.workspace_id}, 'died', ${hashRequest('POST', '/api/v1/contacts', body)}, 'POST', '/api/v1/contacts',
                  now() + interval '1 minute', now() + interval '1 day')`,
    );
    expect((await send('POST', '/api/v1/contacts', body, 'died')).statusCode).toBe(409);
    await app.database.db.execute(sql`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = 'died'`);
    const retried = await send('POST', '/api/v1/contacts', body, 'died');
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect((await send('POST', '/api/v1/contacts', body, 'died')).headers['idempotent-replayed']).toBe('true');
  });

  it('applies to PUT too', async () => {
    const contact = (await send('POST', '/api/v1/contacts', { firstName: 'Put' }, undefined)).json();
    const first = await send('PUT', `/api/v1/contacts/${contact.id}`, { lastName: 'Once' }, 'put-once');
    const again = await send('PUT', `/api/v1/contacts/${contact.id}`, { lastName: 'Once' }, 'put-once');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().updatedAt).toBe(first.json().updatedAt);
  });
});
