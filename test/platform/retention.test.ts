import { describe, expect, it } from 'vitest';
import { purgeExpiredRecords } from '../../src/jobs/retention.js';
import { createContact } from '../helpers/factories.js';
import { buildTestApp } from '../helpers/test-app.js';

describe('retention purge', () => {
  it('deletes processed inbound webhooks and events older than the retention, and nothing pending or recent', async () => {
    const app = await buildTestApp();
    const { apiKey } = await app.newWorkspace();
    const { workspaceId } = (await app.services.workspaces.authenticate(apiKey))!;
    const old = await createContact(app, apiKey, { firstName: 'Old' });
    const recent = await createContact(app, apiKey, { firstName: 'Recent' });
    const { pool } = app.database;
    await pool.query("UPDATE events SET created_at = now() - interval '40 days' WHERE (data->>'id')::bigint = $1", [old.id]);
    const insert = (processedAt: string | null, receivedAt: string) =>
      pool.query(
        `INSERT INTO inbound_webhooks (workspace_id, channel_id, provider, payload, received_at, processed_at)
         VALUES ($1, 1, 'whatsapp', '{}'::jsonb, now() - $2::interval, now() - $3::interval) RETURNING id`,
        [workspaceId, receivedAt, processedAt],
      );
    await insert('40 days', '40 days'); // processed long ago: purged
    await insert(null, '40 days'); // never processed: kept for its retries
    await insert('1 day', '1 day'); // recent: kept

    const purged = await purgeExpiredRecords(app.database.db, 30);
    expect(purged).toMatchObject({ inboundWebhooks: 1, events: 1 });
    const events = await pool.query("SELECT (data->>'id')::bigint AS id FROM events WHERE type = 'contact.created'");
    expect(events.rows.map((row) => Number(row.id))).toEqual([recent.id]);
    expect((await pool.query('SELECT count(*)::int AS n FROM inbound_webhooks')).rows[0].n).toBe(2);
    expect(await purgeExpiredRecords(app.database.db, 30)).toEqual({ inboundWebhooks: 0, deliveries: 0, events: 0 });
  });
});
