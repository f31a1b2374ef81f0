import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InboundWebhookProcessor } from '../../src/jobs/inbound-webhook-processor.js';
import { createChannel } from '../chats/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { inboundPayload, postWebhook } from './webhook-payloads.js';

let app: TestApp;
let workspaceId: number;
const APP_SECRET = 'batch-app-secret';
const PHONE_NUMBER_ID = '406540352249999';

beforeAll(async () => {
  app = await buildTestApp();
  const { apiKey } = await app.newWorkspace('Batches');
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Batch WhatsApp',
    settings: {
      phoneNumber: '+15550009999',
      phoneNumberId: PHONE_NUMBER_ID,
      businessAccountId: '102290129349999',
      accessToken: 'token-batch',
      appSecret: APP_SECRET,
      verifyToken: 'batch-verify',
    },
  });
  [{ workspaceId }] = await query(`SELECT workspace_id::int AS "workspaceId" FROM channels WHERE routing_key = $1`, [PHONE_NUMBER_ID]);
});
afterEach(() => vi.restoreAllMocks());

const query = async (text: string, values: unknown[] = []) => (await app.database.pool.query(text, values)).rows;
const message = (id: string, from: string) => inboundPayload(PHONE_NUMBER_ID, { id, from, type: 'text', text: { body: `text of ${id}` } });
const processor = (batchSize = 100) => new InboundWebhookProcessor(app.database.db, app.services.inbound, app.server.log, { batchSize });

describe('inbound deliveries stored in batches', () => {
  it('stores a batch at once: one contact per sender, the sender’s order, one message.created each, counters per chat', async () => {
    const senders = ['14155551001', '14155551002', '14155551003'];
    const posted: string[] = [];
    for (let round = 0; round < 4; round++)
      for (const sender of senders) {
        const id = `wamid.B${sender}-${round}`;
        posted.push(id);
        await postWebhook(app, message(id, sender), APP_SECRET);
      }
    // A retried delivery of the same provider id, within the batch.
    await postWebhook(app, message(`wamid.B${senders[0]}-0`, senders[0]!), APP_SECRET);
    const batches = vi.spyOn(app.services.inbound, 'receiveMessages');
    const single = vi.spyOn(app.services.inbound, 'receiveMessage');
    expect(await processor().drain()).toMatchObject({ claimed: 13, failed: 0, stored: 12, duplicates: 1 });
    expect(batches).toHaveBeenCalledTimes(1);
    expect(single).not.toHaveBeenCalled();

    for (const sender of senders) {
      const contacts = await query(`SELECT contact_id FROM contact_addresses WHERE workspace_id = $1 AND address = $2`, [
        workspaceId,
        `+${sender}`,
      ]);
      expect(contacts).toHaveLength(1);
      const messages = await query(
        `SELECT m.id, m.provider_id, m.chat_id FROM messages m WHERE m.workspace_id = $1 AND m.sender->>'address' = $2 ORDER BY m.id`,
        [workspaceId, `+${sender}`],
      );
      expect(messages.map((row) => row.provider_id)).toEqual([0, 1, 2, 3].map((round) => `wamid.B${sender}-${round}`));
      const [chat] = await query(
        'SELECT message_count, last_message_id, penultimate_message_id, owner_contact_id FROM chats WHERE workspace_id = $1 AND id = $2',
        [workspaceId, messages[0].chat_id],
      );
      expect(chat).toMatchObject({
        message_count: 4,
        last_message_id: messages[3].id,
        penultimate_message_id: messages[2].id,
        owner_contact_id: contacts[0].contact_id,
      });
    }
    const created = await query(
      `SELECT data->>'providerId' AS id, actor_kind FROM events WHERE workspace_id = $1 AND type = 'message.created' ORDER BY events.id`,
      [workspaceId],
    );
    expect(created.map((row) => row.id)).toEqual(posted);
    expect(new Set(created.map((row) => row.actor_kind))).toEqual(new Set(['contact']));
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type = 'contact.created'`, [
      workspaceId,
    ]);
    expect(n).toBe(3);
  });

  it('falls back to one delivery at a time when a batch fails, so one bad delivery holds up no other', async () => {
    for (const index of [1, 2, 3]) await postWebhook(app, message(`wamid.F${index}`, `1415555200${index}`), APP_SECRET);
    vi.spyOn(app.services.inbound, 'receiveMessages').mockRejectedValue(new Error('batch broken'));
    const real = app.services.inbound.receiveMessage.bind(app.services.inbound);
    vi.spyOn(app.services.inbound, 'receiveMessage').mockImplementation(async (channel, inbound) => {
      if (inbound.providerId === 'wamid.F2') throw new Error('bad delivery');
      return real(channel, inbound);
    });
    expect(await processor().processBatch()).toMatchObject({ claimed: 3, failed: 1, stored: 2 });
    const stored = await query(`SELECT provider_id FROM messages WHERE provider_id LIKE 'wamid.F%' ORDER BY id`);
    expect(stored.map((row) => row.provider_id)).toEqual(['wamid.F1', 'wamid.F3']);
    expect(await query(`SELECT last_error FROM inbound_webhooks WHERE processed_at IS NULL`)).toEqual([{ last_error: 'bad delivery' }]);
    await query('DELETE FROM inbound_webhooks WHERE processed_at IS NULL');
  });

  it('keeps one contact per address when batches of several processors name the same new senders', async () => {
    const senders = Array.from({ length: 10 }, (_, index) => `1415555300${index}`);
    for (let round = 0; round < 3; round++)
      for (const sender of senders) await postWebhook(app, message(`wamid.C${sender}-${round}`, sender), APP_SECRET);
    const results = await Promise.all([processor(4), processor(4), processor(4)].map((each) => each.drain()));
    expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(30);
    expect(results.reduce((sum, result) => sum + result.failed, 0)).toBe(0);
    const owners = await query(
      `SELECT address, count(DISTINCT contact_id)::int AS n FROM contact_addresses WHERE workspace_id = $1 AND address LIKE '+1415555300%' GROUP BY address`,
      [workspaceId],
    );
    expect(owners).toHaveLength(10);
    expect(owners.every((row) => row.n === 1)).toBe(true);
    const chats = await query(
      `SELECT owner_contact_id, count(*)::int AS n FROM chats WHERE workspace_id = $1 AND message_count > 0 GROUP BY owner_contact_id HAVING count(*) > 1`,
      [workspaceId],
    );
    expect(chats).toEqual([]);
  });
});
