import { bigint, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * The record of a batch operation (bulk create / update): what it reported, kept so the
 * report can be read again by its `operationId` after the response is gone.
 */
export const operations = pgTable(
  'operations',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** The public `operationId`. */
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** What ran, e.g. `conversations.bulkCreate`. */
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), unique('operations_uuid_unique').on(table.workspaceId, table.uuid)],
);
