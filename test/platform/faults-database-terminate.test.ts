import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { poolOf } from '../../src/jobs/connection.js';
import { SseClient } from '../realtime/sse-client.js';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let apiKey: string;
let receiver: WebhookReceiver;
let stream: SseClient;

beforeAll(async () => {
  app = await buildTestApp({ WEBHOOK_RETRY_BASE_SECONDS: 0.1, WEBHOOK_RETRY_MAX_SECONDS: 0.3 });
  ({ apiKey } = await app.newWorkspace('Terminated'));
  receiver = await startWebhookReceiver();
  await app.background.start();
  const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
  await app.server.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: auth(apiKey),
    payload: { url: receiver.url, eventTypes: ['contact.created'] },
  });
  stream = await SseClient.open(`${base}/api/v1/events/stream?types=contact.created`, auth(apiKey));
});
afterAll(async () => {
  stream.close();
  await receiver.stop();
});

/** Ends every server connection to the test database but the one asking, as a PostgreSQL restart does. */
async function terminateBackends(): Promise<number> {
  const database = new URL(poolOf(app.database.db).options.connectionString!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: inject('serverUrl') });
  await admin.connect();
  try {
    const result = await admin.query<{ ended: number }>(
      // OFFSET 0 keeps the filter from being reordered after the terminate call.
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
       FROM (SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() OFFSET 0) AS backends`,
      [database],
    );
    return result.rows[0]!.ended;
  } finally {
    await admin.end();
  }
}

describe('database connections dropped under an idle pool', () => {
  it('do not crash the server, which serves, delivers and streams again', async () => {
    // Warm up: pooled connections, the LISTEN connection and the job workers are all in use.
    await Promise.all(Array.from({ length: 4 }, (_, index) => createContact(app, apiKey, { firstName: `Before ${index}` })));
    await stream.waitFor(4);
    await receiver.waitUntil(() => receiver.accepted.length >= 4, 'the first deliveries');

    // The app pool's idle connections, the LISTEN connection and pg-boss's pool at least.
    expect(await terminateBackends()).toBeGreaterThanOrEqual(3);

    await eventually(
      async () => ((await app.server.inject({ method: 'GET', url: '/health' })).statusCode === 200 ? true : undefined),
      'health',
    );
    const after = await createContact(app, apiKey, { firstName: 'After' });
    const [, , , , streamed] = await stream.waitFor(5);
    expect(streamed!.json.data.id).toBe(after.id);
    await receiver.waitUntil(() => receiver.accepted.some((seen) => seen.json.data.id === after.id), 'the delivery after the drop');
  });
});
