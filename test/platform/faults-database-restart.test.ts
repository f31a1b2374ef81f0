import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { auth } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/** This file restarts a PostgreSQL of its own, so the other test files' database stays up. */
let dataDir: string;
let postgres: EmbeddedDatabase | undefined;
let handle: DatabaseHandle;
let app: App;
let receiver: WebhookReceiver;
let apiKey: string;
const poolErrors: Error[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-restart-'));
  postgres = await startEmbeddedPostgres({ dataDir, port: 0 });
  handle = connectDatabase(postgres.url, { max: 5, onError: (error) => poolErrors.push(error) });
  await migrateDatabase(handle.db);
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    WEBHOOK_ALLOW_PRIVATE_URLS: true,
    JOBS_POLLING_INTERVAL_SECONDS: 0.5,
    WEBHOOK_RETRY_BASE_SECONDS: 0.2,
    WEBHOOK_RETRY_MAX_SECONDS: 0.5,
  };
  app = await buildApp({ config, db: handle.db, logger: false });
  await app.background.start();
  ({ apiKey } = await app.services.workspaces.createWorkspace('Restart'));
  receiver = await startWebhookReceiver();
}, 120_000);

afterAll(async () => {
  await app?.server.close();
  await app?.background.stop();
  await handle?.close();
  await postgres?.stop();
  await receiver?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const createContact = (firstName: string) =>
  app.server.inject({ method: 'POST', url: '/api/v1/contacts', headers: auth(apiKey), payload: { firstName } });

describe('a PostgreSQL restart under idle pooled connections', () => {
  it('does not crash the server, which serves again once the database is back', async () => {
    await app.server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: auth(apiKey),
      payload: { url: receiver.url, eventTypes: ['*'] },
    });
    // Several connections open at once, then idle in the pool.
    const before = await Promise.all(Array.from({ length: 4 }, (_, index) => createContact(`Before ${index}`)));
    expect(before.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    await receiver.waitUntil(() => receiver.accepted.length >= 4, 'the first deliveries');

    const port = Number(new URL(postgres!.url).port);
    await postgres!.stop();
    postgres = undefined;
    // Down: the server answers, saying so, instead of dying.
    expect((await app.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    const whileDown = await createContact('While down');
    expect(whileDown.statusCode).toBe(503);
    expect(whileDown.json()).toMatchObject({ code: 503, error: 'UNAVAILABLE' });
    expect(poolErrors.length).toBeGreaterThan(0);

    postgres = await startEmbeddedPostgres({ dataDir, port });
    await eventually(
      async () => ((await app.server.inject({ method: 'GET', url: '/health' })).statusCode === 200 ? true : undefined),
      'health',
      30_000,
    );
    const after = await createContact('After');
    expect(after.statusCode).toBe(200);
    await receiver.waitUntil(
      () => receiver.accepted.some((seen) => seen.json.data.id === after.json().id),
      'the delivery after the restart',
      30_000,
    );
  }, 120_000);
});
