import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { poolOf } from '../../src/jobs/connection.js';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { SseClient } from './sse-client.js';

// Streams here live two seconds, so the lifetime test need not wait an hour.
const app = await buildTestApp({ REALTIME_MAX_STREAM_SECONDS: 2 });
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
await app.background.start();
const clients: SseClient[] = [];
afterAll(() => clients.forEach((client) => client.close()));

async function open(apiKey: string, at = base, headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.open(`${at}/api/v1/events/stream`, { ...auth(apiKey), ...headers });
  clients.push(client);
  expect(client.response.status).toBe(200);
  return client;
}

/** Issues a key for a new workspace and returns it with its id, for revoking. */
async function issueKey(): Promise<{ apiKey: string; keyId: string }> {
  const { workspaceId } = await app.newWorkspace();
  const { apiKey, id } = await app.services.workspaces.issueApiKey(workspaceId);
  return { apiKey, keyId: id };
}

describe('event streams and API key revocation', () => {
  it('closes the streams opened with a key when it is revoked, and the key no longer opens one', async () => {
    const { apiKey, keyId } = await issueKey();
    const { apiKey: otherKey } = await app.newWorkspace();
    const revoked = await open(apiKey);
    const untouched = await open(otherKey);
    await app.services.workspaces.revokeApiKey(keyId);
    await revoked.waitForEnd();
    expect(revoked.closedByServer).toBe(true);
    expect(untouched.closedByServer).toBe(false);
    const again = await app.server.inject({ method: 'GET', url: '/api/v1/events/stream', headers: auth(apiKey) });
    expect(again.statusCode).toBe(401);
  });

  describe('on another server process sharing the database', () => {
    let second: App;
    let handle: DatabaseHandle;
    let secondBase: string;

    beforeAll(async () => {
      handle = connectDatabase(poolOf(app.database.db).options.connectionString!, { max: 3 });
      second = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'silent' }) }, db: handle.db, logger: false });
      await second.background.start();
      secondBase = await second.server.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await second.server.close();
      await second.background.stop();
      await handle.close();
    });

    it('closes the streams there too (within the key cache time)', async () => {
      const { apiKey, keyId } = await issueKey();
      const stream = await open(apiKey, secondBase);
      await app.services.workspaces.revokeApiKey(keyId);
      await stream.waitForEnd(12_000);
      expect(stream.closedByServer).toBe(true);
    }, 20_000);
  });

  it('ends a stream at its maximum lifetime, and a reconnect with Last-Event-ID misses nothing', async () => {
    const { apiKey } = await app.newWorkspace();
    const first = await open(apiKey);
    await createContact(app, apiKey, { firstName: 'Before' });
    const [seen] = await first.waitFor(1);
    await first.waitForEnd();
    expect(first.closedByServer).toBe(true);
    await createContact(app, apiKey, { firstName: 'Between' });
    const resumed = await open(apiKey, base, { 'last-event-id': seen!.id! });
    const [next] = await resumed.waitFor(1);
    expect(next!.json.data.firstName).toBe('Between');
  });
});
