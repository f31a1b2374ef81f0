import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * Provider webhook deliveries as received, after their signature was checked and before they
 * are processed: the webhook answers once its row is stored, and the background processor
 * (inbound-webhook-processor.ts) turns rows into contacts, chats, messages and statuses.
 * One row per delivery and channel it routes to.
 */
export const inboundWebhooks = pgTable(
  'inbound_webhooks',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    channelId: bigint('channel_id', { mode: 'number' }).notNull(),
    /** Whose delivery it is: picks the channel adapter that processes it (adapters/registry.ts). */
    provider: text('provider').notNull(),
    /**
     * Whose messages the row carries (the contact's address as the provider names it, e.g. a
     * WhatsApp `from`), null for a row of statuses only: rows of one sender on one channel are
     * processed one claim after another, in the order received (claimInboundWebhooks).
     */
    senderKey: text('sender_key'),
    /** The verified body, parsed. */
    payload: jsonb('payload').$type<unknown>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date', precision: 3 }),
    /** Processing attempts made; a row that failed this many times (the cap) is left for a person to look at. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When an unprocessed row may be tried (again): now when received, later after a failure. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('inbound_webhooks_unprocessed_idx')
      .on(table.nextAttemptAt, table.id)
      .where(sql`${table.processedAt} IS NULL`),
  ],
);
