import { sql } from 'drizzle-orm';
import { bigint, customType, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ActorKind } from '../../shared/actor.js';
import { workspaces } from '../workspaces/workspaces.table.js';

/** PostgreSQL's 64-bit transaction id, read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The outbox: one row per domain change, written in the same transaction as the change.
 * Webhook deliveries and the realtime stream read from here, so no committed change is
 * missed and nothing uncommitted is announced.
 */
export const events = pgTable(
  'events',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Global, increasing: the realtime stream's event id and resume point. */
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** Stable public id: the same on every webhook retry and replay. */
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** `<entity>.<created|updated|deleted>`, e.g. `contact.created`. */
    type: text('type').notNull(),
    /** The entity as it is after the change (before it, for deletes). */
    data: jsonb('data').$type<unknown>().notNull(),
    /**
     * Who made the change (shared/actor.ts): `api_key`, `agent`, `user`, `contact` or `system`.
     * Events recorded before actors existed read as `system`.
     */
    actorKind: text('actor_kind').$type<ActorKind>().notNull().default('system'),
    /** The API key's, agent's, user's or contact's public id; null for `system`. */
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    /**
     * The writing transaction. Ids are handed out before commit, so a reader that pages by id
     * alone can pass an id whose transaction commits later and miss it for good. Readers go in
     * (transaction_id, id) order and stop below the oldest transaction still running (see
     * events.repository.ts), which makes every read gapless.
     */
    transactionId: xid8('transaction_id')
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('events_id_idx').on(table.id),
    index('events_transaction_idx').on(table.transactionId, table.id),
    index('events_workspace_transaction_idx').on(table.workspaceId, table.transactionId, table.id),
  ],
);

/**
 * How far a background reader of all workspaces' events (an outbox consumer, see
 * consumers.ts; the webhook dispatcher is one) has got. One row per consumer; a process works on it only while it holds the row lock, so several
 * server processes share the work without doing it twice.
 */
export const eventCursors = pgTable('event_cursors', {
  name: text('name').primaryKey(),
  transactionId: xid8('transaction_id').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
});
