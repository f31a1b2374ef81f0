import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/modules/workspaces/workspaces.service.js';
import { buildTestApp } from '../helpers/test-app.js';

const ADMIN_TOKEN = 'admin-token-for-the-admin-tests';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
/**
 * Answers 200 once a v1 key is accepted, 401 otherwise. A real route: unknown routes answer 404
 * or 405 before any key check (the route list is public).
 */
const PROBE = '/api/v1/companies?pageSize=1';

const app = await buildTestApp({ ADMIN_TOKEN });

async function createWorkspace(name: string) {
  const response = await app.server.inject({ method: 'POST', url: '/admin/v1/workspaces', headers: admin, payload: { name } });
  expect(response.statusCode).toBe(201);
  return response.json<{ workspace: { id: string; name: string }; apiKey: string }>();
}

async function probeStatus(apiKey: string): Promise<number> {
  return (await app.server.inject({ method: 'GET', url: PROBE, headers: { 'x-api-key': apiKey } })).statusCode;
}

describe('admin API', () => {
  it('is disabled (404) without ADMIN_TOKEN', async () => {
    const disabled = await buildTestApp();
    const response = await disabled.server.inject({
      method: 'POST',
      url: '/admin/v1/workspaces',
      headers: admin,
      payload: { name: 'Acme' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
  });

  it('answers 401 to a missing or wrong token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-of-the-same-len' },
      { authorization: ADMIN_TOKEN },
      { authorization: 'Bearer x' },
    ]) {
      const response = await app.server.inject({ method: 'POST', url: '/admin/v1/workspaces', headers, payload: { name: 'Acme' } });
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json()).toMatchObject({ code: 401, error: 'UNAUTHENTICATED' });
    }
  });

  it('does not take a workspace API key as the admin token', async () => {
    const { apiKey } = await app.newWorkspace();
    const response = await app.server.inject({
      method: 'POST',
      url: '/admin/v1/workspaces',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { name: 'x' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('creates a workspace with a first API key that works', async () => {
    const created = await createWorkspace('Acme');
    expect(created).toEqual({
      workspace: { id: expect.any(String), name: 'Acme' },
      apiKey: expect.any(String),
      apiKeyId: expect.any(String),
    });
    expect(created.workspace.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await probeStatus(created.apiKey)).toBe(200);
  });

  it('issues another key, and a revoked key stops working', async () => {
    const { workspace, apiKey } = await createWorkspace('Globex');
    const issued = await app.server.inject({ method: 'POST', url: `/admin/v1/workspaces/${workspace.id}/api-keys`, headers: admin });
    expect(issued.statusCode).toBe(201);
    const key = issued.json<{ apiKey: string; id: string }>();
    expect(key).toEqual({ apiKey: expect.any(String), id: expect.any(String) });
    expect(key.apiKey).not.toBe(apiKey);
    expect(await probeStatus(key.apiKey)).toBe(200);

    const revoked = await app.server.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${key.id}`, headers: admin });
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe('');
    expect(await probeStatus(key.apiKey)).toBe(401);
    expect(await probeStatus(apiKey)).toBe(200);

    const again = await app.server.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${key.id}`, headers: admin });
    expect(again.statusCode).toBe(404);
  });

  it('answers 404 for an unknown workspace or key', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const issue = await app.server.inject({ method: 'POST', url: `/admin/v1/workspaces/${unknown}/api-keys`, headers: admin });
    expect(issue.statusCode).toBe(404);
    expect(issue.json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
    const revoke = await app.server.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${unknown}`, headers: admin });
    expect(revoke.statusCode).toBe(404);
  });

  it('answers 400 naming the field to a bad body or id', async () => {
    const cases = [
      { payload: {}, field: 'name' },
      { payload: { name: '' }, field: 'name' },
      { payload: { name: 42 }, field: 'name' },
      { payload: { name: 'Acme', plan: 'pro' }, field: undefined },
    ];
    for (const { payload, field } of cases) {
      const response = await app.server.inject({ method: 'POST', url: '/admin/v1/workspaces', headers: admin, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
      if (field) expect(response.json<{ details: { field: string } }>().details.field).toBe(field);
    }
    const malformed = await app.server.inject({
      method: 'POST',
      url: '/admin/v1/workspaces',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    const badId = await app.server.inject({ method: 'POST', url: '/admin/v1/workspaces/not-a-uuid/api-keys', headers: admin });
    expect(badId.statusCode).toBe(400);
  });

  it('stores keys hashed, never the key itself', async () => {
    const { apiKey } = await createWorkspace('Initech');
    const { rows } = await app.database.pool.query<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(apiKey);
    const hashes = rows.map((row) => row.key_hash);
    expect(hashes).toContain(hashApiKey(apiKey));
  });
});

describe('BOOTSTRAP_API_KEY and the default workspace', () => {
  it('without a key, creates the default workspace on an empty database and returns its key once', async () => {
    const fresh = await buildTestApp();
    const first = await fresh.services.workspaces.ensureDefaultWorkspace();
    expect(first.newApiKey).toEqual({ apiKey: expect.any(String), id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(
      await fresh.server
        .inject({ method: 'GET', url: PROBE, headers: { authorization: first.newApiKey!.apiKey } })
        .then((r) => r.statusCode),
    ).toBe(200);
    const second = await fresh.services.workspaces.ensureDefaultWorkspace();
    expect(second.newApiKey).toBeUndefined();
    expect(second.workspace.id).toBe(first.workspace.id);
  });

  it('registers the chosen key for the first workspace, idempotently', async () => {
    const fresh = await buildTestApp();
    const bootstrapKey = 'bootstrap-key-chosen-by-the-operator';
    const first = await fresh.services.workspaces.ensureDefaultWorkspace(bootstrapKey);
    expect(first.newApiKey).toBeUndefined();
    const second = await fresh.services.workspaces.ensureDefaultWorkspace(bootstrapKey);
    expect(second.workspace.id).toBe(first.workspace.id);
    const { rows } = await fresh.database.pool.query('SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1', [
      hashApiKey(bootstrapKey),
    ]);
    expect(rows[0]).toEqual({ n: 1 });
    const response = await fresh.server.inject({ method: 'GET', url: PROBE, headers: { authorization: `Bearer ${bootstrapKey}` } });
    expect(response.statusCode).toBe(200);
  });

  it('registers the chosen key for the workspace that already exists first', async () => {
    const fresh = await buildTestApp();
    const { workspaceId } = await fresh.newWorkspace('Existing');
    await fresh.newWorkspace('Later');
    const result = await fresh.services.workspaces.ensureDefaultWorkspace('bootstrap-key-for-an-existing-one');
    expect(result.workspace.id).toBe(workspaceId);
    expect(result.newApiKey).toBeUndefined();
    const tenant = await fresh.services.workspaces.authenticate('bootstrap-key-for-an-existing-one');
    expect(tenant?.workspaceUuid).toBe(workspaceId);
  });
});

describe('GET /admin/v1/workspaces/:id/api-keys', () => {
  it("lists a workspace's keys without the keys themselves, revoked ones marked", async () => {
    const created = await app.server.inject({ method: 'POST', url: '/admin/v1/workspaces', headers: admin, payload: { name: 'Listed' } });
    const { workspace, apiKey, apiKeyId } = created.json<{ workspace: { id: string }; apiKey: string; apiKeyId: string }>();
    const second = (
      await app.server.inject({ method: 'POST', url: `/admin/v1/workspaces/${workspace.id}/api-keys`, headers: admin })
    ).json<{ id: string }>();
    expect((await app.server.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${apiKeyId}`, headers: admin })).statusCode).toBe(204);

    const listed = await app.server.inject({ method: 'GET', url: `/admin/v1/workspaces/${workspace.id}/api-keys`, headers: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      items: [
        { id: apiKeyId, prefix: apiKey.slice(0, 8), createdAt: expect.any(String), revokedAt: expect.any(String) },
        { id: second.id, prefix: expect.any(String), createdAt: expect.any(String), revokedAt: null },
      ],
    });
    expect(listed.body).not.toContain(apiKey);
  });

  it('answers 404 for an unknown workspace, 400 for a malformed id, 401 without the token', async () => {
    const unknown = await app.server.inject({
      method: 'GET',
      url: '/admin/v1/workspaces/3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90/api-keys',
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    expect((await app.server.inject({ method: 'GET', url: '/admin/v1/workspaces/nope/api-keys', headers: admin })).statusCode).toBe(400);
    expect((await app.server.inject({ method: 'GET', url: '/admin/v1/workspaces/nope/api-keys' })).statusCode).toBe(401);
  });

  it('makes the key created at first start revocable: it is listed under the default workspace', async () => {
    const fresh = await buildTestApp({ ADMIN_TOKEN });
    const { workspace, newApiKey } = await fresh.services.workspaces.ensureDefaultWorkspace();
    const listed = await fresh.server.inject({ method: 'GET', url: `/admin/v1/workspaces/${workspace.id}/api-keys`, headers: admin });
    expect(listed.json<{ items: Array<{ id: string }> }>().items.map((key) => key.id)).toEqual([newApiKey!.id]);
    await fresh.server.inject({ method: 'DELETE', url: `/admin/v1/api-keys/${newApiKey!.id}`, headers: admin });
    const probe = await fresh.server.inject({ method: 'GET', url: PROBE, headers: { authorization: newApiKey!.apiKey } });
    expect(probe.statusCode).toBe(401);
  });
});
