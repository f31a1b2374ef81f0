import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InboundWebhookProcessor } from '../../src/jobs/inbound-webhook-processor.js';
import { createChannel } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { inboundPayload, postWebhook } from './webhook-payloads.js';

let app: TestApp;
let apiKey: string;
const APP_SECRET = 'queue-app-secret';
const PHONE_NUMBER_ID = '406540352242922';

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Queue'));
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Queue WhatsApp',
    settings: {
      phoneNumber: '+15550004444',
      phoneNumberId: PHONE_NUMBER_ID,
      businessAccountId: '102290129340398',
      accessToken: 'token-queue',
      appSecret: APP_SECRET,
      verifyToken: 'queue-verify',
    },
  });
});
afterEach(() => vi.restoreAllMocks());

const query = async (text: string, values: unknown[] = []) => (await app.database.pool.query(text, values)).rows;
const message = (id: string, from = '14155550100') =>
  inboundPayload(PHONE_NUMBER_ID, { id, from, type: 'text', text: { body: `text of ${id}` } });
const getMessage = (providerId: string) =>
  app.server.inject({ method: 'GET', url: `/api/v1/messages/${providerId}`, headers: auth(apiKey) });

describe('inbound webhook processing', () => {
  it('acknowledges a delivery once it is stored raw, before processing it', async () => {
    const payload = message('wamid.Q1');
    const response = await postWebhook(app, payload, APP_SECRET);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ queued: 1, ignored: 0 });
    const rows = await query(
      `SELECT w.provider, w.payload, w.processed_at, w.attempts, w.last_error, c.name
       FROM inbound_webhooks w JOIN channels c ON c.workspace_id = w.workspace_id AND c.id = w.channel_id
       WHERE w.payload @> $1::jsonb`,
      [JSON.stringify({ entry: [{ changes: [{ value: { messages: [{ id: 'wamid.Q1' }] } }] }] })],
    );
    expect(rows).toEqual([{ provider: 'whatsapp', payload, processed_at: null, attempts: 0, last_error: null, name: 'Queue WhatsApp' }]);
    expect((await getMessage('wamid.Q1')).statusCode).toBe(404);
  });

  it('turns a stored delivery into a contact, a chat and a message, and marks it processed', async () => {
    await postWebhook(app, message('wamid.Q2', '14155550102'), APP_SECRET);
    const outcome = await app.background.inboundWebhooks.drain();
    expect(outcome).toMatchObject({ failed: 0, stored: 2 }); // wamid.Q1 and wamid.Q2
    const stored = (await getMessage('wamid.Q2')).json();
    expect(stored).toMatchObject({ providerId: 'wamid.Q2', direction: 'inbound', content: 'text of wamid.Q2' });
    const contact = await app.server.inject({ method: 'GET', url: `/api/v1/contacts/${stored.contactId}`, headers: auth(apiKey) });
    expect(contact.json()).toMatchObject({ addresses: [{ channelType: 'WHATSAPP', address: '+14155550102' }] });
    expect(await query('SELECT count(*)::int AS n FROM inbound_webhooks WHERE processed_at IS NULL')).toEqual([{ n: 0 }]);
    expect(await query('SELECT DISTINCT attempts FROM inbound_webhooks')).toEqual([{ attempts: 1 }]);
  });

  it('records a failure on the row and retries it later', async () => {
    // The batch fails, then its one delivery fails alone.
    const batches = vi.spyOn(app.services.inbound, 'receiveMessages').mockRejectedValueOnce(new Error('batch hiccup'));
    const spy = vi.spyOn(app.services.inbound, 'receiveMessage').mockRejectedValueOnce(new Error('database hiccup'));
    await postWebhook(app, message('wamid.Q3'), APP_SECRET);
    expect(await app.background.inboundWebhooks.drain()).toMatchObject({ claimed: 1, failed: 1, stored: 0 });
    const [row] = await query(
      'SELECT id, attempts, last_error, processed_at, next_attempt_at > now() AS later FROM inbound_webhooks WHERE processed_at IS NULL',
    );
    expect(row).toMatchObject({ attempts: 1, last_error: 'database hiccup', processed_at: null, later: true });
    expect((await getMessage('wamid.Q3')).statusCode).toBe(404);
    // Not due yet: nothing is claimed.
    expect(await app.background.inboundWebhooks.drain()).toMatchObject({ claimed: 0 });

    await query('UPDATE inbound_webhooks SET next_attempt_at = now() WHERE id = $1', [row.id]);
    expect(await app.background.inboundWebhooks.drain()).toMatchObject({ claimed: 1, failed: 0, stored: 1 });
    expect(batches).toHaveBeenCalledTimes(2); // the retry is stored by the batch path
    expect(spy).toHaveBeenCalledTimes(1);
    expect((await getMessage('wamid.Q3')).statusCode).toBe(200);
    expect(
      await query('SELECT attempts, last_error, processed_at IS NOT NULL AS processed FROM inbound_webhooks WHERE id = $1', [row.id]),
    ).toEqual([{ attempts: 2, last_error: null, processed: true }]);
  });

  it('gives up on a row after the attempts cap, keeping its last error', async () => {
    vi.spyOn(app.services.inbound, 'receiveMessages').mockRejectedValue(new Error('batch broken'));
    vi.spyOn(app.services.inbound, 'receiveMessage').mockRejectedValue(new Error('always broken'));
    const capped = new InboundWebhookProcessor(app.database.db, app.services.inbound, app.server.log, { maxAttempts: 2, retryBaseMs: 0 });
    await postWebhook(app, message('wamid.Q4'), APP_SECRET);
    await capped.drain();
    await capped.drain();
    expect(await capped.drain()).toMatchObject({ claimed: 0 });
    expect(await query('SELECT attempts, last_error, processed_at FROM inbound_webhooks WHERE processed_at IS NULL')).toEqual([
      { attempts: 2, last_error: 'always broken', processed_at: null },
    ]);
    await query('DELETE FROM inbound_webhooks WHERE processed_at IS NULL');
  });

  it('shares rows between processors without processing one twice (SKIP LOCKED)', async () => {
    const count = 30;
    const [{ last }] = await query('SELECT coalesce(max(id), 0)::int AS last FROM inbound_webhooks');
    for (let index = 0; index < count; index++)
      await postWebhook(app, message(`wamid.P${index}`, `1415555${String(1000 + index)}`), APP_SECRET);
    const processors = [1, 2].map(
      () => new InboundWebhookProcessor(app.database.db, app.services.inbound, app.server.log, { batchSize: 4 }),
    );
    const results = await Promise.all(processors.map((processor) => processor.drain()));
    expect(results[0]!.claimed + results[1]!.claimed).toBe(count);
    expect(results[0]!.stored + results[1]!.stored).toBe(count);
    expect(results[0]!.duplicates + results[1]!.duplicates).toBe(0);
    expect(
      await query('SELECT count(*)::int AS n FROM inbound_webhooks WHERE id > $1 AND (processed_at IS NULL OR attempts <> 1)', [last]),
    ).toEqual([{ n: 0 }]);
  });

  it('is woken by the notification when the background runs', async () => {
    await app.background.start();
    try {
      await postWebhook(app, message('wamid.BG1'), APP_SECRET);
      await expect.poll(async () => (await getMessage('wamid.BG1')).statusCode, { timeout: 5_000, interval: 50 }).toBe(200);
    } finally {
      await app.background.stop();
    }
  });
});
