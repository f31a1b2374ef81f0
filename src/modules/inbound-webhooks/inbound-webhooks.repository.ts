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
  /**
   * The one sender whose messages the row carries (see inbound_webhooks.sender_key); null or
   * absent when it carries no message, or when its messages need no order among themselves.
   */
  senderKey?: string | null;
}

export interface InboundWebhookRow {
  workspaceId: number;
  id: number;
  channelId: number;
  provider: InboundProvider;
  senderKey: string | null;
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
  const rows = targets.map((target) => ({
    workspace_id: target.workspaceId,
    channel_id: target.channelId,
    sender_key: target.senderKey ?? null,
  }));
  const result = await db.execute<{ stored: number }>(sql`
    WITH inserted AS (
      INSERT INTO ${inboundWebhooks} (workspace_id, channel_id, provider, sender_key, payload)
      SELECT t.workspace_id, t.channel_id, ${provider}::text, t.sender_key, ${payloadJson}::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(workspace_id bigint, channel_id bigint, sender_key text)
      RETURNING 1
    ), counted AS (SELECT count(*)::int AS stored FROM inserted)
    SELECT stored, pg_notify(${INBOUND_WEBHOOKS_CHANNEL}, '') AS notified FROM counted`);
  return result.rows[0]?.stored ?? 0;
}

/** Advisory lock namespace of senders being processed (the key is a hash of channel and sender). */
const SENDER_LOCK_NAMESPACE = sql`hashtext('switchboard.inbound-sender')`;
const senderBucket = sql`hashtext(channel_id::text || ':' || sender_key)`;
const due = (maxAttempts: number) => sql`processed_at IS NULL AND next_attempt_at <= now() AND attempts < ${maxAttempts}`;

/**
 * Locks up to `limit` rows due for processing, skipping rows another processor holds, and
 * without ever taking a row of a sender whose earlier row another processor is working on.
 * The locks last as long as the transaction `db` is in.
 *
 * A sender's rows (same channel and sender_key) are processed by one transaction at a time, in
 * the order received: the first statement takes, without waiting, the advisory lock of each
 * sender among the earliest due rows (senders another processor holds are passed over), and
 * the second, with a snapshot taken once those locks are held (so every earlier holder of a
 * sender has committed and its rows read as processed), claims the due rows of those senders
 * and rows without a sender, in order. Only a holder of a sender's lock claims its rows, so an
 * earlier row of a sender this claim takes is either processed or claimed by it too. A row
 * whose processing failed waits for its retry without holding back its sender's later rows.
 */
export async function claimInboundWebhooks(db: Executor, limit: number, maxAttempts: number): Promise<InboundWebhookRow[]> {
  // The window bounds how many rows the lock attempts look at: rows of senders held elsewhere
  // are passed over, but not without end.
  const senders = await db.execute<{ bucket: number }>(sql`
    SELECT bucket FROM (
      SELECT ${senderBucket} AS bucket FROM ${inboundWebhooks}
      WHERE ${due(maxAttempts)} AND sender_key IS NOT NULL
      ORDER BY next_attempt_at, id
      LIMIT ${limit * 10}
    ) AS earliest
    WHERE pg_try_advisory_xact_lock(${SENDER_LOCK_NAMESPACE}, bucket)
    LIMIT ${limit}`);
  const held = [...new Set(senders.rows.map((row) => Number(row.bucket)))];
  const result = await db.execute<{
    workspace_id: number;
    id: number;
    channel_id: number;
    provider: InboundProvider;
    sender_key: string | null;
    payload: unknown;
    attempts: number;
  }>(sql`
    SELECT workspace_id, id, channel_id, provider, sender_key, payload, attempts FROM ${inboundWebhooks}
    WHERE ${due(maxAttempts)} AND (sender_key IS NULL OR ${senderBucket} = ANY(${`{${held.join(',')}}`}::int[]))
    ORDER BY next_attempt_at, id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`);
  return result.rows.map((row) => ({
    workspaceId: Number(row.workspace_id),
    id: Number(row.id),
    channelId: Number(row.channel_id),
    provider: row.provider,
    senderKey: row.sender_key,
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
