import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { inboundWebhooks } from './inbound-webhooks.table.js';

/** NOTIFY channel that wakes the inbound webhook processors of every server process. */
export const INBOUND_WEBHOOKS_CHANNEL = 'switchboard_inbound_webhooks';

/** The provider an inbound delivery came from: the `provider` of a channel adapter's inbound handler. */
export type InboundProvider = string;

/** Where a delivery goes: one row is stored per target. */
export interface InboundTarget {
  workspaceId: number;
  channelId: number;
}

export interface InboundWebhookRow {
  workspaceId: number;
  id: number;
  channelId: number;
  provider: InboundProvider;
  payload: unknown;
  attempts: number;
}

/**
 * Stores a verified delivery (its JSON text) once per target and announces it, in one statement.
 * Returns the rows stored.
 */
export async function enqueueInboundWebhook(
  db: Executor,
  provider: InboundProvider,
  targets: InboundTarget[],
  payloadJson: string,
): Promise<number> {
  if (targets.length === 0) return 0;
  const rows = targets.map((target) => ({ workspace_id: target.workspaceId, channel_id: target.channelId }));
  const result = await db.execute<{ stored: number }>(sql`
    WITH inserted AS (
      INSERT INTO ${inboundWebhooks} (workspace_id, channel_id, provider, payload)
      SELECT t.workspace_id, t.channel_id, ${provider}::text, ${payloadJson}::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(workspace_id bigint, channel_id bigint)
      RETURNING 1
    ), counted AS (SELECT count(*)::int AS stored FROM inserted)
    SELECT stored, pg_notify(${INBOUND_WEBHOOKS_CHANNEL}, '') AS notified FROM counted`);
  return result.rows[0]?.stored ?? 0;
}

/**
 * Locks up to `limit` rows due for processing, skipping rows another processor holds. The
 * locks last as long as the transaction `db` is in.
 */
export async function claimInboundWebhooks(db: Executor, limit: number, maxAttempts: number): Promise<InboundWebhookRow[]> {
  const result = await db.execute<{
    workspace_id: number;
    id: number;
    channel_id: number;
    provider: InboundProvider;
    payload: unknown;
    attempts: number;
  }>(sql`
    SELECT workspace_id, id, channel_id, provider, payload, attempts FROM ${inboundWebhooks}
    WHERE processed_at IS NULL AND next_attempt_at <= now() AND attempts < ${maxAttempts}
    ORDER BY next_attempt_at, id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`);
  return result.rows.map((row) => ({
    workspaceId: Number(row.workspace_id),
    id: Number(row.id),
    channelId: Number(row.channel_id),
    provider: row.provider,
    payload: row.payload,
    attempts: row.attempts,
  }));
}

export async function markInboundWebhooksProcessed(db: Executor, rows: Pick<InboundWebhookRow, 'workspaceId' | 'id'>[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = rows.map((row) => ({ workspace_id: row.workspaceId, id: row.id }));
  await db.execute(sql`
    UPDATE ${inboundWebhooks} AS w SET processed_at = now(), attempts = w.attempts + 1, last_error = NULL
    FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(workspace_id bigint, id bigint)
    WHERE w.workspace_id = k.workspace_id AND w.id = k.id`);
}

export async function markInboundWebhookFailed(
  db: Executor,
  row: Pick<InboundWebhookRow, 'workspaceId' | 'id'>,
  error: string,
  retryInMs: number,
): Promise<void> {
  await db.execute(sql`
    UPDATE ${inboundWebhooks} SET attempts = attempts + 1, last_error = ${error},
      next_attempt_at = now() + ${retryInMs} * interval '1 millisecond'
    WHERE workspace_id = ${row.workspaceId} AND id = ${row.id}`);
}
