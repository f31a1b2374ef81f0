import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/test-app.js';

/** Answers 404 in the v1 error shape, but only once the key has been accepted. */
/** A real route: unknown ones answer 404 before any key check. */
const PROBE = '/api/v1/contacts?limit=1';
const v1Error = { code: expect.any(Number), error: expect.any(String), message: expect.any(String), details: expect.any(Object) };

const app = await buildTestApp();

describe('v1 API key authentication', () => {
  it('accepts the key in each of the three header forms', async () => {
    const { apiKey } = await app.newWorkspace();
    for (const headers of [{ authorization: `Bearer ${apiKey}` }, { authorization: apiKey }, { 'x-api-key': apiKey }]) {
      const response = await app.server.inject({ method: 'GET', url: PROBE, headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
      expect(response.json()).toMatchObject({ items: [] });
    }
  });

  it('accepts the Bearer scheme in any case', async () => {
    const { apiKey } = await app.newWorkspace();
    const response = await app.server.inject({ method: 'GET', url: PROBE, headers: { authorization: `bearer ${apiKey}` } });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 in the v1 error shape without a key', async () => {
    const response = await app.server.inject({ method: 'GET', url: PROBE });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ ...v1Error, code: 401, error: 'UNAUTHENTICATED' });
  });

  it('answers 401 to a wrong key in every header form', async () => {
    await app.newWorkspace();
    const wrong = 'sb_this-is-not-a-key-of-this-server';
    for (const headers of [
      { authorization: `Bearer ${wrong}` },
      { authorization: wrong },
      { 'x-api-key': wrong },
      { authorization: 'Bearer ' },
    ]) {
      const response = await app.server.inject({ method: 'GET', url: PROBE, headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json()).toMatchObject({ code: 401, error: 'UNAUTHENTICATED' });
    }
  });

  it('answers 401 to a revoked key, at once on the process that revoked it', async () => {
    const { workspaceId } = await app.newWorkspace();
    const issued = await app.services.workspaces.issueApiKey(workspaceId);
    const headers = { 'x-api-key': issued.apiKey };
    // Verified once, so the key is in the service's cache when it is revoked.
    expect((await app.server.inject({ method: 'GET', url: PROBE, headers })).statusCode).toBe(200);
    await app.services.workspaces.revokeApiKey(issued.id);
    const response = await app.server.inject({ method: 'GET', url: PROBE, headers });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'UNAUTHENTICATED', message: expect.stringMatching(/revoked/) });
  });

  it('keeps working for a workspace whose other key was revoked', async () => {
    const { apiKey, workspaceId } = await app.newWorkspace();
    const other = await app.services.workspaces.issueApiKey(workspaceId);
    await app.services.workspaces.revokeApiKey(other.id);
    expect((await app.server.inject({ method: 'GET', url: PROBE, headers: { authorization: apiKey } })).statusCode).toBe(200);
  });

  it('leaves /health and the API reference open', async () => {
    expect((await app.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.server.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });
});
