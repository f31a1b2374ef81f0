import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InboundWebhookProcessor } from '../../src/jobs/inbound-webhook-processor.js';
import { createChannel } from '../chats/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { inboundPayload, postWebhook } from './webhook-payloads.js';

let app: TestApp;
let workspaceId: number;
const APP_SECRET = 'ordering-app-secret';
const PHONE_NUMBER_ID = '406540352248888';

beforeAll(async () => {
  app = await buildTestApp();
  const { apiKey } = await app.newWorkspace('Ordering');
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Ordering WhatsApp',
    settings: {
      phoneNumber: '+15550008888',
      phoneNumberId: PHONE_NUMBER_ID,
      businessAccountId: '102290129348888',
      accessToken: 'token-ordering',
      appSecret: APP_SECRET,
      verifyToken: 'ordering-verify',
    },
  });
  [{ workspaceId }] = await query(`SELECT workspace_id::int AS "workspaceId" FROM channels WHERE routing_key = $1`, [PHONE_NUMBER_ID]);
});
afterEach(() => vi.restoreAllMocks());

const query = async (text: string, values: unknown[] = []) => (await app.database.pool.query(text, values)).rows;
const message = (id: string, from: string) => inboundPayload(PHONE_NUMBER_ID, { id, from, type: 'text', text: { body: `text of ${id}` } });
const processor = (batchSize: number) => new InboundWebhookProcessor(app.database.db, app.services.inbound, app.server.log, { batchSize });

/** Each sender's stored messages (by their order in the database) as `<round>` numbers. */
async function roundsBySender(prefix: string): Promise<Map<string, number[]>> {
  const rows = await query(
    `SELECT sender->>'address' AS address, provider_id FROM messages WHERE workspace_id = $1 AND provider_id LIKE $2 ORDER BY id`,
    [workspaceId, `${prefix}%`],
  );
  const rounds = new Map<string, number[]>();
  for (const row of rows) rounds.set(row.address, [...(rounds.get(row.address) ?? []), Number(row.provider_id.split('-').pop())]);
  return rounds;
}

describe('a sender’s messages keep their order across processors', () => {
  it('a processor takes no delivery of a sender whose earlier delivery another processor is working on', async () => {
    const senders = Array.from({ length: 12 }, (_, index) => `1415557${String(index).padStart(4, '0')}`);
    const rounds = 4;
    for (let round = 0; round < rounds; round++)
      for (const sender of senders) await postWebhook(app, message(`wamid.P${sender}-${round}`, sender), APP_SECRET);
    // The first processor claims the first 5 deliveries (round 0 of 5 senders), then waits
    // before storing them while a second processor drains everything else it may take.
    const real = app.services.inbound.receiveMessages.bind(app.services.inbound);
    let release!: () => void;
    let pause: Promise<void> | undefined = new Promise<void>((resolve) => (release = resolve));
    let paused!: () => void;
    const holding = new Promise<void>((resolve) => (paused = resolve));
    vi.spyOn(app.services.inbound, 'receiveMessages').mockImplementation(async (items, tx) => {
      const wait = pause;
      pause = undefined;
      if (wait) {
        paused();
        await wait;
      }
      return real(items, tx);
    });
    const first = processor(5).drain();
    await holding;
    try {
      const second = await processor(5).drain();
      // Everything of the 7 other senders; nothing of the 5 whose first delivery is held.
      expect(second).toMatchObject({ stored: 7 * rounds, failed: 0 });
    } finally {
      release();
      await first;
    }
    await Promise.all([processor(5).drain(), processor(5).drain()]);
    const stored = await roundsBySender('wamid.P');
    const expected = Array.from({ length: rounds }, (_, round) => round);
    for (const sender of senders) expect({ sender, rounds: stored.get(`+${sender}`) }).toEqual({ sender, rounds: expected });
  });

  it('two processors draining the same deliveries at once store every sender’s messages in the order received', async () => {
    const senders = Array.from({ length: 30 }, (_, index) => `1415556${String(index).padStart(4, '0')}`);
    const rounds = 6;
    // Round after round, so that each sender's deliveries are spread over many batches.
    for (let round = 0; round < rounds; round++)
      for (const sender of senders) {
        const response = await postWebhook(app, message(`wamid.O${sender}-${round}`, sender), APP_SECRET);
        expect(response.statusCode).toBe(200);
      }
    const results = await Promise.all([processor(7), processor(7)].map((each) => each.drain()));
    expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(senders.length * rounds);
    expect(results.reduce((sum, result) => sum + result.failed, 0)).toBe(0);
    // Both processors did part of the work.
    expect(results.every((result) => result.claimed > 0)).toBe(true);

    const stored = await roundsBySender('wamid.O');
    expect(stored.size).toBe(senders.length);
    const expected = Array.from({ length: rounds }, (_, round) => round);
    for (const sender of senders) expect({ sender, rounds: stored.get(`+${sender}`) }).toEqual({ sender, rounds: expected });
    // Each chat's counters and last message agree with the order.
    const chats = await query(
      `SELECT c.message_count, m.provider_id FROM chats c JOIN messages m ON m.workspace_id = c.workspace_id AND m.id = c.last_message_id
       WHERE c.workspace_id = $1 AND m.provider_id LIKE 'wamid.O%'`,
      [workspaceId],
    );
    expect(chats).toHaveLength(senders.length);
    for (const chat of chats) expect(chat).toMatchObject({ message_count: rounds, provider_id: expect.stringMatching(/-5$/) });
  });

  it('stores a delivery with messages of several senders as one row per sender, each message once', async () => {
    const body = inboundPayload(PHONE_NUMBER_ID, { id: 'wamid.M1-0', from: '14155558001', type: 'text', text: { body: 'one' } }) as {
      entry: { changes: { value: { messages: object[] } }[] }[];
    };
    body.entry[0]!.changes[0]!.value.messages.push(
      { id: 'wamid.M2-0', from: '14155558002', timestamp: '1700000000', type: 'text', text: { body: 'two' } },
      { id: 'wamid.M1-1', from: '14155558001', timestamp: '1700000001', type: 'text', text: { body: 'three' } },
    );
    const response = await postWebhook(app, body, APP_SECRET);
    expect(response.json()).toEqual({ queued: 2, ignored: 0 });
    const rows = await query(`SELECT sender_key FROM inbound_webhooks WHERE processed_at IS NULL ORDER BY id`);
    expect(rows.map((row) => row.sender_key)).toEqual(['+14155558001', '+14155558002']);
    expect(await processor(10).drain()).toMatchObject({ claimed: 2, stored: 3, duplicates: 0, failed: 0 });
    const stored = await roundsBySender('wamid.M');
    expect(Object.fromEntries(stored)).toEqual({ '+14155558001': [0, 1], '+14155558002': [0] });
  });
});
