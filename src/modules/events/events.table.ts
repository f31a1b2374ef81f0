import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

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
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), index('events_id_idx').on(table.id)],
);
