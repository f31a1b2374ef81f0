import { bigint, boolean, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * Team members of a workspace: who takes over a handed-off chat, owns contacts, is assigned
 * tasks and tickets. Never deleted, only deactivated, so what they did keeps its author.
 */
export const users = pgTable(
  'users',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** Stored lower case; unique per workspace. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `admin` or `agent`. */
    role: text('role').notNull().default('agent'),
    /** A deactivated member keeps their history but cannot be assigned. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('users_uuid_idx').on(table.workspaceId, table.uuid),
    uniqueIndex('users_email_idx').on(table.workspaceId, table.email),
  ],
);
