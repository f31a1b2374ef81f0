import { bigint, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

/** A pipeline (sales, support, onboarding, ...) whose ordered statuses conversations move through. */
export const funnels = pgTable(
  'funnels',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('funnels_created_idx').on(table.workspaceId, table.createdAt, table.id),
  ],
);

/** A stage of a funnel. Positions are kept dense (0, 1, 2, ...) by the service. */
export const funnelStatuses = pgTable(
  'funnel_statuses',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    funnelId: bigint('funnel_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    /** 0-based place in the funnel; not unique in the table because moves shift several rows in one statement. */
    position: integer('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.funnelId],
      foreignColumns: [funnels.workspaceId, funnels.id],
      name: 'funnel_statuses_funnel_fk',
    }).onDelete('cascade'),
    unique('funnel_statuses_name_unique').on(table.workspaceId, table.funnelId, table.name),
    // Target of the conversations' (funnel, status) foreign key: a status belongs to one funnel.
    unique('funnel_statuses_funnel_id_unique').on(table.workspaceId, table.funnelId, table.id),
  ],
);
