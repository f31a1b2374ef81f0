import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { defineJob } from './define-job.js';

/** Rows one purge deletes per table: hourly runs catch up on a backlog without long locks. */
const PURGE_BATCH = 10_000;

export interface PurgedRecords {
  inboundWebhooks: number;
  deliveries: number;
  events: number;
}

/**
 * Deletes what is only history once it is older than `retentionDays`: processed inbound
 * webhook payloads, finished webhook deliveries, and events no delivery still points at.
 * Pending work is never touched; a realtime client cannot resume from a purged event.
 */
export async function purgeExpiredRecords(db: Database, retentionDays: number): Promise<PurgedRecords> {
  const cutoff = sql`now() - make_interval(days => ${retentionDays})`;
  const inboundWebhooks = await db.execute(sql`
    DELETE FROM inbound_webhooks WHERE ctid IN (
      SELECT ctid FROM inbound_webhooks WHERE processed_at < ${cutoff} LIMIT ${PURGE_BATCH})`);
  const deliveries = await db.execute(sql`
    DELETE FROM webhook_deliveries WHERE ctid IN (
      SELECT ctid FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ${cutoff} LIMIT ${PURGE_BATCH})`);
  const events = await db.execute(sql`
    DELETE FROM events WHERE ctid IN (
      SELECT e.ctid FROM events e
      WHERE e.created_at < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id)
      LIMIT ${PURGE_BATCH})`);
  return { inboundWebhooks: inboundWebhooks.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0, events: events.rowCount ?? 0 };
}

/** Deletes history past RETENTION_DAYS, hourly. */
export const retentionPurgeJob = defineJob({
  name: 'retention-purge',
  schema: z.object({}),
  concurrency: 1,
  schedule: '17 * * * *',
  async handler(_data, { db, config, log }) {
    const purged = await purgeExpiredRecords(db, config.RETENTION_DAYS);
    if (purged.inboundWebhooks + purged.deliveries + purged.events > 0) log.info({ purged }, 'purged records past RETENTION_DAYS');
  },
});
